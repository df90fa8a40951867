package dev.seal.cli;

import dev.seal.data.Format;
import dev.seal.engine.Backend;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.job.RowJournal;
import dev.seal.label.LabelJob;
import dev.seal.label.Taxonomy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "label", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Label the chosen and rejected text of every pair with the SEAL taxonomy, using a GGUF instruct"
                + " model as the labeler, and write the per-text feature table for `seal analyze --features`.",
                "probe mode: each text is read once and every taxonomy question is a branch of it; a feature's value is"
                        + " P(yes | yes or no) for its question. json mode: the labeler writes one JSON object per text,"
                        + " every key true or false (1 or 0 in the table), under a grammar made from its JSON Schema."
                        + " The table also holds the labeler's preference per pair.",
                "Rows that cannot be read or labeled go to the errors file with a reason; the job carries on. A killed"
                        + " run keeps its finished rows (<out>.journal) and continues when rerun with the same"
                        + " arguments."})
final class LabelCommand implements Callable<Integer> {
    /** Labeling modes: a probability per feature (probe) or a generated object of booleans (json). */
    enum Mode { probe, json }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "the labeler: an instruct (or base, with --raw) language model")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "pairs: hh-rlhf .jsonl[.gz], or .jsonl/.csv/.parquet with prompt/chosen/rejected")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "feature table: .csv, .jsonl or .parquet")
    Path out;

    @Option(names = "--errors", paramLabel = "FILE", description = "errors file (default: next to --out, <name>.errors.jsonl)")
    Path errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--mode", defaultValue = "probe", description = "labeling mode: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--taxonomy", paramLabel = "FILE", description = "taxonomy JSON (instruction, answers, questions per feature key) instead of the built-in one")
    Path taxonomy;

    @Option(names = "--raw", description = "label each text as written, with no chat template (a base model)")
    boolean raw;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "a Jinja chat template to use instead of the model's")
    Path chatTemplate;

    @Option(names = "--batch", paramLabel = "PAIRS", defaultValue = "32", converter = OptionValues.Positive.class, description = "pairs sent to the engine in one call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "0", description = "longest text + question (json: prompt + --max-new-tokens); longer texts are errors (default 0: the model's context, at most 4096)")
    int maxTokens;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "0", description = "json: tokens generated per text at most; an object not closed by then is an incomplete_output error (default 0: 32 per taxonomy key)")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "json: sampling temperature (default 0: greedy)")
    float temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "json: sampling seed; each text draws from its own stream of it, so a run repeats exactly (default ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--sequences", paramLabel = "N", defaultValue = "0", description = "json: texts generated together (default 0: 32)")
    int sequences;

    @Option(names = "--restart", description = "discard an unfinished earlier run on this output (even one with other inputs or options) and start over")
    boolean restart;

    @Option(names = "--exact", description = "f32 KV cache: probabilities independent of batching up to f32 rounding (slower)")
    boolean exact;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        Path errorsPath = errors != null ? errors : ScoreCommand.defaultErrorsPath(out);
        if (errorsPath.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--errors and --out name the same file: " + out);
        }
        if (maxTokens < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-tokens must be 0 or more, got " + maxTokens);
        }
        if (!Files.isRegularFile(data)) {
            throw new java.nio.file.NoSuchFileException(data.toString());
        }
        if (maxNewTokens < 0 || sequences < 0 || !(temperature >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-new-tokens, --sequences and --temperature must be 0 or more");
        }
        Taxonomy tax = taxonomy == null ? Taxonomy.defaults() : Taxonomy.read(taxonomy);
        String template = chatTemplate == null ? null : Files.readString(chatTemplate);
        device.check(Backend.namingDevices());
        Consumer<String> notes = ScoreCommand.notes(spec);
        // a resumed run must read the same pairs with the same model
        RowJournal.Inputs inputs = RowJournal.Inputs.of(Map.of("data", data), "model", model, notes);
        Prober.Options po = new Prober.Options(maxTokens, 0, 0, device.threadsOrDefault(), Integer.MIN_VALUE, exact, false);
        LabelJob.Generation json = mode == Mode.probe ? null : new LabelJob.Generation(
                maxNewTokens > 0 ? maxNewTokens : 32 * tax.keys().size(), temperature, seed,
                new Generator.Options(0, 0, sequences, device.threadsOrDefault(), Integer.MIN_VALUE, true, exact));
        LabelJob.Summary s;
        try (Model m = Model.load(model, device.modelOptions())) {
            s = LabelJob.run(m, data, format, out, errorsPath, tax, new LabelJob.Options(raw, template, batch, po, json),
                    new RowJournal.Resume(inputs, restart, notes));
        }
        PrintStream o = System.out;
        o.printf("pairs read     %d%npairs labeled  %d%nerrors         %d%n", s.pairs(), s.labeled(), s.errors());
        s.errorsByReason().forEach((reason, n) -> o.printf("  %-12s %d%n", reason, n));
        if (!s.labelerPreference()) {
            o.println("no labeler_preference column: the taxonomy needs last_response_is_harmless and last_response_is_helpful");
        }
        o.printf("features: %s%nerrors: %s%n", out, errorsPath);
        return 0;
    }
}
