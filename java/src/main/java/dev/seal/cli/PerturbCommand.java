package dev.seal.cli;

import dev.seal.data.Format;
import dev.seal.perturb.Kind;
import dev.seal.perturb.PerturbJob;
import dev.seal.perturb.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "perturb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write seeded perturbed copies of a dataset (ids <id>::<kind>[::n]) in its own format, for"
                + " `seal score` and `seal analyze --perturbed`.",
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

    @Option(names = "--kinds", required = true, paramLabel = "K,K", description = "typos, case, whitespace, punctuation, positive, negative, padding, refusal")
    String kinds;

    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--target", defaultValue = "response", description = "what is perturbed: response (the last answer, default), prompt (the last user turn), both")
    String target;

    @Option(names = "--copies", defaultValue = "1", description = "copies per pair and kind; ids get ::1, ::2... when more than 1 (default ${DEFAULT-VALUE})")
    int copies;

    @Override
    public Integer call() throws IOException {
        PerturbJob.Options options;
        try {
            options = new PerturbJob.Options(Kind.parseList(kinds), seed, Target.valueOf(targetName()), copies);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path errorsPath = errors != null ? errors : ScoreCommand.defaultErrorsPath(out);
        PerturbJob.Summary s = PerturbJob.run(data, format, out, errorsPath, options);
        PrintStream o = System.out;
        o.printf("pairs read     %d%ncopies         %d%nerrors         %d%n", s.pairs(), s.copies(), s.errors());
        s.errorsByReason().forEach((reason, n) -> o.printf("  %-12s %d%n", reason, n));
        o.printf("copies: %s%nerrors: %s%n", out, errorsPath);
        return 0;
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
