package dev.seal.analyze;

import dev.seal.analyze.input.ScoreFile;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seal analyze --replicate-paper}: the SEAL paper's regressions computed the way its reference code computed
 * them (harvard-lil/SEAL, {@code analysis/angle.R}), beside seal's corrected ones, with every conclusion that changes.
 *
 * <p>The reference code's choices, kept exactly here:
 * <ul>
 *   <li>the per-text data frame carries the pair's {@code row_id}, and {@code lm(reward ~ . - ...)} does not exclude
 *       it, so the row number is a covariate of the reward models (RM*, RM0 and RM* − RM0);</li>
 *   <li>{@code coeftest(model, cluster = data$row_id)}: {@code lmtest::coeftest} has no {@code cluster} argument, its
 *       {@code ...} swallows it, and the standard errors are classical (iid) with n − k df where clustered ones were
 *       meant;</li>
 *   <li>{@code p.adjust(coeftest_output[, 'Pr(>|t|)'], method = "bonferroni")} over every row of the table, the
 *       intercept (and row id) included;</li>
 *   <li>the angle model {@code lm(angles_uv ~ . - row_id - ...)}: no row id, {@code coeftest(model)} (classical),
 *       the same Bonferroni; its angles are on raw rewards whatever {@code --angle} says.</li>
 * </ul>
 * The paper's {@code row_id} is the 0-based row of the pair in the dataset ({@code context.py} numbers the rows
 * {@code range(0, len(dataset))}); seal's score files number rows from 1, so it is {@code row − 1}. Each model uses the
 * same pairs, texts and features as seal's version of it, so the two differ only in those choices.
 *
 * <p>A conclusion is "significant" at {@link #ALPHA}: in the paper's analysis by its Bonferroni p over every
 * coefficient, in seal's by the Benjamini–Hochberg p over the model's features (what the report's filled dots show).
 */
public final class PaperReplication {
    /** The significance level of both analyses' conclusions, the paper's. */
    public static final double ALPHA = 0.05;
    /** The paper's row-id covariate. */
    public static final String ROW_ID = "row_id";
    /** Problem kind: a pair whose {@code row} differs between --scores and --baseline. */
    public static final String ROW_MISMATCH = "row_mismatch";

    private PaperReplication() {}

    /** What happens to one coefficient's conclusion between the paper's analysis and seal's. */
    public enum Verdict {
        /** Significant in both, same sign. */
        SURVIVES("survives"),
        /** Significant in both, opposite signs. */
        SIGN_REVERSED("sign reversed"),
        /** Significant in the paper's analysis, not in seal's. */
        LOST("no longer significant"),
        /** Not significant in the paper's analysis, significant in seal's. */
        GAINED("significant only in seal's"),
        /** Significant in neither. */
        NEITHER("not significant"),
        /** The row number, significant in the paper's model: it is no feature, and seal's model does not have it. */
        SPURIOUS("paper only: row id"),
        /** The row number, not significant in the paper's model. */
        PAPER_ONLY("paper only: row id, not significant"),
        /** The intercept, a baseline reward level: the paper adjusted it with the features, seal does not test it. */
        NOT_TESTED("intercept");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The verdict as tables and the report print it. */
        public String label() {
            return label;
        }

        /** Whether a reader of the paper would conclude something seal's analysis does not support. */
        public boolean changed() {
            return this == SIGN_REVERSED || this == LOST || this == GAINED || this == SPURIOUS;
        }
    }

    /**
     * One coefficient in both analyses.
     *
     * @param paper the paper's (classical, Bonferroni over every coefficient)
     * @param seal  seal's (null for the row id, which seal's model does not have)
     */
    public record Row(String model, String term, Regression.Coef paper, Regression.Coef seal, Verdict verdict) {
        public boolean paperSignificant() {
            return paper.pBonferroni() < ALPHA;
        }

        public boolean sealSignificant() {
            return seal != null && seal.pBh() < ALPHA;
        }
    }

    /** One model in both analyses, coefficient by coefficient (the paper's order: intercept, features, row id). */
    public record Comparison(Regression paper, Regression seal, List<Row> rows) {}

    /**
     * A figure the paper publishes, beside this run's value of it (NaN when this run has none, e.g. no baseline).
     * They agree only when the run scored what the paper scored (hh-rlhf's train split with the paper's models).
     */
    public record Figure(String name, double paper, double thisRun) {}

    /** Everything the replication adds to an analysis. */
    public record Result(List<Comparison> models, List<Figure> figures, List<String> notes) {
        /** The coefficients whose conclusion changes, model by model. */
        public List<Row> differences() {
            return models.stream().flatMap(m -> m.rows().stream()).filter(r -> r.verdict().changed()).toList();
        }

        /** The coefficients the paper's analysis calls significant (the row id and intercept aside). */
        public List<Row> paperConclusions() {
            return models.stream().flatMap(m -> m.rows().stream()).filter(Row::paperSignificant)
                    .filter(r -> r.verdict() != Verdict.NOT_TESTED && r.verdict() != Verdict.SPURIOUS).toList();
        }

        /** How many of {@link #paperConclusions} seal's analysis supports. */
        public long surviving() {
            return paperConclusions().stream().filter(r -> r.verdict() == Verdict.SURVIVES).count();
        }
    }

    /** The paper's RM* agreement with the human labels on hh-rlhf train (its notebook prints 0.74). */
    public static final double PAPER_AGREEMENT = 0.7406;
    /** The paper's regimes on hh-rlhf train, in {@link Regime} order: stayed, got aligned, resisted, reversed. */
    static final double[] PAPER_REGIMES = {0.4829, 0.2577, 0.1719, 0.0875};

    /**
     * The paper's models beside seal's.
     *
     * @param rowIds    per pair, the paper's row id ({@link #rowIds})
     * @param sealText  seal's per-text models ({@link Imprint#perText(PairData, Imprint.Design, double, List)})
     * @param sealAngle seal's angle model, or null
     * @param angles    the angles seal's angle model used (the paper's are raw: recomputed when these are not)
     */
    public static Result run(PairData d, Imprint.Design design, long[] rowIds, List<Regression> sealText,
                             Regression sealAngle, double[] angles, AnalysisConfig.Angle angleScale,
                             List<Evaluation> evaluation, List<AnalysisResult.RegimeRow> regimes, double confidence) {
        List<String> notes = new ArrayList<>();
        // seal's own fits already noted what they dropped; the paper's use the same terms, so only row-id notes count
        List<String> repeated = new ArrayList<>();
        List<Regression> paperText = Imprint.perText(d, design, repeated, (name, response, t) ->
                textModel(name, response, t, rowIds, confidence, notes));
        List<Comparison> models = new ArrayList<>();
        for (Regression paper : paperText) {
            Regression seal = sealText.stream().filter(r -> r.name().equals(paper.name())).findFirst().orElseThrow();
            models.add(compare(paper, seal));
        }
        if (sealAngle != null) {
            double[] raw = angleScale == AnalysisConfig.Angle.RAW ? angles : RewardShift.angles(d, AnalysisConfig.Angle.RAW);
            if (angleScale != AnalysisConfig.Angle.RAW) {
                notes.add("the paper's angle model uses angles on raw rewards, as its code did; seal's uses "
                        + angleScale.name().toLowerCase(java.util.Locale.ROOT) + " ones (--angle)");
            }
            Regression paper = RewardShift.regression(d, design, raw, repeated, (y, terms, cols) ->
                    Regression.paper("angle", RewardShift.RESPONSE, y, terms, cols, confidence));
            if (paper != null) {
                models.add(compare(paper, sealAngle));
            }
        }
        return new Result(models, figures(evaluation, regimes), notes);
    }

    /** The paper's per-text model: seal's data with the row id as the last covariate, as {@code reward ~ .} had it. */
    private static Regression textModel(String name, String response, Imprint.TextData t, long[] rowIds,
                                        double confidence, List<String> notes) {
        List<Regression.Term> terms = new ArrayList<>(t.terms());
        List<double[]> cols = new ArrayList<>(t.columns());
        double[] row = new double[t.y().length];
        for (int a = 0; a < t.pairs().length; a++) {
            row[2 * a] = row[2 * a + 1] = rowIds[t.pairs()[a]];
        }
        terms.add(new Regression.Term(ROW_ID, null));
        cols.add(row);
        if (t.y().length <= terms.size() + 1) {
            notes.add("no paper's " + name + " per-text model: " + t.y().length + " texts for " + terms.size()
                    + " terms and the intercept");
            return null;
        }
        // R's lm would alias the row id (the last column) when it is a combination of the features; so do we
        Imprint.dropAliased(terms, cols, t.y().length, notes, "paper's " + name + " per-text");
        return Regression.paper(name, response, t.y(), terms, cols, confidence);
    }

    static Comparison compare(Regression paper, Regression seal) {
        List<Row> rows = new ArrayList<>();
        for (Regression.Coef p : paper.coefs()) {
            Regression.Coef s = seal.coef(p.term());
            rows.add(new Row(paper.name(), p.term(), p, s, verdict(p, s)));
        }
        return new Comparison(paper, seal, rows);
    }

    static Verdict verdict(Regression.Coef paper, Regression.Coef seal) {
        boolean p = paper.pBonferroni() < ALPHA;
        if (seal == null) {
            return p ? Verdict.SPURIOUS : Verdict.PAPER_ONLY;
        }
        if (Double.isNaN(seal.pBh())) {
            return Verdict.NOT_TESTED;
        }
        boolean s = seal.pBh() < ALPHA;
        if (p && s) {
            return Math.signum(paper.estimate()) == Math.signum(seal.estimate()) ? Verdict.SURVIVES
                    : Verdict.SIGN_REVERSED;
        }
        return p ? Verdict.LOST : s ? Verdict.GAINED : Verdict.NEITHER;
    }

    private static List<Figure> figures(List<Evaluation> evaluation, List<AnalysisResult.RegimeRow> regimes) {
        List<Figure> out = new ArrayList<>();
        out.add(new Figure("RM* agreement (chosen > rejected)", PAPER_AGREEMENT,
                evaluation.getFirst().accuracy().estimate()));
        for (Regime g : Regime.values()) {
            out.add(new Figure("regime " + g.label(), PAPER_REGIMES[g.ordinal()], regimes.isEmpty() ? Double.NaN
                    : regimes.get(g.ordinal()).share().estimate()));
        }
        return out;
    }

    /**
     * The paper's row id of every pair: its {@code row} in --scores, or in --baseline for a pair only it has, minus one.
     * A pair whose row differs between the two files (they were not scored from the same file) is listed as a problem;
     * the scores' row is used.
     */
    public static long[] rowIds(PairData d, ScoreFile scores, ScoreFile baseline, Problems problems) {
        long[] out = new long[d.size()];
        for (int i = 0; i < d.size(); i++) {
            String id = d.ids.get(i);
            ScoreFile.Row s = scores.byId().get(id);
            ScoreFile.Row b = baseline == null ? null : baseline.byId().get(id);
            if (s != null && b != null && s.row() != b.row()) {
                problems.add(ROW_MISMATCH, "pairs have a different row in the scores and the baseline: the paper's row"
                        + " id (--replicate-paper) is the scores' row - 1", id, "row " + s.row() + " in the scores, "
                        + b.row() + " in the baseline");
            }
            out[i] = (s != null ? s.row() : b.row()) - 1;
        }
        return out;
    }
}
