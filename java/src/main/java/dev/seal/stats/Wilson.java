package dev.seal.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927), the interval R reports as
 * {@code prop.test(x, n, correct = FALSE)$conf.int}.
 *
 * <p>Chosen over the textbook Wald interval because agreement rates of reward models sit near 0.6–0.9 and
 * evaluation sets can be small: Wald undercovers there and can leave [0, 1], Wilson does neither.
 */
public final class Wilson {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private Wilson() {}

    /**
     * A two-sided interval around a proportion.
     *
     * @param lo       lower bound, in [0, 1]
     * @param hi       upper bound, in [0, 1]
     * @param estimate the point estimate successes / n
     */
    public record Interval(double lo, double hi, double estimate) {
        /** All NaN: the interval of an empty sample, where no proportion was observed. */
        public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN, Double.NaN);

        public boolean isDefined() {
            return !Double.isNaN(estimate);
        }
    }

    /**
     * The Wilson interval for {@code successes} out of {@code n} at the two-sided {@code confidence} (e.g. 0.95).
     * n = 0 gives {@link Interval#UNDEFINED} rather than an exception, so an empty run still summarises.
     *
     * @throws IllegalArgumentException when successes is outside [0, n] or confidence is outside (0, 1)
     */
    public static Interval interval(long successes, long n, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) {
            return Interval.UNDEFINED;
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
        double nn = n;
        double p = successes / nn;
        // Same arrangement as R's prop.test, so results agree with R to rounding.
        double z22n = z * z / (2 * nn);
        double denom = 1 + 2 * z22n;
        double center = (p + z22n) / denom;
        double half = z * Math.sqrt(p * (1 - p) / nn + z22n / (2 * nn)) / denom;
        // At the edges the exact bound is 0 or 1; floating point would give a value off by an ulp.
        double lo = successes == 0 ? 0 : Math.max(0, center - half);
        double hi = successes == n ? 1 : Math.min(1, center + half);
        return new Interval(lo, hi, p);
    }
}
