package dev.seal.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Ordinary least squares, as R's {@code lm(y ~ ...)} computes it: a Householder QR of the design (Commons Math), the
 * coefficients from it, and (X'X)⁻¹ = R⁻¹R⁻ᵀ for the standard errors ({@link Vcov}).
 *
 * <p>A design whose columns are linearly dependent has no unique fit. R then drops ("aliases") the later of the
 * dependent columns and reports NA; here {@link #aliased} finds those columns the same way (a column is aliased when
 * its part orthogonal to the earlier kept columns is shorter than {@code 1e-7} of its own length, R's default
 * {@code tol}) and {@link #fit} refuses such a design with a {@link CollinearityException} naming them, so a caller
 * decides what to drop instead of getting silently missing coefficients.
 */
public final class Ols {
    /** R's lm() tolerance for linear dependence (lm.fit's {@code tol}). */
    public static final double ALIAS_TOL = 1e-7;

    private Ols() {}

    /**
     * A fitted linear model.
     *
     * @param names     coefficient names, in design column order
     * @param coef      the estimates
     * @param xtxInv    (X'X)⁻¹, k × k
     * @param residuals y − Xβ, one per observation
     * @param n         observations
     * @param k         coefficients (design columns)
     * @param rss       residual sum of squares
     * @param tss       total sum of squares around the mean of y (the model has an intercept) or around 0 (it has
     *                  none), as R's summary.lm uses for R²
     * @param intercept whether the design has a column of ones (R² is then centred)
     */
    public record Fit(List<String> names, double[] coef, RealMatrix xtxInv, double[] residuals, int n, int k,
                      double rss, double tss, boolean intercept) {
        public Fit {
            names = List.copyOf(names);
        }

        /** R², as summary.lm: 1 − RSS/TSS. */
        public double r2() {
            return 1 - rss / tss;
        }

        /** Adjusted R², as summary.lm: 1 − (1 − R²)(n − df.int)/(n − k). */
        public double adjR2() {
            int dfInt = intercept ? 1 : 0;
            return 1 - (1 - r2()) * (n - dfInt) / (double) (n - k);
        }

        /** Residual standard error σ̂ = sqrt(RSS / (n − k)). */
        public double sigma() {
            return Math.sqrt(rss / (n - k));
        }

        public int dfResidual() {
            return n - k;
        }

        public int index(String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no coefficient " + name + " in " + names);
            }
            return i;
        }
    }

    /** Thrown by {@link #fit} for a rank-deficient design; names the columns R would alias (report NA for). */
    public static final class CollinearityException extends IllegalArgumentException {
        private final List<String> aliased;

        public CollinearityException(List<String> aliased) {
            super("the design is rank deficient: " + String.join(", ", aliased)
                    + (aliased.size() == 1 ? " is a linear combination" : " are linear combinations")
                    + " of earlier columns");
            this.aliased = List.copyOf(aliased);
        }

        public List<String> aliased() {
            return aliased;
        }
    }

    /**
     * Fits y on the columns of x (n rows × k columns; include a column of ones for an intercept — it is recognised as
     * the intercept for R²).
     *
     * @throws CollinearityException    when a column is a linear combination of earlier ones
     * @throws IllegalArgumentException for mismatched sizes, non-finite values or n ≤ k
     */
    public static Fit fit(double[][] x, double[] y, List<String> names) {
        Objects.requireNonNull(names, "names");
        int n = y.length;
        int k = names.size();
        check(x, y, k);
        if (n <= k) {
            throw new IllegalArgumentException("need more observations than coefficients: n = " + n + ", k = " + k);
        }
        List<Integer> al = aliased(x, k);
        if (!al.isEmpty()) {
            throw new CollinearityException(al.stream().map(names::get).toList());
        }
        RealMatrix xm = new Array2DRowRealMatrix(x, false);
        QRDecomposition qr = new QRDecomposition(xm);
        double[] coef = qr.getSolver().solve(new ArrayRealVector(y, false)).toArray();
        RealMatrix r = qr.getR().getSubMatrix(0, k - 1, 0, k - 1);
        RealMatrix rInv = MatrixUtils.inverse(r);
        RealMatrix xtxInv = rInv.multiply(rInv.transpose());
        double[] res = new double[n];
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            for (int j = 0; j < k; j++) {
                fitted += x[i][j] * coef[j];
            }
            res[i] = y[i] - fitted;
            rss += res[i] * res[i];
        }
        boolean intercept = hasIntercept(x, k);
        double mean = 0;
        if (intercept) {
            for (double v : y) {
                mean += v;
            }
            mean /= n;
        }
        double tss = 0;
        for (double v : y) {
            tss += (v - mean) * (v - mean);
        }
        return new Fit(names, coef, xtxInv, res, n, k, rss, tss, intercept);
    }

    /**
     * The columns R's lm() would alias: scanning left to right, a column whose component orthogonal to the kept
     * earlier columns has norm below {@link #ALIAS_TOL} times its own norm (a zero column included). Modified
     * Gram–Schmidt, orthogonalised twice for accuracy.
     */
    public static List<Integer> aliased(double[][] x, int k) {
        int n = x.length;
        List<double[]> basis = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = x[i][j];
            }
            double norm0 = norm(v);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double d = dot(q, v);
                    for (int i = 0; i < n; i++) {
                        v[i] -= d * q[i];
                    }
                }
            }
            double norm1 = norm(v);
            if (norm0 == 0 || norm1 < ALIAS_TOL * norm0) {
                out.add(j);
                continue;
            }
            for (int i = 0; i < n; i++) {
                v[i] /= norm1;
            }
            basis.add(v);
        }
        return out;
    }

    private static boolean hasIntercept(double[][] x, int k) {
        for (int j = 0; j < k; j++) {
            boolean ones = true;
            for (double[] row : x) {
                if (row[j] != 1.0) {
                    ones = false;
                    break;
                }
            }
            if (ones) {
                return true;
            }
        }
        return false;
    }

    private static void check(double[][] x, double[] y, int k) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows, y has " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != k) {
                throw new IllegalArgumentException("row " + i + " of x has " + x[i].length + " columns, expected " + k);
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y[" + i + "] is " + y[i]);
            }
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("x[" + i + "][" + j + "] is " + x[i][j]);
                }
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
