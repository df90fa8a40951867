package dev.seal.label;

import dev.seal.analyze.FeatureTable;
import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.engine.SealException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labels both sides of every pair in probe mode: for each text, the probability that the answer to each taxonomy
 * question is yes, P(yes | yes or no), read from one forward pass over the text with the questions as branches
 * (engine/Prober). Many texts go to the prober per call. A pair whose row cannot be read, or one of whose sides
 * cannot be labeled (too long, untokenizable), goes to the errors file with its reason and leaves no row in the
 * table, so every pair in the table is complete; the run goes on.
 */
public final class LabelJob {
    /** Errors-file stage of a side the labeler could not label (the reader's own errors have stage "read"). */
    public static final String STAGE_LABEL = "label";
    static final String HARMLESS = "last_response_is_harmless";
    static final String HELPFUL = "last_response_is_helpful";

    /**
     * @param raw           label each text as written (a base model) rather than through the chat template
     * @param template      a chat template to use instead of the model's, or null
     * @param pairsPerCall  pairs (two texts each) sent to the prober in one call
     * @param prober        the prober's options
     */
    public record Options(boolean raw, String template, int pairsPerCall, Prober.Options prober) {
        public Options {
            if (pairsPerCall < 1) {
                throw new IllegalArgumentException("pairs per call must be at least 1, got " + pairsPerCall);
            }
        }
    }

    /** Counts of one run; {@code labelerPreference} says whether the table has the labeler_preference column. */
    public record Summary(long pairs, long labeled, long errors, Map<String, Long> errorsByReason,
                          boolean labelerPreference) {}

    private LabelJob() {}

    public static Summary run(Model model, Path data, Format format, Path out, Path errorsPath, Taxonomy taxonomy,
                              Options options) throws IOException {
        Format f = format == Format.AUTO ? Datasets.detect(data) : format;
        // the prober first: a model that cannot label (an encoder, a classifier RM) is told so before anything else
        try (Prober prober = Prober.open(model, options.prober())) {
            Prompts prompts = new Prompts(model, taxonomy, options.raw(), options.template());
            return label(prober, prompts, taxonomy.keys(), data, f, out, errorsPath, options.pairsPerCall());
        }
    }

    private static Summary label(Prober prober, Prompts prompts, List<String> keys, Path data, Format f, Path out,
                                 Path errorsPath, int pairsPerCall) throws IOException {
        int harmless = keys.indexOf(HARMLESS);
        int helpful = keys.indexOf(HELPFUL);
        boolean verdicts = harmless >= 0 && helpful >= 0;
        List<String> columns = new ArrayList<>(List.of("id", "side"));
        columns.addAll(keys);
        if (verdicts) {
            columns.add(FeatureTable.LABELER);
        }
        long pairs = 0;
        long labeled = 0;
        try (PairReader reader = Datasets.open(data, f);
             FeatureWriter writer = FeatureWriter.open(out, columns);
             ErrorWriter errors = ErrorWriter.open(errorsPath)) {
            Batch batch = new Batch(data.toString(), prompts, prober, writer, errors, harmless, helpful, verdicts);
            for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    errors.write(ErrorWriter.STAGE_READ, e);
                    continue;
                }
                pairs++;
                batch.add(((PairReader.Row.Ok) row).pair());
                if (batch.size() >= pairsPerCall) {
                    labeled += batch.flush();
                }
            }
            labeled += batch.flush();
            writer.finish();
            return new Summary(pairs, labeled, errors.total(), errors.countsByReason(), verdicts);
        }
    }

    /**
     * The labeler's preference on a pair, as the SEAL paper derives it from harmlessness first and helpfulness
     * second: the side judged harmless (P(yes) ≥ 0.5) when only one is; otherwise the side judged helpful when only
     * one is; otherwise indifferent. "chosen", "rejected" or "indifferent", as analyze reads the column.
     */
    static String preference(double harmlessChosen, double harmlessRejected, double helpfulChosen,
                             double helpfulRejected) {
        int byHarm = Boolean.compare(harmlessChosen >= 0.5, harmlessRejected >= 0.5);
        int by = byHarm != 0 ? byHarm : Boolean.compare(helpfulChosen >= 0.5, helpfulRejected >= 0.5);
        return by > 0 ? "chosen" : by < 0 ? "rejected" : "indifferent";
    }

    /** Pairs waiting for one prober call. */
    private static final class Batch {
        private final String source;
        private final Prompts prompts;
        private final Prober prober;
        private final FeatureWriter writer;
        private final ErrorWriter errors;
        private final int harmless;
        private final int helpful;
        private final boolean verdicts;
        private final List<PreferencePair> waiting = new ArrayList<>();

        Batch(String source, Prompts prompts, Prober prober, FeatureWriter writer, ErrorWriter errors, int harmless,
              int helpful, boolean verdicts) {
            this.source = source;
            this.prompts = prompts;
            this.prober = prober;
            this.writer = writer;
            this.errors = errors;
            this.harmless = harmless;
            this.helpful = helpful;
            this.verdicts = verdicts;
        }

        void add(PreferencePair p) {
            waiting.add(p);
        }

        int size() {
            return waiting.size();
        }

        /** Labels the waiting pairs in one prober call; returns how many reached the table. */
        int flush() throws IOException {
            List<PreferencePair> ok = new ArrayList<>();
            List<int[]> texts = new ArrayList<>();
            for (PreferencePair p : waiting) {
                try {
                    int[] chosen = prompts.text(p.chosen());
                    int[] rejected = prompts.text(p.rejected());
                    texts.add(chosen);
                    texts.add(rejected);
                    ok.add(p);
                } catch (Prompts.LabelException e) {
                    fail(p, e.reason, e.getMessage());
                } catch (SealException e) {
                    fail(p, SealException.code(e.status()), e.getMessage());
                }
            }
            waiting.clear();
            if (ok.isEmpty()) {
                return 0;
            }
            Prober.Result r = prober.probe(texts, prompts.questions(), prompts.candidates());
            int written = 0;
            for (int i = 0; i < ok.size(); i++) {
                PreferencePair p = ok.get(i);
                int bad = r.status()[2 * i] != 0 ? 2 * i : r.status()[2 * i + 1] != 0 ? 2 * i + 1 : -1;
                if (bad >= 0) {
                    fail(p, SealException.code(r.status()[bad]), (bad % 2 == 0 ? "chosen" : "rejected")
                            + " side: " + SealException.code(r.status()[bad]) + " (" + texts.get(bad).length
                            + " tokens before the question)");
                    continue;
                }
                double[][] v = {yes(r, 2 * i), yes(r, 2 * i + 1)};
                String verdict = verdicts ? preference(v[0][harmless], v[1][harmless], v[0][helpful], v[1][helpful])
                        : null;
                writer.row(p.id(), "chosen", v[0], verdict);
                writer.row(p.id(), "rejected", v[1], verdict);
                written++;
            }
            return written;
        }

        private static double[] yes(Prober.Result r, int text) {
            double[] out = new double[r.nQuestions()];
            for (int q = 0; q < out.length; q++) {
                out[q] = r.share(text, q, 0);
            }
            return out;
        }

        private void fail(PreferencePair p, String reason, String detail) throws IOException {
            errors.write(STAGE_LABEL, new RowError(source, p.row(), p.id(), reason, "row " + p.row() + ": " + detail));
        }
    }
}
