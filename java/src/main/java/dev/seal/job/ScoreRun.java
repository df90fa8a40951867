package dev.seal.job;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.gguf.GgufValidator;
import dev.seal.score.InProcessBackend;
import dev.seal.score.Progress;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoringBackend;
import dev.seal.score.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One resumable scoring run, as {@code seal score} does it and {@code seal run}'s score steps reuse it: the model
 * identified by its digest and validated in Java before native code reads it, a job directory beside the output
 * ({@link ShardedJob}) that a rerun with the same inputs and options resumes, the engine in a supervised worker (or in
 * this process), and at the end the scores file assembled from the shards.
 */
public final class ScoreRun {
    /**
     * @param model         the reward model
     * @param sha256        refuse the model unless its SHA-256 is this (null: identify it by a remembered digest)
     * @param data          the pairs
     * @param format        the pairs' format
     * @param out           the scores file
     * @param errors        the errors file
     * @param setup         how the engine is opened (model path, device, scorer options, formatting)
     * @param shardRows     input rows per shard
     * @param settings      batch sizes and the text limit of the scoring loop
     * @param inProcess     run the engine in this process rather than a supervised worker
     * @param workerTimeout milliseconds one batch may take before the worker is restarted (0: no limit)
     * @param restart       discard an unfinished earlier job on this output, even one with other inputs or options
     * @param keepParts     keep the job directory after success
     * @param progress      show a progress line on stderr
     * @param devices       one worker per device over the same job (empty: one worker, or this process)
     */
    public record Request(Path model, String sha256, Path data, Format format, Path out, Path errors,
                          InProcessBackend.Setup setup, long shardRows, ScoreJob.Settings settings,
                          boolean inProcess, long workerTimeout, boolean restart, boolean keepParts, boolean progress,
                          List<Backend.Device> devices) {
        /** The options that change what is computed, by name: a resumed job must have the same ones. */
        Map<String, String> options() {
            Scorer.Options so = setup.scorer();
            String template = setup.template();
            Map<String, String> m = new TreeMap<>();
            m.put("format", format.name());
            m.put("raw", String.valueOf(setup.raw()));
            m.put("chat_template_sha256", template == null ? "model's"
                    : GgufValidator.sha256Of(template.getBytes(StandardCharsets.UTF_8)));
            m.put("max_tokens", orDefault(so.maxTokens()));
            m.put("truncate", setup.truncation().name());
            m.put("content_tokens", setup.contentTokens().name());
            m.put("batch_tokens", orDefault(so.batchTokens()));
            m.put("chunk_pairs", String.valueOf(settings.chunkPairs()));
            m.put("share_prefix", String.valueOf(so.sharePrefix()));
            m.put("exact", String.valueOf(so.kvF32()));
            m.put("gpu_layers", String.valueOf(setup.gpuLayers()));
            m.put("max_text_bytes", String.valueOf(settings.maxTextBytes()));
            return m;
        }

        /** 0 is the engine's default, which the manifest names as such (a default may change with the model). */
        private static String orDefault(int n) {
            return n == 0 ? "default" : String.valueOf(n);
        }
    }

    /**
     * @param summary     counts of the whole job, earlier runs' shards included
     * @param resumedRows rows an interrupted earlier run had done, which this run resumed after (0: none)
     */
    public record Outcome(Summary summary, long resumedRows) {}

    private ScoreRun() {}

