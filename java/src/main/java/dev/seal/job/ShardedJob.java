package dev.seal.job;

import dev.seal.io.AtomicFiles;
import dev.seal.data.ErrorWriter;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoreWriter;
import dev.seal.score.Summary;
import dev.seal.score.SummaryBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A resumable, loss-free scoring job: the {@link ScoreJob.Sink} that turns the job's entries into shards on disk.
 *
 * <p>The job directory sits next to the output ({@code <out>.parts/}) and holds {@code manifest.json}
 * ({@link JobManifest}) and one file per complete shard ({@code shard-000000.bin}, {@link ShardCodec}). A shard holds
 * exactly one entry (a scored pair or an error) for each input row of its range. Committing a shard: write
 * {@code shard-N.bin.tmp}, flush, fsync, rename, fsync the directory; then the manifest, the same way. A kill at any
 * moment leaves the manifest naming only complete, checksummed shards, so a rerun with the same arguments resumes
 * after the last of them; a rerun with another input, model, option or engine build is refused unless the job is
 * restarted.
 *
 * <p>The errors file is kept in step with the shards (rebuilt from them when a job resumes, appended to as each shard
 * commits), so it can be followed during a run and ends up exactly the union of the shards' errors. It is first
 * written when there is a shard to take errors from, so a run that fails before its first shard (a bad model, say)
 * leaves an earlier run's errors file as it was, beside that run's scores. At the end
 * {@link #assemble} writes the scores file from the shards through {@link ScoreWriter} (temporary file, rename),
 * replays them into the summary, marks the manifest complete and removes the directory (unless asked to keep it).
 */
public final class ShardedJob implements ScoreJob.Sink, AutoCloseable {
    private static final String MANIFEST = "manifest.json";
    private static final String LOCK = "lock";

    private final Path dir;
    private final Path errorsPath;
    private final boolean keepParts;
    private final Consumer<String> notes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long startNanos = System.nanoTime();
    private JobManifest manifest;
    private ErrorWriter errors;
    private final List<ScoreJob.Entry> pending = new ArrayList<>();
    private long segmentStart;
    private long segmentNanos = System.nanoTime();
    private final long resumedScored;
    private final long resumedErrors;
    private final long resumedRows;

    /** The job directory for an output file. */
    public static Path dirFor(Path out) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".parts");
    }

    private ShardedJob(Path dir, Path errorsPath, boolean keepParts, Consumer<String> notes, FileChannel lockChannel,
                       FileLock lock, JobManifest manifest) throws IOException {
        this.dir = dir;
        this.errorsPath = errorsPath;
        this.keepParts = keepParts;
        this.notes = notes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.manifest = manifest;
        this.segmentStart = manifest.done();
        long s = 0;
        long e = 0;
        for (JobManifest.Shard sh : manifest.shards()) {
            s += sh.scored();
            e += sh.errors();
        }
        resumedScored = s;
        resumedErrors = e;
        resumedRows = manifest.done();
    }

    /**
     * Opens (or starts) the job for {@code out}.
     *
     * @param wanted  the job as this run describes it (no shards)
     * @param restart discard whatever an earlier run left, even an incompatible job
     * @throws IllegalArgumentException when an earlier, unfinished job on this output differs in input, model or
     *                                  options and {@code restart} is false (the message lists the differences)
     * @throws IOException              when another run holds the job, or the directory cannot be used
     */
    public static ShardedJob open(Path out, Path errorsPath, JobManifest wanted, boolean restart, boolean keepParts,
                                  Consumer<String> notes) throws IOException {
        Path dir = dirFor(out);
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException(dir + " is in use by another seal score run on the same output");
        }
        try {
            JobManifest m = prepare(dir, wanted, restart, notes);
            ShardedJob job = new ShardedJob(dir, errorsPath, keepParts, notes, ch, lock, m);
            job.rebuildErrors();
            return job;
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    private static JobManifest prepare(Path dir, JobManifest wanted, boolean restart, Consumer<String> notes)
            throws IOException {
        Path mp = dir.resolve(MANIFEST);
        JobManifest found = null;
        if (Files.exists(mp)) {
            try {
                found = JobManifest.read(mp);
            } catch (IOException | RuntimeException e) {
                if (!restart) {
                    throw new IllegalArgumentException(mp + " is unreadable (" + e.getMessage() + "): pass --restart to"
                            + " start the job over");
                }
            }
        }
        if (found != null && !restart && found.shards().isEmpty() && !found.complete()) {
            found = null; // an earlier run that completed no shard: nothing to resume, nothing to lose
        }
        if (found != null && !restart) {
            found.buildDifference(wanted).ifPresent(why -> {
                throw new IllegalArgumentException(why + " (" + dir + ")");
            });
            List<String> diff = found.differences(wanted);
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException("an unfinished job on this output was started with other inputs or"
                        + " options (" + dir + "):\n  " + String.join("\n  ", diff)
                        + "\npass --restart to discard its " + found.shards().size() + " shard(s) and start over,"
                        + " or rerun with the original arguments to resume it");
            }
        }
        if (found == null || restart) {
            if (found != null) {
                notes.accept("--restart: discarding the earlier job in " + dir + " (" + found.shards().size()
                        + " shard(s))");
            }
            deleteContents(dir);
            JobManifest fresh = wanted.withShards(List.of()).withComplete(false);
            Durable.write(mp, fresh.toJson(), null);
            return fresh;
        }
        // resume: keep the listed shards that are intact, in order, up to the first damaged one
        List<JobManifest.Shard> good = new ArrayList<>();
        long expect = 0;
        for (JobManifest.Shard s : found.shards()) {
            Path f = dir.resolve(s.file());
            String why = null;
            if (s.from() != expect || s.to() < s.from() || s.scored() + s.errors() != s.to() - s.from()) {
                why = "its row range does not follow on";
            } else if (!Files.isRegularFile(f) || Files.size(f) != s.bytes()) {
                why = "its file is missing or has the wrong size";
            } else if (!dev.seal.gguf.GgufValidator.sha256(f).equals(s.sha256())) {
                why = "its checksum does not match";
            }
            if (why != null) {
                notes.accept("shard " + s.index() + " of the earlier run is unusable (" + why + "): redoing rows from "
                        + s.from());
                break;
            }
            good.add(s);
            expect = s.to();
        }
        JobManifest m = found.withShards(good);
        // drop temporary files and shards the manifest does not name (written, not committed, before a kill)
        List<String> keep = good.stream().map(JobManifest.Shard::file).toList();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp") || (n.startsWith("shard-") && !keep.contains(n))) {
                    Files.delete(p);
                }
            }
        }
        if (good.size() != found.shards().size()) {
            Durable.write(mp, m.toJson(), null);
        }
        if (!good.isEmpty() && !m.complete()) {
            notes.accept("resuming the job in " + dir + " after row " + m.done() + " (" + good.size()
                    + " complete shard(s))");
        }
        return m;
    }

    private static void deleteContents(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(LOCK)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The errors file, rewritten from the complete shards (a kill may have left a partial shard's errors in it); not
     * touched yet when there are none.
     */
    private void rebuildErrors() throws IOException {
        if (manifest.shards().isEmpty()) {
            return;
        }
        errors = ErrorWriter.open(errorsPath);
        for (JobManifest.Shard s : manifest.shards()) {
            for (ScoreJob.Entry e : read(s)) {
                if (e instanceof ScoreJob.Error x) {
                    errors.write(x.stage(), x.error());
                }
            }
        }
    }

    private List<ScoreJob.Entry> read(JobManifest.Shard s) throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve(s.file()));
        if (!dev.seal.gguf.GgufValidator.sha256Of(b).equals(s.sha256())) {
            throw new IOException(dir.resolve(s.file()) + " changed since it was written (checksum mismatch)");
        }
        return ShardCodec.decode(b);
    }

    public Path dir() {
        return dir;
    }

    public JobManifest manifest() {
        return manifest;
    }

    /** Rows done by earlier runs: the scorer starts after them. */
    public long resumeFrom() {
        return manifest.done();
    }

    /** Pairs scored and rows failed in the shards earlier runs completed (for the progress line). */
    public long resumedScored() {
        return resumedScored;
    }

    public long resumedErrors() {
        return resumedErrors;
    }

    /** Records the model's labels; a resumed job must have the same ones. */
    public void labels(List<String> labels) throws IOException {
        if (manifest.labels() != null && !manifest.labels().equals(labels)) {
            throw new IllegalArgumentException("the model's labels " + labels + " differ from the job's "
                    + manifest.labels() + ": pass --restart to start over");
        }
        if (manifest.labels() == null) {
            manifest = manifest.withLabels(labels);
            Durable.write(dir.resolve(MANIFEST), manifest.toJson(), null);
        }
    }

    @Override
    public void accept(ScoreJob.Entry e) {
        pending.add(e);
    }

    @Override
    public void segmentEnd(long position, boolean last) throws IOException {
        if (position <= segmentStart && pending.isEmpty()) {
            return; // nothing new (a resumed job that was already at the end)
        }
        long rows = position - segmentStart;
        if (pending.size() != rows) {
            throw new IllegalStateException("shard for rows [" + segmentStart + ", " + position + ") has "
                    + pending.size() + " entries, not one per row");
        }
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).position() != segmentStart + i) {
                throw new IllegalStateException("entry " + i + " of the shard is for row " + pending.get(i).position()
                        + ", expected " + (segmentStart + i));
            }
        }
        int index = manifest.shards().size();
        String name = String.format(Locale.ROOT, "shard-%06d.bin", index);
        byte[] bytes = ShardCodec.encode(segmentStart, position, pending);
        Durable.write(dir.resolve(name), bytes, WritePoint.SHARD_PARTIAL);
        WritePoint.SHARD_RENAMED.pass();
        long nErrors = pending.stream().filter(e -> e instanceof ScoreJob.Error).count();
        long now = System.nanoTime();
        JobManifest.Shard s = new JobManifest.Shard(index, segmentStart, position, rows - nErrors, nErrors, name,
                bytes.length, dev.seal.gguf.GgufValidator.sha256Of(bytes), (now - segmentNanos) / 1e9);
        manifest = manifest.withShard(s);
        Durable.write(dir.resolve(MANIFEST), manifest.toJson(), WritePoint.MANIFEST_PARTIAL);
        if (errors == null) {
            errors = ErrorWriter.open(errorsPath);
        }
        for (ScoreJob.Entry e : pending) {
            if (e instanceof ScoreJob.Error x) {
                errors.write(x.stage(), x.error());
            }
        }
        pending.clear();
        segmentStart = position;
        segmentNanos = now;
    }

    /**
     * Writes the scores file from the shards and the summary from replaying them; marks the job complete and removes
     * its directory unless it is to be kept.
     */
    public Summary assemble(Path out) throws IOException {
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " entries not committed to a shard");
        }
        double earlier = 0;
        long scored = 0;
        for (JobManifest.Shard s : manifest.shards()) {
            scored += s.scored();
        }
        SummaryBuilder summary = new SummaryBuilder();
        ScoreWriter writer = ScoreWriter.open(out, manifest.labels());
        try {
            long written = 0;
            for (JobManifest.Shard s : manifest.shards()) {
                if (s.to() <= resumedRows) {
                    earlier += s.seconds();
                }
                for (ScoreJob.Entry e : read(s)) {
                    switch (e) {
                        case ScoreJob.Result r -> {
                            writer.write(r.record());
                            summary.add(r.record());
                            if (++written == scored / 2) {
                                WritePoint.ASSEMBLE_PARTIAL.pass();
                            }
                        }
                        case ScoreJob.Error x -> summary.error(x.error());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        writer.close();
        AtomicFiles.syncFile(writer.path());
        AtomicFiles.syncDir(writer.path().getParent());
        if (errors == null) {
            errors = ErrorWriter.open(errorsPath); // an input with no rows still gets its (empty) errors file
        }
        errors.close();
        AtomicFiles.syncFile(errorsPath);
        WritePoint.ASSEMBLE_PUBLISHED.pass();
        manifest = manifest.withComplete(true);
        Durable.write(dir.resolve(MANIFEST), manifest.toJson(), null);
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos).plusMillis((long) (earlier * 1000));
        return summary.build(wall);
    }

    @Override
    public void close() throws IOException {
        try {
            if (errors != null) {
                errors.close();
            }
        } finally {
            lock.release();
            lockChannel.close();
            boolean nothingDone = !manifest.complete() && manifest.shards().isEmpty();
            if ((manifest.complete() && !keepParts) || nothingDone) {
                deleteContents(dir);
                Files.deleteIfExists(dir.resolve(LOCK));
                Files.deleteIfExists(dir);
            }
        }
    }
}
