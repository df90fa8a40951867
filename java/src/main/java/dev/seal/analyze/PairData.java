package dev.seal.analyze;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import java.util.List;

/**
 * The joined analysis table: one entry per pair id present in the scores or the baseline, with both models' rewards,
 * every feature of both sides, the labeler's verdict, flags and texts. Arrays are indexed by pair; feature arrays by
 * [feature][pair]. Missing values are NaN (rewards, features) or null (texts, verdicts); a reward is NaN where the
 * model's file does not have the pair.
 *
 * <p>Each model is analysed on its own pairs, so that adding a baseline never changes RM*'s numbers; only what needs
 * both models is computed on the pairs both scored ({@link Sample}).
 */
public final class PairData {
    /** The pairs a statistic is computed on. */
    public enum Sample {
        /** Pairs RM* scored with finite rewards. */
        STAR,
        /** Pairs RM0 scored with finite rewards. */
        BASE,
        /** Pairs both models scored with finite rewards: whatever compares the two. */
        JOINT;

        /** The name in reports and summary.json. */
        public String label() {
            return switch (this) {
                case STAR -> "RM*";
                case BASE -> "RM0";
                case JOINT -> "both";
            };
        }

        /** The statistics computed on this sample, for the report. */
        public String usedFor() {
            return switch (this) {
                case STAR -> "RM*'s evaluation, resistance, ambiguity, feature imprint, error explorer and robustness";
                case BASE -> "RM0's evaluation, resistance, ambiguity and feature imprint";
                case JOINT -> "the regimes, the reward shift (angles) and the RM* − RM0 imprint";
            };
        }
    }

    public final List<String> ids;
    /** RM* rewards (NaN for a pair only the baseline has). */
    public final double[] cStar;
    public final double[] rStar;
    /** RM0 rewards (NaN for a pair only the scores have), or null without a baseline. */
    public final double[] c0;
    public final double[] r0;
    /** Whether the scores file has the pair. */
    private final boolean[] inScores;
    /** Whether the baseline has the pair (all false without a baseline). */
    private final boolean[] inBaseline;
    public final List<Feature> features;
    /** [feature][pair] values of the chosen and the rejected side. */
    public final double[][] fc;
    public final double[][] fr;
    /** Labeler verdict per pair, or null (array null when no feature file had one). */
    public final String[] labeler;
    /** Flags from the scores file (truncated, prompt_differs, empty_response …). */
    public final List<List<String>> flags;
    /** Texts from --data, or null (array null without --data). */
    public final PreferencePair[] texts;

    public PairData(List<String> ids, double[] cStar, double[] rStar, double[] c0, double[] r0, boolean[] inScores,
                    boolean[] inBaseline, List<Feature> features, double[][] fc, double[][] fr, String[] labeler,
                    List<List<String>> flags, PreferencePair[] texts) {
        this.ids = List.copyOf(ids);
        this.cStar = cStar;
        this.rStar = rStar;
        this.c0 = c0;
        this.r0 = r0;
        this.inScores = inScores;
        this.inBaseline = inBaseline;
        this.features = List.copyOf(features);
        this.fc = fc;
        this.fr = fr;
        this.labeler = labeler;
        this.flags = List.copyOf(flags);
        this.texts = texts;
    }

    public int size() {
        return ids.size();
    }

    public boolean hasBaseline() {
        return c0 != null;
    }

    public int feature(String name) {
        for (int j = 0; j < features.size(); j++) {
            if (features.get(j).name().equals(name)) {
                return j;
            }
        }
        return -1;
    }

    /** Whether the file(s) of sample {@code s} have pair i (finite or not). */
    public boolean scored(Sample s, int i) {
        return switch (s) {
            case STAR -> inScores[i];
            case BASE -> inBaseline[i];
            case JOINT -> inScores[i] && inBaseline[i];
        };
    }

    /** Whether pair i is in sample {@code s}: scored, with finite rewards, by its model(s). */
    public boolean valid(Sample s, int i) {
        return switch (s) {
            case STAR -> inScores[i] && Double.isFinite(cStar[i]) && Double.isFinite(rStar[i]);
            case BASE -> inBaseline[i] && Double.isFinite(c0[i]) && Double.isFinite(r0[i]);
            case JOINT -> valid(Sample.STAR, i) && valid(Sample.BASE, i);
        };
    }

    /** The number of pairs in sample {@code s}. */
    public int count(Sample s) {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (valid(s, i)) {
                n++;
            }
        }
        return n;
    }

    /**
     * One model's chosen and rejected rewards ({@link Sample#STAR} or {@link Sample#BASE}), NaN outside its sample:
     * what the per-model statistics read, so no pair outside the model's own pairs can enter them.
     */
    public double[][] rewards(Sample model) {
        if (model == Sample.JOINT) {
            throw new IllegalArgumentException("rewards belong to one model, not to " + model);
        }
        double[] c = model == Sample.STAR ? cStar : c0;
        double[] r = model == Sample.STAR ? rStar : r0;
        double[] cc = new double[size()];
        double[] rr = new double[size()];
        for (int i = 0; i < size(); i++) {
            boolean v = valid(model, i);
            cc[i] = v ? c[i] : Double.NaN;
            rr[i] = v ? r[i] : Double.NaN;
        }
        return new double[][] {cc, rr};
    }

    /** The last user turn before the responses, or "" when unknown. */
    public String lastUserTurn(int i) {
        if (texts == null || texts[i] == null) {
            return "";
        }
        List<Turn> p = texts[i].chosen().prompt();
        for (int t = p.size() - 1; t >= 0; t--) {
            if (p.get(t).role().equals("user")) {
                return p.get(t).content();
            }
        }
        return "";
    }
}