    /**
     * Scores (or resumes scoring, or finds already scored) every pair and writes the scores and errors files.
     *
     * @param only  the ids of the pairs to score (e.g. the copies a similarity filter kept), or null for every pair;
     *              rows that cannot be read still go to the errors file. A resumed job must be given the same ids,
     *              since a resume skips the rows earlier runs read
     * @param notes where to say what the run is doing beyond scoring (hashing, resuming, splitting batches), a line each
     */
    public static Outcome run(Request r, Set<String> only, Consumer<String> notes) throws IOException {
        // the model is untrusted: checksum and Java validation before any native code sees it. A pinned sha256 is
        // checked on the whole file every time; otherwise the model is identified by a digest computed once per file
        FileDigests digests = FileDigests.userCache();
        String modelSha = r.sha256() != null ? digests.remember(r.model(), m -> Model.checkSha256(m, r.sha256()), notes)
                : digests.sha256(r.model(), notes);
        Model.validate(r.model(), GgufValidator.Scope.FULL);
        JobManifest wanted = new JobManifest(JobManifest.FORMAT, JobManifest.FileId.of(r.data(), null),
                JobManifest.FileId.of(r.model(), modelSha), Backend.withoutDevices().buildInfo(), r.options(), null,
                r.shardRows(), List.of(), false, 0);
        try (ShardedJob job = ShardedJob.open(r.out(), r.errors(), wanted, r.restart(), r.keepParts(), notes)) {
            long resumed = 0;
            if (!job.manifest().complete()) {
                resumed = job.resumeFrom();
                score(job, r, only, notes);
            }
            return new Outcome(job.assemble(r.out()), resumed);
        }
    }

    private static void score(ShardedJob job, Request r, Set<String> only, Consumer<String> notes)
            throws IOException {
        Progress progress = r.progress() ? Progress.onStderr(only != null ? only.size() : expectedRows(r.data())) : null;
        if (progress != null && job.resumeFrom() > 0) {
            progress.add(job.resumedScored(), 0);
            progress.addErrors(job.resumedErrors());
        }
        ParallelShards.Readers readers = () -> only == null ? Datasets.open(r.data(), r.format())
                : only(Datasets.open(r.data(), r.format()), only);
        List<ScoringBackend> backends = new ArrayList<>();
        try {
            if (r.devices().isEmpty()) {
                backends.add(r.inProcess() ? InProcessBackend.open(r.setup())
                        : WorkerBackend.start(r.setup(), r.workerTimeout(), 64, notes));
                job.labels(backends.getFirst().labels());
                try (PairReader reader = readers.open()) {
                    new ScoreJob(backends.getFirst(), r.settings(), notes).run(reader, r.data().toString(),
                            job.resumeFrom(), r.shardRows(), job, progress);
                }
            } else {
                List<Consumer<String>> workerNotes = new ArrayList<>();
                for (int k = 0; k < r.devices().size(); k++) {
                    Backend.Device d = r.devices().get(k);
                    String who = "worker " + k + " (device " + d.index() + "): ";
                    Consumer<String> n = line -> notes.accept(who + line);
                    workerNotes.add(n);
                    backends.add(WorkerBackend.onDevice(r.setup(), d, r.workerTimeout(), 64, n));
                    job.labels(backends.get(k).labels());
                }
                ParallelShards.run(job, backends, workerNotes, r.settings(), readers, r.data().toString(),
                        r.shardRows(), progress);
            }
        } finally {
            for (ScoringBackend b : backends) {
                b.close();
            }
            if (progress != null) {
                progress.finish();
            }
        }
    }

    /** The reader's rows less the good rows whose id is not in {@code ids}. */
    private static PairReader only(PairReader reader, Set<String> ids) {
        return new PairReader() {
            @Override
            public Row next() throws IOException {
                for (Row row = reader.next(); row != null; row = reader.next()) {
                    if (!(row instanceof Row.Ok ok) || ids.contains(ok.pair().id())) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /**
     * Rows to expect, for the progress line's percentage and ETA: non-blank lines of a JSON Lines file
     * (a streaming pass, fast next to scoring); -1 (unknown) for other formats.
     */
    static long expectedRows(Path data) {
        String name = data.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.matches(".*\\.jsonl?(\\.gz)?")) {
            return -1;
        }
        try (var in = Files.newInputStream(data);
             var raw = name.endsWith(".gz") ? new java.util.zip.GZIPInputStream(in, 1 << 16) : in;
             var rd = new java.io.BufferedReader(new java.io.InputStreamReader(raw, java.nio.charset.StandardCharsets.UTF_8))) {
            return rd.lines().filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;  // the reader will report the problem with the row that has it
        }
    }
}
