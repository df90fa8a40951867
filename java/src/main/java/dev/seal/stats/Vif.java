package dev.seal.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Variance inflation factors of regressors in a model with an intercept: VIF_j = 1 / (1 − R²_j), R²_j from
 * regressing regressor j on the others (and an intercept). Computed as the diagonal of the inverse correlation
 * matrix, which is the same number ({@code car::vif} for numeric regressors; in R without car:
 * {@code diag(solve(cor(X)))}).
 */
public final class Vif {
    private Vif() {}

    /**
     * VIFs of the columns of {@code x} (n × k, the regressors without the intercept column). A column that is
     * constant, or that a combination of the others reproduces exactly, gets +Infinity.
     */
    public static double[] of(double[][] x) {
        int n = x.length;
        int k = n == 0 ? 0 : x[0].length;
        double[] out = new double[k];
        if (k == 0) {
            return out;
        }
        if (k == 1) {
            out[0] = variance(x, 0) > 0 ? 1 : Double.POSITIVE_INFINITY;
            return out;
        }
        boolean anyConstant = false;
        for (int j = 0; j < k; j++) {
            if (!(variance(x, j) > 0)) {
                out[j] = Double.POSITIVE_INFINITY;
                anyConstant = true;
            }
        }
        if (anyConstant) {
            // the correlation matrix is undefined; give the rest their VIF among the non-constant columns
            int m = 0;
            for (double v : out) {
                if (v == 0) {
                    m++;
                }
            }
            int[] keep = new int[m];
            for (int j = 0, c = 0; j < k; j++) {
                if (out[j] == 0) {
                    keep[c++] = j;
                }
            }
            double[][] sub = new double[n][m];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < m; c++) {
                    sub[i][c] = x[i][keep[c]];
                }
            }
            double[] v = m == 0 ? new double[0] : of(sub);
            for (int c = 0; c < m; c++) {
                out[keep[c]] = v[c];
            }
            return out;
        }
        RealMatrix cor = new PearsonsCorrelation(new Array2DRowRealMatrix(x, false)).getCorrelationMatrix();
        LUDecomposition lu = new LUDecomposition(cor, 1e-12);
        if (!lu.getSolver().isNonSingular()) {
            // exact collinearity: find the columns involved through the aliasing scan and mark them infinite;
            // others get their VIF without them
            java.util.Arrays.fill(out, Double.NaN);
            double[][] withOnes = new double[n][k + 1];
            for (int i = 0; i < n; i++) {
                withOnes[i][0] = 1;
                System.arraycopy(x[i], 0, withOnes[i], 1, k);
            }
            for (int j : Ols.aliased(withOnes, k + 1)) {
                out[j - 1] = Double.POSITIVE_INFINITY;
            }
            return out;
        }
        RealMatrix inv = lu.getSolver().getInverse();
        for (int j = 0; j < k; j++) {
            out[j] = inv.getEntry(j, j);
        }
        return out;
    }

    private static double variance(double[][] x, int j) {
        double mean = 0;
        for (double[] row : x) {
            mean += row[j];
        }
        mean /= x.length;
        double s = 0;
        for (double[] row : x) {
            s += (row[j] - mean) * (row[j] - mean);
        }
        return s;
    }
}
