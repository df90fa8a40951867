package dev.seal.perturb;

import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset and writes, for every good pair, every kind and every copy number, one perturbed copy. A row the
 * reader rejects, or a copy that cannot be made, goes to the errors file with its reason; the run goes on.
 */
public final class PerturbJob {
    /** Errors-file stage of a copy that could not be made (the reader's own errors have stage "read"). */
    public static final String STAGE_PERTURB = "perturb";

    /**
     * What to make.
     *
     * @param kinds  the kinds, each once
     * @param seed   the run's seed
     * @param target what each copy perturbs
     * @param copies copies per pair and kind, at least 1
     */
    public record Options(List<Kind> kinds, long seed, Target target, int copies) {
        public Options {
            kinds = List.copyOf(kinds);
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("name at least one perturbation kind");
            }
            if (copies < 1) {
                throw new IllegalArgumentException("copies must be at least 1, got " + copies);
            }
        }
    }

    /** Counts of one run: pairs read, copies written, errors by reason. */
    public record Summary(Format format, long pairs, long copies, long errors, Map<String, Long> errorsByReason) {}

    private PerturbJob() {}

    public static Summary run(Path data, Format format, Path out, Path errorsPath, Options options)
            throws IOException {
        Format f = format == Format.AUTO ? Datasets.detect(data) : format;
        Perturber perturber = new Perturber(options.seed(), options.target(), options.copies());
        long pairs = 0;
        long copies = 0;
        try (PairReader reader = Datasets.open(data, f);
             CopyWriter writer = CopyWriter.open(f, out);
             ErrorWriter errors = ErrorWriter.open(errorsPath)) {
            for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    errors.write(ErrorWriter.STAGE_READ, e);
                    continue;
                }
                PreferencePair pair = ((PairReader.Row.Ok) row).pair();
                pairs++;
                for (Kind kind : options.kinds()) {
                    for (int c = 1; c <= options.copies(); c++) {
                        Perturber.Result r = f == Format.HH_RLHF ? perturber.hh(pair, kind, c)
                                : perturber.table(pair, kind, c);
                        switch (r) {
                            case Perturber.Copy copy -> {
                                writer.write(copy);
                                copies++;
                            }
                            case Perturber.Failure(String id, String reason, String detail) -> errors.write(
                                    STAGE_PERTURB, new RowError(data.toString(), pair.row(), id, reason,
                                            "row " + pair.row() + ": " + detail));
                        }
                    }
                }
            }
            writer.finish();
            return new Summary(f, pairs, copies, errors.total(), errors.countsByReason());
        }
    }
}
