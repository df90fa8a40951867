package dev.seal.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Student's t tail probabilities and quantiles to full precision.
 *
 * <p>Commons Math's {@code TDistribution.cumulativeProbability} returns 1 − ½I for positive t, so 2·(1 − cdf(|t|))
 * loses every digit once p drops below ~1e-16 and several digits well before. The two-sided p-value is computed here
 * directly from the regularized incomplete beta, I_{ν/(ν+t²)}(ν/2, ½) (or its complement for |t| &lt; 1), which keeps
 * its relative precision down to the smallest doubles.
 */
public final class StudentT {
    private StudentT() {}

    /** 2·P(T_ν > |t|), R's {@code 2 * pt(-abs(t), df)}. NaN for NaN t; 0 for infinite t. */
    public static double twoSidedP(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (t == 0) {
            return 1;
        }
        double t2 = t * t;
        // |t| >= 1: p = I_x(df/2, 1/2) at x = df/(df + t²), relative precision down to the tiniest p. |t| < 1: x
        // rounds towards 1 and loses digits (for t = 1e-8 it IS 1), but then p > 0.3, so the complement
        // 1 − I_y(1/2, df/2) at y = t²/(df + t²) is exact to an ulp of 1.
        double p = t2 < 1
                ? 1 - Beta.regularizedBeta(t2 / (df + t2), 0.5, df / 2, 1e-15, Integer.MAX_VALUE)
                : Beta.regularizedBeta(df / (df + t2), df / 2, 0.5, 1e-15, Integer.MAX_VALUE);
        return Math.min(1, Math.max(0, p));
    }

    /** The quantile q with P(T_ν ≤ q) = p, R's {@code qt(p, df)}. */
    public static double quantile(double p, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        return new TDistribution(null, df, 1e-13).inverseCumulativeProbability(p);
    }
}
