package dev.seal.analyze;

import dev.seal.stats.Wilson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alignment resistance — the share of pairs whose rejected response gets a reward at least as high as the chosen
 * one — overall and within subsets of the pairs.
 */
public final class Resistance {
    private Resistance() {}

    /**
     * Resistance within one subset.
     *
     * @param model      "RM*" or "RM0"
     * @param breakdown  what the pairs are split by ("all", "labeler", a feature name, "ambiguous:near_identical" …)
     * @param level      which part of the split ("all", "agrees", "chosen only", "inside" …)
     * @param n          pairs in the subset (finite rewards)
     * @param resisted   rejected ≥ chosen
     * @param ties       rejected == chosen (part of resisted)
     * @param resistance resisted / n, Wilson interval
     * @param strict     (resisted − ties) / n, Wilson interval
     */
    public record Row(String model, String breakdown, String level, int n, int resisted, int ties,
                      Wilson.Interval resistance, Wilson.Interval strict) {}

    /**
     * Every breakdown of one model's resistance: overall, by the labeler's verdict, inside and outside each ambiguity
     * flag, and by each feature.
     *
     * @param cr the model's chosen and rejected rewards, NaN outside its pairs ({@link PairData#rewards})
     */
    public static List<Row> breakdowns(String model, PairData d, double[][] cr, Ambiguity.Flags flags,
                                       double confidence) {
        List<Row> out = new ArrayList<>();
        String[] all = new String[d.size()];
        java.util.Arrays.fill(all, "all");
        out.addAll(by(model, "all", cr[0], cr[1], all, List.of("all"), confidence));
        if (d.labeler != null) {
            String[] lv = new String[d.size()];
            for (int i = 0; i < d.size(); i++) {
                lv[i] = d.labeler[i] == null ? "no verdict" : d.labeler[i];
            }
            out.addAll(by(model, "labeler", cr[0], cr[1], lv,
                    List.of(FeatureTable.AGREES, FeatureTable.INDIFFERENT, FeatureTable.DISAGREES), confidence));
        }
        for (String flag : flags.computed()) {
            String[] lv = new String[d.size()];
            for (int i = 0; i < d.size(); i++) {
                lv[i] = flags.perPair().get(i).contains(flag) ? "inside" : "outside";
            }
            out.addAll(by(model, "ambiguous:" + flag, cr[0], cr[1], lv, List.of("inside", "outside"), confidence));
        }
        for (int j = 0; j < d.features.size(); j++) {
            Feature f = d.features.get(j);
            out.addAll(by(model, f.name(), cr[0], cr[1], featureLevels(f, d.fc[j], d.fr[j]), levelOrder(f),
                    confidence));
        }
        return out;
    }

    /**
     * Resistance of one model within each level of {@code levels} (one entry per pair; null leaves the pair out of
     * this breakdown). Levels are reported in {@code order} first, then in the order they appear.
     */
    public static List<Row> by(String model, String breakdown, double[] c, double[] r, String[] levels,
                               List<String> order, double confidence) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String l : order) {
            counts.put(l, new int[3]);
        }
        for (int i = 0; i < c.length; i++) {
            if (levels[i] == null || !Double.isFinite(c[i]) || !Double.isFinite(r[i])) {
                continue;
            }
            int[] k = counts.computeIfAbsent(levels[i], x -> new int[3]);
            k[0]++;
            if (r[i] >= c[i]) {
                k[1]++;
            }
            if (r[i] == c[i]) {
                k[2]++;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] k = e.getValue();
            if (k[0] == 0 && !order.contains(e.getKey())) {
                continue;
            }
            rows.add(new Row(model, breakdown, e.getKey(), k[0], k[1], k[2], Wilson.interval(k[1], k[0], confidence),
                    Wilson.interval(k[1] - k[2], k[0], confidence)));
        }
        return rows;
    }

    /** The levels of a feature's split: for 0/1 features who has it, otherwise which side is higher. */
    public static String[] featureLevels(Feature f, double[] fc, double[] fr) {
        String[] out = new String[fc.length];
        for (int i = 0; i < fc.length; i++) {
            double a = fc[i];
            double b = fr[i];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                out[i] = MISSING;
            } else if (f.kind() == Feature.Kind.BINARY) {
                out[i] = a != 0 ? (b != 0 ? BOTH : CHOSEN_ONLY) : (b != 0 ? REJECTED_ONLY : NEITHER);
            } else {
                out[i] = a > b ? CHOSEN_HIGHER : a < b ? REJECTED_HIGHER : EQUAL;
            }
        }
        return out;
    }

    public static final String CHOSEN_ONLY = "chosen only";
    public static final String REJECTED_ONLY = "rejected only";
    public static final String BOTH = "both";
    public static final String NEITHER = "neither";
    public static final String CHOSEN_HIGHER = "chosen higher";
    public static final String REJECTED_HIGHER = "rejected higher";
    public static final String EQUAL = "equal";
    public static final String MISSING = "missing";

    public static List<String> levelOrder(Feature f) {
        return f.kind() == Feature.Kind.BINARY ? List.of(CHOSEN_ONLY, REJECTED_ONLY, BOTH, NEITHER)
                : List.of(CHOSEN_HIGHER, EQUAL, REJECTED_HIGHER);
    }
}
