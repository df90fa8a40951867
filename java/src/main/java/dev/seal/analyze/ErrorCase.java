package dev.seal.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One pair of the error explorer: a pair RM* gets wrong (rejected ≥ chosen), with what a reader needs to judge why.
 *
 * @param rank        1 for the most negative margin
 * @param margin      RM* chosen − rejected
 * @param margin0     RM0's margin (NaN without a baseline)
 * @param regime      the two-model regime ("" without a baseline)
 * @param angle       reward-shift angle (NaN without a baseline)
 * @param flags       ambiguity flags of the pair
 * @param labeler     the LM labeler's verdict ("" when none)
 * @param similarity  word-level similarity of the two responses (NaN without texts)
 * @param lastUser    the last user turn before the responses ("" without texts)
 * @param chosen      the chosen response ("" without texts)
 * @param rejected    the rejected response
 * @param differences the features that differ between the two sides, as "name: chosen → rejected"
 */
public record ErrorCase(int rank, String id, double margin, double margin0, String regime, double angle,
                        List<String> flags, String labeler, double similarity, String lastUser, String chosen,
                        String rejected, List<String> differences) {

    /** The {@code top} pairs with the most negative RM* margins among those RM* gets wrong. */
    public static List<ErrorCase> top(PairData d, int top, Regime[] regimes, double[] angles, Ambiguity.Flags flags) {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (Double.isFinite(d.cStar[i]) && Double.isFinite(d.rStar[i]) && d.rStar[i] >= d.cStar[i]) {
                wrong.add(i);
            }
        }
        wrong.sort(Comparator.<Integer>comparingDouble(i -> d.cStar[i] - d.rStar[i]).thenComparing(d.ids::get));
        List<ErrorCase> out = new ArrayList<>();
        for (int r = 0; r < Math.min(top, wrong.size()); r++) {
            int i = wrong.get(r);
            List<String> diffs = new ArrayList<>();
            for (int j = 0; j < d.features.size(); j++) {
                double a = d.fc[j][i];
                double b = d.fr[j][i];
                if (a != b && !(Double.isNaN(a) && Double.isNaN(b))) {
                    diffs.add(d.features.get(j).name() + ": " + fmt(a) + " → " + fmt(b));
                }
            }
            out.add(new ErrorCase(r + 1, d.ids.get(i), d.cStar[i] - d.rStar[i],
                    d.hasBaseline() ? d.c0[i] - d.r0[i] : Double.NaN,
                    regimes == null || regimes[i] == null ? "" : regimes[i].label(),
                    angles == null ? Double.NaN : angles[i], flags.perPair().get(i),
                    d.labeler == null || d.labeler[i] == null ? "" : d.labeler[i], flags.similarity()[i],
                    d.lastUserTurn(i), d.texts == null || d.texts[i] == null ? "" : d.texts[i].chosen().response(),
                    d.texts == null || d.texts[i] == null ? "" : d.texts[i].rejected().response(), diffs));
        }
        return out;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NA";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
