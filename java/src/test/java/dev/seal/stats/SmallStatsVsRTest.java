package dev.seal.stats;

import static dev.seal.stats.RegressionVsRTest.rel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** t tails and quantiles, p.adjust and quantile/sd against R 4.2.2 (commands beside each value). */
class SmallStatsVsRTest {
    @ParameterizedTest(name = "2 * pt(-abs({0}), {1})")
    @CsvSource({
            "0.5, 5, 0.63829887164092902",                // 2 * pt(-abs(0.5), 5)
            "2, 59, 0.050110412988244403",                // 2 * pt(-abs(2), 59)
            "10, 499, 1.3971925705270352e-21",            // 2 * pt(-abs(10), 499)
            "40, 1000, 1.0478852155172875e-209",          // 2 * pt(-abs(40), 1000)
            "-3.2, 2, 0.085340879239952858",              // 2 * pt(-abs(-3.2), 2)
            "1e-8, 30, 0.99999999208735635",              // 2 * pt(-abs(1e-08), 30)
    })
    void twoSidedPMatchesR(double t, double df, double p) {
        rel("p", p, StudentT.twoSidedP(t, df));
    }

    @ParameterizedTest(name = "qt(0.975, {0})")
    @CsvSource({
            "2, 4.3026527297494619",    // qt(0.975, 2)
            "5, 2.5705818356363137",    // qt(0.975, 5)
            "59, 2.000995378088267",    // qt(0.975, 59)
            "1000, 1.9623390808264076", // qt(0.975, 1000)
    })
    void quantileMatchesR(double df, double q) {
        rel("q", q, StudentT.quantile(0.975, df));
    }

    // p <- c(0.01, 0.04, 0.04, 0.2, 0.0005, 0.9, 0.03)
    private static final double[] P = {0.01, 0.04, 0.04, 0.2, 0.0005, 0.9, 0.03};

    @Test
    void pAdjustMatchesR() {
        // p.adjust(p, "bonferroni")
        check(new double[] {0.070000000000000007, 0.28000000000000003, 0.28000000000000003, 1, 0.0035000000000000001, 1, 0.20999999999999999},
                PAdjust.adjust(P, PAdjust.Method.BONFERRONI));
        // p.adjust(p, "holm")
        check(new double[] {0.059999999999999998, 0.16, 0.16, 0.40000000000000002, 0.0035000000000000001, 0.90000000000000002, 0.14999999999999999},
                PAdjust.adjust(P, PAdjust.Method.HOLM));
        // p.adjust(p, "BH")
        check(new double[] {0.035000000000000003, 0.055999999999999994, 0.055999999999999994, 0.23333333333333336, 0.0035000000000000001, 0.90000000000000002, 0.055999999999999994},
                PAdjust.adjust(P, PAdjust.Method.BH));
        // p.adjust(p, "BY")
        check(new double[] {0.090750000000000011, 0.14520000000000002, 0.14520000000000002, 0.60500000000000009, 0.0090750000000000015, 1, 0.14520000000000002},
                PAdjust.adjust(P, PAdjust.Method.BY));
        assertArrayEquals(new double[] {0.3}, PAdjust.adjust(new double[] {0.3}, PAdjust.Method.BH));
        assertThrows(IllegalArgumentException.class, () -> PAdjust.adjust(new double[] {0.1, Double.NaN}, PAdjust.Method.BH));
    }

    @Test
    void describeMatchesR() {
        // x <- c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, -9.75, 2)
        Describe d = Describe.of(new double[] {3.1, -2, 7.25, 0, 11, 4.5, 4.5, -9.75, 2});
        // quantile(x, c(0.05, 0.25, 0.5, 0.75, 0.95)) = -6.65, 0, 3.1, 4.5, 9.4999999999999982
        rel("q05", -6.6500000000000004, d.q05());
        assertEquals(0, d.q25());
        rel("median", 3.1000000000000001, d.median());
        rel("q75", 4.5, d.q75());
        rel("q95", 9.4999999999999982, d.q95());
        rel("mean", 2.2888888888888888, d.mean()); // mean(x)
        rel("sd", 5.9116821727077911, d.sd());     // sd(x)
        assertEquals(-9.75, d.min());
        assertEquals(11, d.max());
        assertEquals(0, Describe.of(new double[0]).n());
    }

    private static void check(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            rel("p[" + i + "]", expected[i], actual[i]);
        }
    }
}
