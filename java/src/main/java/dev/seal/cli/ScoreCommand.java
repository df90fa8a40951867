package dev.seal.cli;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.score.ErrorWriter;
import dev.seal.score.Progress;
import dev.seal.score.ScoreFormat;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoreWriter;
import dev.seal.score.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every pair of a preference dataset with a GGUF reward model.",
                "Writes per pair: id, chosen and rejected rewards, margin, agreement (chosen > rejected), token counts.",
                "Rows that cannot be scored go to the errors file with a reason; the job carries on."})
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "reward model (.gguf with a seal.reward head, or a BERT-family classifier)")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "pairs: hh-rlhf .jsonl[.gz], or .jsonl/.csv/.parquet with prompt/chosen/rejected")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "scores: .parquet, .csv or .jsonl")
    Path out;

    @Option(names = "--errors", paramLabel = "FILE", description = "errors file (default: next to --out, <name>.errors.jsonl)")
    Path errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--raw", description = "score each full text as written (no chat template), the SEAL paper's way")
    boolean raw;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "a Jinja chat template to use instead of the model's")
    Path chatTemplate;

    @Option(names = "--max-tokens", defaultValue = "0", description = "longest sequence (default: the model's training context, capped by --batch-tokens)")
    int maxTokens;

    @Option(names = "--truncate", defaultValue = "ERROR", description = "over-long pairs: ERROR (to the errors file) or LEFT (drop prompt tokens from the left)")
    PairFormatter.Truncation truncate;

    @Option(names = "--batch-tokens", defaultValue = "0", description = "token budget a decode is packed to (default 512 on CPU, 8192 with a GPU)")
    int batchTokens;

    @Option(names = "--chunk-pairs", defaultValue = "1024", description = "pairs handed to the engine per call (default ${DEFAULT-VALUE})")
    int chunkPairs;

    @Option(names = "--gpu-layers", defaultValue = "-1", description = "layers on the GPU; -1 all (default), 0 CPU only")
    int gpuLayers;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (default: all cores)")
    int threads;

    @Option(names = "--no-share-prefix", description = "score each text whole instead of computing a pair's shared prompt once")
    boolean noSharePrefix;

    @Option(names = "--exact", description = "f32 KV cache: rewards independent of batching up to f32 rounding (slower)")
    boolean exact;

    @Option(names = {"-q", "--quiet"}, description = "no progress line")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ScoreFormat.of(out);  // reject a bad extension before any work
        if (!Files.isRegularFile(data)) {
            throw new java.nio.file.NoSuchFileException(data.toString());
        }
        Path errorsPath = errors != null ? errors : defaultErrorsPath(out);
        String template = chatTemplate == null ? null : Files.readString(chatTemplate);
        Summary summary;
        try (Model m = Model.load(model, new Model.Options(gpuLayers, true, false));
             Scorer scorer = Scorer.open(m, new Scorer.Options(maxTokens, batchTokens, 0, threads, Integer.MIN_VALUE,
                     !noSharePrefix, true, exact))) {
            PairFormatter formatter = new PairFormatter(m, PairFormatter.defaultMode(m.info(), raw), template,
                    scorer.maxTokens(), truncate);
            ScoreJob job = new ScoreJob(scorer, formatter, chunkPairs);
            Progress progress = quiet ? null : Progress.onStderr(expectedRows(data));
            try (PairReader reader = Datasets.open(data, format);
                 ErrorWriter err = ErrorWriter.open(errorsPath)) {
                ScoreWriter writer = ScoreWriter.open(out, m.info().labels());
                try {
                    summary = job.run(reader, data.toString(), writer, err, progress);
                } catch (IOException | RuntimeException e) {
                    writer.abort();  // never publish a partial scores file
                    throw e;
                } finally {
                    writer.close();
                    if (progress != null) progress.finish();
                }
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(summary.format());
        o.printf("scores: %s%nerrors: %s%n", out, errorsPath);
        o.flush();
        return 0;
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
             var r = new java.io.BufferedReader(new java.io.InputStreamReader(raw, java.nio.charset.StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;  // the reader will report the problem with the row that has it
        }
    }

    static Path defaultErrorsPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return out.resolveSibling(stem + ".errors.jsonl");
    }
}
