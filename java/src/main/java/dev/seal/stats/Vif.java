package dev.seal.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Variance inflation factors of regressors in a model with an intercept: VIF_j = 1 / (1 − R²_j), R²_j from
 * regressing regressor j on the others (and an intercept). Computed as the diagonal of the inverse correlation
 * matrix, which is the same number ({@code car::vif} for numeric regressors; in R without car:
 * {@code diag(solve(cor(X)))}, or {@code 1 / (1 - summary(lm(x_j ~ others))$r.squared)}, which also works when the
 * design is collinear).
 */
public final class Vif {
    private Vif() {}

    /**
     * VIFs of the columns of {@code x} (n × k, the regressors without the intercept column).
     *
     * <p>A column that the intercept and the other columns reproduce exactly — a constant column, or any column of an
     * exact linear dependency — has R²_j = 1 and gets +Infinity. Every other column still gets its finite VIF: a
     * reader looking for the culprits of a collinear design needs to see which columns are outside the dependency,
     * and their VIF is well defined (R²_j of a projection onto the span of the others, whatever its basis).
     * Collinearity is judged as R's {@code lm} does ({@link Ols#aliased}, tolerance {@link Ols#ALIAS_TOL}).
     */
    public static double[] of(double[][] x) {
        int n = x.length;
        int k = n == 0 ? 0 : x[0].length;
        double[] out = new double[k];
        if (k == 0) {
            return out;
        }
        List<Integer> aliased = aliasedRegressors(x, identity(k));
        if (aliased.isEmpty()) {
            return inverseCorrelationDiagonal(x);
        }
        // The columns outside the dependency: without the aliased columns the design has full rank and the same
        // span, so a column's R² on the kept others is its R² on all the others. A column inside the dependency
        // but not aliased itself (x1 for x5 = x1 + 2·x4) is found by testing whether it is aliased when last.
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (!aliased.contains(j)) {
                kept.add(j);
            }
        }
        double[] keptVif = kept.isEmpty() ? new double[0] : inverseCorrelationDiagonal(columns(x, kept));
        for (int j = 0; j < k; j++) {
            int c = kept.indexOf(j);
            out[j] = c < 0 || reproducedByOthers(x, j) ? Double.POSITIVE_INFINITY : keptVif[c];
        }
        return out;
    }

    /** Whether column j is a linear combination of the intercept and the other columns. */
    private static boolean reproducedByOthers(double[][] x, int j) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < x[0].length; c++) {
            if (c != j) {
                order.add(c);
            }
        }
        order.add(j);
        return aliasedRegressors(x, order).contains(j);
    }

    /** The regressors R's lm would alias, scanning an intercept and then the columns in {@code order}. */
    private static List<Integer> aliasedRegressors(double[][] x, List<Integer> order) {
        double[][] withOnes = new double[x.length][order.size() + 1];
        for (int i = 0; i < x.length; i++) {
            withOnes[i][0] = 1;
            for (int c = 0; c < order.size(); c++) {
                withOnes[i][c + 1] = x[i][order.get(c)];
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int a : Ols.aliased(withOnes, order.size() + 1)) {
            out.add(order.get(a - 1)); // column 0 (the intercept) is never aliased: it comes first and is not zero
        }
        return out;
    }

    /** diag(solve(cor(x))) for a design with no constant column and no exact collinearity. */
    private static double[] inverseCorrelationDiagonal(double[][] x) {
        int k = x[0].length;
        double[] out = new double[k];
        if (k == 1) {
            out[0] = 1; // cor of one column is the 1 × 1 matrix 1
            return out;
        }
        RealMatrix cor = new PearsonsCorrelation(new Array2DRowRealMatrix(x, false)).getCorrelationMatrix();
        RealMatrix inv = new LUDecomposition(cor, 0).getSolver().getInverse();
        for (int j = 0; j < k; j++) {
            out[j] = inv.getEntry(j, j);
        }
        return out;
    }

    private static double[][] columns(double[][] x, List<Integer> cols) {
        double[][] sub = new double[x.length][cols.size()];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < cols.size(); c++) {
                sub[i][c] = x[i][cols.get(c)];
            }
        }
        return sub;
    }

    private static List<Integer> identity(int k) {
        List<Integer> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            out.add(j);
        }
        return out;
    }
}
