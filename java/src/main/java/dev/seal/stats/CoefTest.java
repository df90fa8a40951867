package dev.seal.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Wald t tests and confidence intervals of OLS coefficients under a given covariance, as
 * {@code lmtest::coeftest(m, vcov. = V, df = d)} and {@code lmtest::coefci(m, vcov. = V, df = d, level = c)}, with
 * p-values adjusted for multiple comparisons across the tested family ({@code p.adjust}).
 *
 * <p>The family is every coefficient but the intercept ({@link Family#TERMS}): the intercept is a baseline reward level,
 * not a hypothesis about a feature, and counting it would make every adjustment stricter for no reason. The SEAL
 * paper's reference code adjusted over every row of the coefficient table, the intercept included
 * ({@link Family#ALL}); {@code seal analyze --replicate-paper} reproduces that.
 */
public final class CoefTest {
    private CoefTest() {}

    /** The coefficients whose p-values are adjusted together. */
    public enum Family {
        /** Every coefficient but the intercept (which gets NaN adjusted p-values). */
        TERMS,
        /** Every coefficient, the intercept included: {@code p.adjust(coeftest(m)[, 4], method)}. */
        ALL
    }

    /**
     * One coefficient's row.
     *
     * @param pBonferroni Bonferroni-adjusted p over the family (NaN outside it: the intercept of {@link Family#TERMS})
     * @param pHolm       Holm-adjusted p (NaN outside the family)
     * @param pBh         Benjamini–Hochberg adjusted p (NaN outside the family)
     */
    public record Row(String term, double estimate, double se, double t, double df, double p, double ciLo,
                      double ciHi, double pBonferroni, double pHolm, double pBh) {}

    /** The name R gives the intercept; a term with this name is left out of the {@link Family#TERMS} family. */
    public static final String INTERCEPT = "(Intercept)";

    /**
     * Tests every coefficient of {@code fit} with the standard errors of {@code vcov} and a t reference with
     * {@code vcov.df()} degrees of freedom; intervals at {@code level} (e.g. 0.95); p-values adjusted over every
     * coefficient but the intercept.
     */
    public static List<Row> test(Ols.Fit fit, Vcov.Result vcov, double level) {
        return test(fit, vcov, level, Family.TERMS);
    }

    /** As {@link #test(Ols.Fit, Vcov.Result, double)}, with p-values adjusted over {@code family}. */
    public static List<Row> test(Ols.Fit fit, Vcov.Result vcov, double level, Family family) {
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
        List<Integer> tested = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            se[j] = vcov.se(j);
            t[j] = est[j] / se[j];
            p[j] = StudentT.twoSidedP(t[j], df);
            if (family == Family.ALL || !fit.names().get(j).equals(INTERCEPT)) {
                tested.add(j);
            }
        }
        double[] fp = new double[tested.size()];
        for (int i = 0; i < fp.length; i++) {
            fp[i] = p[tested.get(i)];
        }
        boolean testable = tested.stream().allMatch(j -> !Double.isNaN(p[j]));
        double[] bonf = testable ? PAdjust.adjust(fp, PAdjust.Method.BONFERRONI) : nan(fp.length);
        double[] holm = testable ? PAdjust.adjust(fp, PAdjust.Method.HOLM) : nan(fp.length);
        double[] bh = testable ? PAdjust.adjust(fp, PAdjust.Method.BH) : nan(fp.length);
        double[] aBonf = nan(k);
        double[] aHolm = nan(k);
        double[] aBh = nan(k);
        for (int i = 0; i < fp.length; i++) {
            aBonf[tested.get(i)] = bonf[i];
            aHolm[tested.get(i)] = holm[i];
            aBh[tested.get(i)] = bh[i];
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
