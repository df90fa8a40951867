package dev.seal.analyze;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import java.util.List;

/**
 * The joined analysis table: one entry per pair id present in the scores (and the baseline, when given), with both
 * models' rewards, every feature of both sides, the labeler's verdict, flags and texts. Arrays are indexed by pair;
 * feature arrays by [feature][pair]. Missing values are NaN (rewards, features) or null (texts, verdicts).
 */
public final class PairData {
    public final List<String> ids;
    /** RM* rewards. */
    public final double[] cStar;
    public final double[] rStar;
    /** RM0 rewards, or null without a baseline. */
    public final double[] c0;
    public final double[] r0;
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

    public PairData(List<String> ids, double[] cStar, double[] rStar, double[] c0, double[] r0, List<Feature> features,
                    double[][] fc, double[][] fr, String[] labeler, List<List<String>> flags, PreferencePair[] texts) {
        this.ids = List.copyOf(ids);
        this.cStar = cStar;
        this.rStar = rStar;
        this.c0 = c0;
        this.r0 = r0;
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

    /** Whether pair i has finite rewards from every model in the analysis. */
    public boolean valid(int i) {
        return Double.isFinite(cStar[i]) && Double.isFinite(rStar[i])
                && (c0 == null || Double.isFinite(c0[i]) && Double.isFinite(r0[i]));
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
