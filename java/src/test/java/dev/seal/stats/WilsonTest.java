package dev.seal.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WilsonTest {
    /**
     * Expected bounds computed from the closed form
     * (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = qnorm((1 + conf)/2), in 50-digit arithmetic
     * (mpmath), independently of the code under test; R gives the same numbers with the command on each row.
     * They agree with scipy.stats.binomtest(x, n).proportion_ci(method="wilson") to 1e-16.
     */
    @ParameterizedTest(name = "{0}/{1} at {2}")
    @CsvSource({
            // x, n, conf, lo, hi                                    R: prop.test(x, n, conf.level = conf, correct = FALSE)$conf.int
            "81, 263, 0.95, 0.25528851987827423, 0.36620957698280007",   // prop.test(81, 263, correct = FALSE)$conf.int
            "15, 148, 0.95, 0.06238639953073628, 0.16048724172330804",   // prop.test(15, 148, correct = FALSE)$conf.int
            "0, 20, 0.95, 0.0, 0.16112515805281939",                     // prop.test(0, 20, correct = FALSE)$conf.int
            "1, 29, 0.95, 0.0061132142927626605, 0.17175521879320288",   // prop.test(1, 29, correct = FALSE)$conf.int
            "20, 20, 0.95, 0.83887484194718061, 1.0",                    // prop.test(20, 20, correct = FALSE)$conf.int
            "1, 1, 0.95, 0.20654931437723739, 1.0",                      // prop.test(1, 1, correct = FALSE)$conf.int
            "7123, 10000, 0.95, 0.70334723502765628, 0.72108971926415443", // prop.test(7123, 10000, correct = FALSE)$conf.int
            "5, 10, 0.99, 0.18422551824723544, 0.81577448175276456",     // prop.test(5, 10, conf.level = 0.99, correct = FALSE)$conf.int
            "5, 10, 0.90, 0.26927182113826718, 0.73072817886173282",     // prop.test(5, 10, conf.level = 0.90, correct = FALSE)$conf.int
            "999999, 1000000, 0.95, 0.99999433508819569, 0.99999982347542325", // prop.test(999999, 1e6, correct = FALSE)$conf.int
    })
    void matchesR(long x, long n, double conf, double lo, double hi) {
        Wilson.Interval ci = Wilson.interval(x, n, conf);
        assertEquals(lo, ci.lo(), 1e-12, "lo");
        assertEquals(hi, ci.hi(), 1e-12, "hi");
        assertEquals((double) x / n, ci.estimate(), 0.0, "estimate");
    }

    /**
     * Published values: Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison
     * of seven methods", Statistics in Medicine 17:857–872, worked examples (a)–(d), method 3 (Wilson score
     * interval without continuity correction), given to 4 decimals.
     */
    @ParameterizedTest(name = "Newcombe 1998: {0}/{1}")
    @CsvSource({
            "81, 263, 0.2553, 0.3662",
            "15, 148, 0.0624, 0.1605",
            "0, 20, 0.0000, 0.1611",
            "1, 29, 0.0061, 0.1718",
    })
    void matchesNewcombe1998(long x, long n, double lo, double hi) {
        Wilson.Interval ci = Wilson.interval(x, n, 0.95);
        assertEquals(lo, ci.lo(), 0.5e-4, "lo");
        assertEquals(hi, ci.hi(), 0.5e-4, "hi");
    }

    @Test
    void edgesAreExactlyZeroAndOne() {
        // R's prop.test pins these exactly; rounding must not leave 1e-17 or 0.9999999999999999.
        assertEquals(0.0, Wilson.interval(0, 7, 0.95).lo(), 0.0);
        assertEquals(1.0, Wilson.interval(7, 7, 0.95).hi(), 0.0);
    }

    @Test
    void mirrorImageForFailures() {
        Wilson.Interval a = Wilson.interval(30, 170, 0.95);
        Wilson.Interval b = Wilson.interval(140, 170, 0.95);
        assertEquals(a.lo(), 1 - b.hi(), 1e-14);
        assertEquals(a.hi(), 1 - b.lo(), 1e-14);
    }

    @Test
    void widerAtHigherConfidenceAndContainsEstimate() {
        Wilson.Interval c90 = Wilson.interval(60, 100, 0.90);
        Wilson.Interval c99 = Wilson.interval(60, 100, 0.99);
        assertTrue(c99.lo() < c90.lo() && c99.hi() > c90.hi());
        assertTrue(c90.lo() < 0.6 && 0.6 < c90.hi());
    }

    @Test
    void emptySampleIsUndefined() {
        Wilson.Interval ci = Wilson.interval(0, 0, 0.95);
        assertTrue(Double.isNaN(ci.lo()) && Double.isNaN(ci.hi()) && Double.isNaN(ci.estimate()));
        assertFalse(ci.isDefined());
        assertTrue(Wilson.interval(1, 2, 0.95).isDefined());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Wilson.interval(3, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Wilson.interval(-1, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Wilson.interval(1, 2, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Wilson.interval(1, 2, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Wilson.interval(1, 2, Double.NaN));
    }
}
