package dev.seal.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiple-comparison adjustment of p-values, as R's {@code p.adjust(p, method)} for the methods
 * "bonferroni", "holm", "BH" (Benjamini–Hochberg false discovery rate) and "BY" (Benjamini–Yekutieli).
 * The family size n is the length of the input; NaN entries are not allowed (R drops NAs from n — callers here
 * never have them, and a NaN would hide a bug).
 */
public final class PAdjust {
    private PAdjust() {}

    public enum Method {
        BONFERRONI, HOLM, BH, BY
    }

    public static double[] adjust(double[] p, Method method) {
        int n = p.length;
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], got " + v);
            }
        }
        if (n <= 1) {
            return p.clone();
        }
        return switch (method) {
            case BONFERRONI -> Arrays.stream(p).map(v -> Math.min(1, n * v)).toArray();
            case HOLM -> holm(p);
            case BH -> stepUp(p, 1);
            case BY -> {
                double q = 0;
                for (int i = 1; i <= n; i++) {
                    q += 1.0 / i;
                }
                yield stepUp(p, q);
            }
        };
    }

    /** R: i <- seq_len(n); o <- order(p); pmin(1, cummax((n - i + 1) * p[o]))[order(o)]. */
    private static double[] holm(double[] p) {
        int n = p.length;
        Integer[] o = order(p, false);
        double[] out = new double[n];
        double run = 0;
        for (int i = 0; i < n; i++) {
            run = Math.max(run, (n - i) * p[o[i]]);
            out[o[i]] = Math.min(1, run);
        }
        return out;
    }

    /** R (BH, q = 1; BY, q = Σ1/i): i <- n:1; o <- order(p, decreasing = TRUE); pmin(1, cummin(q * n/i * p[o]))[order(o)]. */
    private static double[] stepUp(double[] p, double q) {
        int n = p.length;
        Integer[] o = order(p, true);
        double[] out = new double[n];
        double run = Double.POSITIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            int i = n - r;
            run = Math.min(run, q * n / i * p[o[r]]);
            out[o[r]] = Math.min(1, run);
        }
        return out;
    }

    /** A stable ordering like R's order(): ties keep input order. */
    private static Integer[] order(double[] p, boolean decreasing) {
        Comparator<Integer> c = Comparator.comparingDouble(i -> p[i]);
        if (decreasing) {
            c = c.reversed();
        }
        Integer[] idx = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, c); // merge sort on objects: stable
        return idx;
    }
}
