package dev.seal.cli;

import dev.seal.data.Format;
import dev.seal.engine.Backend;
import dev.seal.engine.Generator;
import dev.seal.perturb.Kind;
import dev.seal.perturb.ParaphraseValidator;
import dev.seal.perturb.Paraphraser;
import dev.seal.perturb.PerturbJob;
import dev.seal.perturb.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "perturb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write seeded perturbed copies of a dataset (ids <id>::<kind>[::n]) in its own format, for"
                + " `seal score` and `seal analyze --perturbed`.",
                "The paraphrase kind rewrites texts with a GGUF instruct model (--model); a rewrite the validator"
                        + " rejects (turns changed, empty, identical, too short or long, unfinished) is no copy.",
                "The same seed and options give the same bytes. Rows that cannot be read and copies that cannot be"
                        + " made go to the errors file with a reason; the job carries on."})
final class PerturbCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "pairs: hh-rlhf .jsonl[.gz], or .jsonl/.csv/.parquet with prompt/chosen/rejected")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "copies, in the input's format: .jsonl for JSON Lines, .csv, .parquet")
    Path out;

    @Option(names = "--errors", paramLabel = "FILE", description = "errors file (default: next to --out, <name>.errors.jsonl)")
    Path errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--kinds", required = true, paramLabel = "K,K", description = "typos, case, whitespace, punctuation, positive, negative, padding, refusal, paraphrase (needs --model)")
    String kinds;

    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--target", defaultValue = "response", description = "what is perturbed: response (the last answer, default), prompt (the last user turn), both")
    String target;

    @Option(names = "--copies", defaultValue = "1", description = "copies per pair and kind; ids get ::1, ::2... when more than 1 (default ${DEFAULT-VALUE})")
    int copies;

    @Option(names = "--model", paramLabel = "GGUF", description = "paraphrase: the instruct model that rewrites the texts")
    Path model;

    @Option(names = "--instruction", paramLabel = "FILE", description = "paraphrase: the instruction the model is given before each text, instead of the built-in one")
    Path instruction;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "paraphrase: a Jinja chat template to use instead of the model's")
    Path chatTemplate;

    @Option(names = "--raw", description = "paraphrase: no chat template, the instruction and text as plain text (a base model)")
    boolean raw;

    @Option(names = "--temperature", defaultValue = "0.8", description = "paraphrase: sampling temperature, 0 greedy (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--top-p", defaultValue = "0.95", description = "paraphrase: nucleus sampling, 1 off (default ${DEFAULT-VALUE})")
    float topP;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "0", description = "paraphrase: tokens of one rewrite at most; unfinished rewrites are rejected (default 0: the text's tokens x --max-ratio + 16)")
    int maxTokens;

    @Option(names = "--min-ratio", defaultValue = "" + ParaphraseValidator.DEFAULT_MIN_RATIO, description = "paraphrase: shortest rewrite kept, times the original's characters (default ${DEFAULT-VALUE})")
    double minRatio;

    @Option(names = "--max-ratio", defaultValue = "" + ParaphraseValidator.DEFAULT_MAX_RATIO, description = "paraphrase: longest rewrite kept, times the original's characters (default ${DEFAULT-VALUE})")
    double maxRatio;

    @Option(names = "--batch", paramLabel = "PAIRS", defaultValue = "16", converter = OptionValues.Positive.class, description = "paraphrase: pairs whose texts go to the generator in one call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "0", description = "paraphrase: sequences generated at once (default 0: the engine's, 32)")
    int parallel;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        PerturbJob.Options options;
        try {
            List<String> names = new ArrayList<>(List.of(kinds.split(",", -1)).stream().map(String::strip).toList());
            boolean paraphrase = names.removeIf(Paraphraser.KIND::equals);
            if (!paraphrase && model != null) {
                throw new IllegalArgumentException("--model is for the paraphrase kind: add " + Paraphraser.KIND
                        + " to --kinds");
            }
            List<Kind> fixed = names.isEmpty() ? List.of() : Kind.parseList(String.join(",", names));
            options = new PerturbJob.Options(fixed, seed, Target.valueOf(targetName()), copies,
                    paraphrase ? paraphrase() : null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path errorsPath = errors != null ? errors : ScoreCommand.defaultErrorsPath(out);
        if (options.paraphrase() != null) {
            device.check(Backend.namingDevices());
        }
        PerturbJob.Summary s = PerturbJob.run(data, format, out, errorsPath, options);
        PrintStream o = System.out;
        o.printf("pairs read     %d%ncopies         %d%nerrors         %d%n", s.pairs(), s.copies(), s.errors());
        s.errorsByReason().forEach((reason, n) -> o.printf("  %-12s %d%n", reason, n));
        if (options.paraphrase() != null) {
            o.printf("paraphrases    %d kept, %d rejected (reasons in the errors file)%n", s.paraphrased(),
                    s.paraphrasesRejected());
        }
        o.printf("copies: %s%nerrors: %s%n", out, errorsPath);
        return 0;
    }

    /** The paraphrase kind's model and settings, from the options; --model is required for it. */
    private PerturbJob.Paraphrase paraphrase() {
        if (model == null) {
            throw new IllegalArgumentException("the paraphrase kind needs --model GGUF (an instruct model)");
        }
        if (parallel < 0) {
            throw new IllegalArgumentException("--parallel must be 0 or more, got " + parallel);
        }
        try {
            String text = instruction == null ? Paraphraser.defaultInstruction() : Files.readString(instruction);
            String template = chatTemplate == null ? null : Files.readString(chatTemplate);
            Paraphraser.Settings settings = new Paraphraser.Settings(text.strip(), template, raw, temperature, topP,
                    maxTokens, minRatio, maxRatio);
            Generator.Options go = new Generator.Options(0, 0, parallel, device.threadsOrDefault(),
                    Integer.MIN_VALUE, true, false);
            return new PerturbJob.Paraphrase(model, device.modelOptions(), go, batch, settings);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        }
    }
    private String targetName() {
        List<String> names = List.of("response", "prompt", "both");
        if (!names.contains(target)) {
            throw new IllegalArgumentException("--target must be one of " + String.join(", ", names) + ", got '"
                    + target + "'");
        }
        return target.toUpperCase(java.util.Locale.ROOT);
    }
}
