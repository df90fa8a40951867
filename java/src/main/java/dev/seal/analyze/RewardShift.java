package dev.seal.analyze;

import dev.seal.stats.Describe;
import java.util.ArrayList;
import java.util.List;

/**
 * Reward shift: how training on the data rotated each pair's reward vector. For pair i, v0 = (r0(chosen),
 * r0(rejected)) and v* = (r*(chosen), r*(rejected)); the angle is the signed angle from v0 to v*, in degrees in
 * (−180, 180], counter-clockwise positive in the (chosen, rejected) plane — the SEAL notebooks' convention
 * (arccos of the cosine, negated when the 2-D cross product v0 × v* is negative), computed here as
 * atan2(v0 × v*, v0 · v*), which is the same number without arccos's loss of precision near 0° and 180°.
 * What a rotation means depends on where the vectors lie (in the positive quadrant counter-clockwise turns towards
 * the rejected axis, in the negative quadrant towards the chosen axis); whether a pair crossed the diagonal — became
 * aligned or not — is its {@link Regime}, which the angle distribution is broken down by.
 */
public final class RewardShift {
    private RewardShift() {}

    /** One regime's angle distribution. */
    public record Summary(String regime, Describe angle) {}

    /**
     * The angles, one per pair (NaN outside the pairs both models scored with finite rewards, or where a vector is
     * zero).
     *
     * @param scale RAW: the rewards as given; STANDARDIZED: each model's rewards over the texts of the pairs both
     *              models scored centred and scaled to sd 1 first, so both models are scaled on the same texts
     */
    public static double[] angles(PairData d, AnalysisConfig.Angle scale) {
        int n = d.size();
        double[] out = new double[n];
        double[] s = {0, 1, 0, 1}; // mean*, sd*, mean0, sd0
        if (scale == AnalysisConfig.Angle.STANDARDIZED) {
            s = standardization(d);
        }
        for (int i = 0; i < n; i++) {
            if (!d.valid(PairData.Sample.JOINT, i)) {
                out[i] = Double.NaN;
                continue;
            }
            double ac = (d.c0[i] - s[2]) / s[3];
            double ar = (d.r0[i] - s[2]) / s[3];
            double bc = (d.cStar[i] - s[0]) / s[1];
            double br = (d.rStar[i] - s[0]) / s[1];
            out[i] = angle(ac, ar, bc, br);
        }
        return out;
    }

    /** Signed angle in degrees from (a1, a2) to (b1, b2); NaN when either is the zero vector. */
    public static double angle(double a1, double a2, double b1, double b2) {
        if ((a1 == 0 && a2 == 0) || (b1 == 0 && b2 == 0)) {
            return Double.NaN;
        }
        double cross = a1 * b2 - a2 * b1;
        double dot = a1 * b1 + a2 * b2;
        double deg = Math.toDegrees(Math.atan2(cross, dot));
        return deg == -180 ? 180 : deg;
    }

    private static double[] standardization(PairData d) {
        List<Double> star = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.valid(PairData.Sample.JOINT, i)) {
                star.add(d.cStar[i]);
                star.add(d.rStar[i]);
                base.add(d.c0[i]);
                base.add(d.r0[i]);
            }
        }
        Describe a = Describe.of(star.stream().mapToDouble(Double::doubleValue).toArray());
        Describe b = Describe.of(base.stream().mapToDouble(Double::doubleValue).toArray());
        return new double[] {a.mean(), a.sd() > 0 ? a.sd() : 1, b.mean(), b.sd() > 0 ? b.sd() : 1};
    }

    /** The angle distribution overall and per regime. */
    public static List<Summary> summaries(double[] angles, Regime[] regimes) {
        List<Summary> out = new ArrayList<>();
        out.add(new Summary("all", Describe.of(finite(angles, null, null))));
        for (Regime r : Regime.values()) {
            out.add(new Summary(r.label(), Describe.of(finite(angles, regimes, r))));
        }
        return out;
    }

    static double[] finite(double[] v, Regime[] regimes, Regime want) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (want == null || regimes[i] == want)) {
                out.add(v[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * angle ~ chosen features + rejected features, one observation per pair: HC1 errors, t tests with n − k df
     * ({@code coeftest(m, vcov. = vcovHC(m, type = "HC1"))}). A feature equal on both sides of every pair enters
     * once, as "pair:f".
     */
    public static Regression regression(PairData d, Imprint.Design design, double[] angles, double confidence,
                                        List<String> notes) {
        return regression(d, design, angles, notes, (y, terms, cols) -> Regression.robust("angle", RESPONSE, y, terms,
                cols, confidence));
    }

    /** What the angle regression regresses. */
    public static final String RESPONSE = "reward-shift angle per pair (degrees)";

    /** The angle regression's data, as seal's angle model has it, fitted by {@code fit}. */
    public static Regression regression(PairData d, Imprint.Design design, double[] angles, List<String> notes,
                                        Regression.Fitter fit) {
        List<Integer> rows = new ArrayList<>();
        for (int i : design.sample(PairData.Sample.JOINT)) {
            if (!Double.isNaN(angles[i])) {
                rows.add(i);
            }
        }
        List<Regression.Term> terms = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (int j : design.features()) {
            Feature f = d.features.get(j);
            double[] c = new double[rows.size()];
            double[] r = new double[rows.size()];
            boolean same = true;
            for (int a = 0; a < rows.size(); a++) {
                c[a] = d.fc[j][rows.get(a)];
                r[a] = d.fr[j][rows.get(a)];
                same &= c[a] == r[a];
            }
            if (same) {
                terms.add(new Regression.Term("pair:" + f.name(), f));
                cols.add(c);
            } else {
                terms.add(new Regression.Term("chosen:" + f.name(), f));
                cols.add(c);
                terms.add(new Regression.Term("rejected:" + f.name(), f));
                cols.add(r);
            }
        }
        if (terms.isEmpty() || rows.size() < terms.size() + 2) {
            return null;
        }
        Imprint.dropAliased(terms, cols, rows.size(), notes, "angle");
        double[] y = rows.stream().mapToDouble(i -> angles[i]).toArray();
        return fit.fit(y, terms, cols);
    }
}
