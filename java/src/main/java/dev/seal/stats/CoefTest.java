package dev.seal.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Wald t tests and confidence intervals of OLS coefficients under a given covariance, as
 * {@code lmtest::coeftest(m, vcov. = V, df = d)} and {@code lmtest::coefci(m, vcov. = V, df = d, level = c)}, with
 * p-values adjusted for multiple comparisons across the tested family ({@code p.adjust}).
 *
 * <p>The family is every coefficient but the intercept: the intercept is a baseline reward level, not a hypothesis
 * about a feature, and counting it would make every adjustment stricter for no reason.
 */
public final class CoefTest {
    private CoefTest() {}

    /**
     * One coefficient's row.
     *
     * @param pBonferroni Bonferroni-adjusted p over the family (NaN for the intercept)
     * @param pHolm       Holm-adjusted p (NaN for the intercept)
     * @param pBh         Benjamini–Hochberg adjusted p (NaN for the intercept)
     */
    public record Row(String term, double estimate, double se, double t, double df, double p, double ciLo,
                      double ciHi, double pBonferroni, double pHolm, double pBh) {}

    /** The name R gives the intercept; a term with this name is left out of the adjustment family. */
    public static final String INTERCEPT = "(Intercept)";

    /**
     * Tests every coefficient of {@code fit} with the standard errors of {@code vcov} and a t reference with
     * {@code vcov.df()} degrees of freedom; intervals at {@code level} (e.g. 0.95).
     */
    public static List<Row> test(Ols.Fit fit, Vcov.Result vcov, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        int k = fit.k();
        double df = vcov.df();
        double q = StudentT.quantile(1 - (1 - level) / 2, df);
        double[] est = fit.coef();
        double[] se = new double[k];
        double[] t = new double[k];
        double[] p = new double[k];
        List<Integer> family = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            se[j] = vcov.se(j);
            t[j] = est[j] / se[j];
            p[j] = StudentT.twoSidedP(t[j], df);
            if (!fit.names().get(j).equals(INTERCEPT)) {
                family.add(j);
            }
        }
        double[] fp = new double[family.size()];
        for (int i = 0; i < fp.length; i++) {
            fp[i] = p[family.get(i)];
        }
        boolean testable = family.stream().allMatch(j -> !Double.isNaN(p[j]));
        double[] bonf = testable ? PAdjust.adjust(fp, PAdjust.Method.BONFERRONI) : nan(fp.length);
        double[] holm = testable ? PAdjust.adjust(fp, PAdjust.Method.HOLM) : nan(fp.length);
        double[] bh = testable ? PAdjust.adjust(fp, PAdjust.Method.BH) : nan(fp.length);
        double[] aBonf = nan(k);
        double[] aHolm = nan(k);
        double[] aBh = nan(k);
        for (int i = 0; i < fp.length; i++) {
            aBonf[family.get(i)] = bonf[i];
            aHolm[family.get(i)] = holm[i];
            aBh[family.get(i)] = bh[i];
        }
        List<Row> rows = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            rows.add(new Row(fit.names().get(j), est[j], se[j], t[j], df, p[j], est[j] - q * se[j],
                    est[j] + q * se[j], aBonf[j], aHolm[j], aBh[j]));
        }
        return rows;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
