package dev.seal.cli;

import dev.seal.data.Format;
import dev.seal.engine.Backend;
import dev.seal.engine.Embedder;
import dev.seal.job.RowJournal;
import dev.seal.similarity.SimilarityJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "similarity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cosine similarity between each perturbed copy (ids <id>::<kind>[::n], as `seal perturb` writes"
                + " them) and its original, with a GGUF embedding model; copies whose meaning drifted below --threshold"
                + " are dropped.",
                "Compared: each side's last response and each side's whole text; a copy is kept when the smallest of"
                        + " the four similarities reaches the threshold. Copies whose id matches no original go to the"
                        + " errors file; the job carries on. A killed run keeps its finished rows (<out>.journal) and"
                        + " continues when rerun with the same arguments."})
final class SimilarityCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "embedding model: BERT/XLM-R family (e.g. bge-m3) or a decoder")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the original pairs")
    Path data;

    @Option(names = "--perturbed", required = true, paramLabel = "FILE", description = "the copies (any format seal reads)")
    Path perturbed;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "one row per copy: " + "id, source_id, kind, chosen_response, rejected_response, chosen_text, rejected_text, similarity (the smallest), kept")
    Path out;

    @Option(names = "--threshold", defaultValue = "0.9", description = "keep a copy when its similarity is at least this (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--kept", paramLabel = "FILE.jsonl", description = "also write the kept copies as {id, source_id, kind, similarity} lines")
    Path kept;

    @Option(names = "--errors", paramLabel = "FILE", description = "errors file (default: next to --out, <name>.errors.jsonl)")
    Path errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "format of --data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--pooling", defaultValue = "model", description = "model (the GGUF's own; mean when it declares none), mean, cls, last (default ${DEFAULT-VALUE})")
    String pooling;

    @Option(names = "--batch-tokens", defaultValue = "0", description = "token budget of one decode (0 = 512 on CPU, 8192 with a GPU)")
    int batchTokens;

    @Option(names = "--restart", description = "discard an unfinished earlier run on this output (even one with other inputs or options) and start over")
    boolean restart;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        List<String> names = List.of("model", "mean", "cls", "last");
        int kind = names.indexOf(pooling.toLowerCase(Locale.ROOT));
        if (kind < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pooling must be one of " + String.join(", ", names) + ", got '" + pooling + "'");
        }
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threshold must be within [-1, 1], got " + threshold);
        }
        device.check(Backend.namingDevices());
        Embedder.Options eo = Embedder.Options.defaults().withPooling(kind == 0 ? Embedder.POOLING_MODEL : kind)
                .withBatchTokens(batchTokens).withThreads(device.threadsOrDefault());
        Path errorsPath = errors != null ? errors : ScoreCommand.defaultErrorsPath(out);
        Consumer<String> notes = ScoreCommand.notes(spec);
        // a resumed run must compare the same copies with the same model
        RowJournal.Inputs inputs = RowJournal.Inputs.of(Map.of("data", data, "perturbed", perturbed), "model", model,
                notes);
        SimilarityJob.Summary s = SimilarityJob.run(model, data, perturbed, format, out, kept, errorsPath,
                new SimilarityJob.Options(threshold, eo, device.modelOptions()),
                new RowJournal.Resume(inputs, restart, notes));
        PrintStream o = System.out;
        o.printf("copies compared %d%nerrors          %d%n", s.copies(), s.errors());
        s.errorsByReason().forEach((reason, n) -> o.printf("  %-14s %d%n", reason, n));
        o.printf("%-16s %8s %8s%n", "kind", "kept", "dropped");
        s.keptDroppedByKind().forEach((k, n) -> o.printf("%-16s %8d %8d%n", k, n[0], n[1]));
        o.printf("similarities: %s%nerrors: %s%n", out, errorsPath);
        return 0;
    }
}
