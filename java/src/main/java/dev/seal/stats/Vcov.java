package dev.seal.stats;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Covariance matrices of OLS coefficients.
 *
 * <ul>
 *   <li>{@link #classical}: σ̂²(X'X)⁻¹, R's {@code vcov(lm)}.</li>
 *   <li>{@link #clustered} (CR1): (X'X)⁻¹ (Σ_g u_g u_gᵀ) (X'X)⁻¹ · G/(G−1) · (n−1)/(n−k), with u_g = Σ_{i∈g} x_i e_i
 *       the summed scores of cluster g. This is exactly sandwich's {@code vcovCL(m, cluster = ~g, type = "HC1")}
 *       (its defaults {@code cadjust = TRUE}, {@code type = "HC1"} for lm), i.e. Stata's {@code vce(cluster g)}.
 *       With every observation its own cluster (G = n) it reduces to {@code vcovHC(m, type = "HC1")}.</li>
 *   <li>{@link #hc1}: (X'X)⁻¹ (Σ_i x_i x_iᵀ e_i²) (X'X)⁻¹ · n/(n−k), sandwich's {@code vcovHC(m, type = "HC1")}, for
 *       models with one observation per independent unit.</li>
 * </ul>
 *
 * <p>Each result carries the degrees of freedom of the t reference that goes with it, chosen to match the R call
 * seal's numbers are checked against: n − k for classical and HC1 ({@code lmtest::coeftest(m, vcov. = V)} uses
 * the model's residual df when no {@code df} is given), G − 1 for CR1 ({@code coeftest(m, vcov. = V, df = G - 1)},
 * as Stata does for clustered errors: with few clusters n − k overstates the information in the data).
 */
public final class Vcov {
    private Vcov() {}

    /** The kind of covariance, as it is named in reports. */
    public enum Kind {
        CLASSICAL("classical (iid errors)"),
        CR1("CR1 cluster-robust (sandwich::vcovCL type HC1), t with G − 1 df"),
        HC1("HC1 heteroskedasticity-robust (sandwich::vcovHC type HC1), t with n − k df");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A covariance matrix with what a test needs to go with it.
     *
     * @param matrix   k × k
     * @param kind     how it was computed
     * @param clusters G (for CR1); n for classical and HC1 (every observation its own cluster)
     * @param df       the degrees of freedom the t reference uses: G − 1 for CR1 (as
     *                 {@code lmtest::coeftest(m, vcov. = V, df = G - 1)}), n − k for classical and HC1 (as
     *                 {@code coeftest(m)} and {@code coeftest(m, vcov. = vcovHC(m, type = "HC1"))})
     */
    public record Result(RealMatrix matrix, Kind kind, int clusters, int df) {
        public double se(int j) {
            return Math.sqrt(matrix.getEntry(j, j));
        }
    }

    /** σ̂²(X'X)⁻¹ with n − k degrees of freedom. */
    public static Result classical(Ols.Fit fit) {
        double s2 = fit.rss() / fit.dfResidual();
        return new Result(fit.xtxInv().scalarMultiply(s2), Kind.CLASSICAL, fit.n(), fit.dfResidual());
    }

    /**
     * CR1 clustered covariance (see the class comment).
     *
     * @param x       the design the fit was made on (n × k)
     * @param cluster a cluster label per observation (any strings; equal labels share a cluster)
     * @throws IllegalArgumentException when there are fewer than 2 clusters or the sizes do not match
     */
    public static Result clustered(Ols.Fit fit, double[][] x, String[] cluster) {
        int n = fit.n();
        checkRows(fit, x);
        if (cluster.length != n) {
            throw new IllegalArgumentException("need one cluster per observation: n = " + n + ", clusters "
                    + cluster.length);
        }
        Map<String, Integer> index = new HashMap<>();
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = index.computeIfAbsent(cluster[i], key -> index.size());
        }
        int groups = index.size();
        if (groups < 2) {
            throw new IllegalArgumentException("clustered standard errors need at least 2 clusters, got " + groups);
        }
        double adj = (double) groups / (groups - 1) * (n - 1) / (double) (n - fit.k());
        return new Result(sandwich(fit, x, g, groups, adj), Kind.CR1, groups, groups - 1);
    }

    /**
     * HC1 heteroskedasticity-robust covariance (see the class comment): CR1 with every observation its own cluster,
     * whose factor n/(n−1) · (n−1)/(n−k) is HC1's n/(n−k); tested with the model's residual df n − k.
     *
     * @param x the design the fit was made on (n × k)
     */
    public static Result hc1(Ols.Fit fit, double[][] x) {
        int n = fit.n();
        checkRows(fit, x);
        int[] own = new int[n];
        for (int i = 0; i < n; i++) {
            own[i] = i;
        }
        return new Result(sandwich(fit, x, own, n, n / (double) (n - fit.k())), Kind.HC1, n, fit.dfResidual());
    }

    private static void checkRows(Ols.Fit fit, double[][] x) {
        if (x.length != fit.n()) {
            throw new IllegalArgumentException("need one design row per observation: n = " + fit.n() + ", rows "
                    + x.length);
        }
    }

    /** (X'X)⁻¹ (Σ_g u_g u_gᵀ) (X'X)⁻¹ · adj, u_g the summed scores x_i e_i of group g (g[i] in 0..groups−1). */
    private static RealMatrix sandwich(Ols.Fit fit, double[][] x, int[] g, int groups, double adj) {
        int n = fit.n();
        int k = fit.k();
        double[][] u = new double[groups][k];
        double[] e = fit.residuals();
        for (int i = 0; i < n; i++) {
            double[] ug = u[g[i]];
            double[] xi = x[i];
            for (int j = 0; j < k; j++) {
                ug[j] += xi[j] * e[i];
            }
        }
        double[][] meat = new double[k][k];
        for (double[] ug : u) {
            for (int a = 0; a < k; a++) {
                if (ug[a] == 0) {
                    continue;
                }
                for (int b = 0; b < k; b++) {
                    meat[a][b] += ug[a] * ug[b];
                }
            }
        }
        RealMatrix bread = fit.xtxInv();
        RealMatrix v = bread.multiply(new Array2DRowRealMatrix(meat, false)).multiply(bread).scalarMultiply(adj);
        // exact symmetry, so that a quadratic form never sees rounding asymmetry
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double m = (v.getEntry(a, b) + v.getEntry(b, a)) / 2;
                v.setEntry(a, b, m);
                v.setEntry(b, a, m);
            }
        }
        return v;
    }
}
