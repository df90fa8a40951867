package dev.seal.analyze;

import dev.seal.stats.Describe;
import dev.seal.stats.Wilson;

/**
 * Standard reward-model evaluation of one model on its own pairs: those it scored with finite rewards, whatever the
 * other model did with them.
 *
 * @param model            "RM*" or "RM0"
 * @param pairs            pairs with finite rewards from this model
 * @param nanPairs         pairs of this model's file left out because a reward is NaN or infinite
 * @param agree            chosen &gt; rejected
 * @param ties             chosen == rejected
 * @param resisted         rejected ≥ chosen (= pairs − agree): the alignment resistance count, ties included
 * @param accuracy         agree / pairs, Wilson interval
 * @param resistance       resisted / pairs, Wilson interval
 * @param strictResistance rejected &gt; chosen (ties excluded) / pairs, Wilson interval
 * @param margin           chosen − rejected
 * @param chosen           chosen rewards
 * @param rejected         rejected rewards
 */
public record Evaluation(String model, int pairs, int nanPairs, int agree, int ties, int resisted,
                         Wilson.Interval accuracy, Wilson.Interval resistance, Wilson.Interval strictResistance,
                         Describe margin, Describe chosen, Describe rejected) {

    /**
     * The evaluation of {@code model} on {@link PairData#rewards}' arrays (NaN outside its pairs).
     *
     * @param nanPairs pairs of the model's file without finite rewards (not in the arrays' finite entries)
     */
    public static Evaluation of(String model, double[] c, double[] r, int nanPairs, double confidence) {
        int n = 0;
        for (int i = 0; i < c.length; i++) {
            if (Double.isFinite(c[i]) && Double.isFinite(r[i])) {
                n++;
            }
        }
        double[] m = new double[n];
        double[] cc = new double[n];
        double[] rr = new double[n];
        int agree = 0;
        int ties = 0;
        for (int i = 0, j = 0; i < c.length; i++) {
            if (!(Double.isFinite(c[i]) && Double.isFinite(r[i]))) {
                continue;
            }
            cc[j] = c[i];
            rr[j] = r[i];
            m[j] = c[i] - r[i];
            if (c[i] > r[i]) {
                agree++;
            } else if (c[i] == r[i]) {
                ties++;
            }
            j++;
        }
        int resisted = n - agree;
        return new Evaluation(model, n, nanPairs, agree, ties, resisted, Wilson.interval(agree, n, confidence),
                Wilson.interval(resisted, n, confidence), Wilson.interval(resisted - ties, n, confidence),
                Describe.of(m), Describe.of(cc), Describe.of(rr));
    }
}
