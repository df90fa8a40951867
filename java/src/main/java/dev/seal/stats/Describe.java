package dev.seal.stats;

import java.util.Arrays;

/**
 * Summary statistics of a sample, as R computes them: {@code mean}, {@code sd} (n − 1 denominator), {@code quantile}
 * type 7 (R's default: linear interpolation between order statistics at h = (n − 1)p).
 *
 * @param n      values summarised (NaNs are not allowed in the input)
 * @param mean   arithmetic mean (NaN when n = 0)
 * @param sd     sample standard deviation (NaN when n &lt; 2)
 * @param min    smallest value
 * @param q05    5% quantile
 * @param q25    first quartile
 * @param median median
 * @param q75    third quartile
 * @param q95    95% quantile
 * @param max    largest value
 */
public record Describe(int n, double mean, double sd, double min, double q05, double q25, double median, double q75,
                       double q95, double max) {

    public static Describe of(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("NaN in the sample: leave such values out and count them");
            }
        }
        int n = values.length;
        if (n == 0) {
            double x = Double.NaN;
            return new Describe(0, x, x, x, x, x, x, x, x, x);
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double mean = mean(s);
        double sd = n < 2 ? Double.NaN : Math.sqrt(sumSq(s, mean) / (n - 1));
        return new Describe(n, mean, sd, s[0], quantile(s, 0.05), quantile(s, 0.25), quantile(s, 0.5),
                quantile(s, 0.75), quantile(s, 0.95), s[n - 1]);
    }

    /** The mean by a two-pass sum (correction term), accurate for values with a large common offset. */
    public static double mean(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double c = 0;
        for (double x : v) {
            c += x - m;
        }
        return m + c / v.length;
    }

    private static double sumSq(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s;
    }

    /** R's quantile(x, p, type = 7) of an ascending-sorted, non-empty array. */
    public static double quantile(double[] sorted, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        int n = sorted.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double frac = h - lo;
        // R's arrangement, (1 - h) x[lo] + h x[hi], so results agree to the last bit where R's do
        return frac == 0 || sorted[hi] == sorted[lo] ? sorted[lo] : (1 - frac) * sorted[lo] + frac * sorted[hi];
    }
}
