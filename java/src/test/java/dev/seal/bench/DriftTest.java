package dev.seal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reward drift against a reference: the largest and mean difference, flipped preferences, pairs one side missed. */
class DriftTest {
    @Test
    void differencesOverEveryRewardAndFlipsOnAnyLabel() {
        // two labels: chosen (l0, l1) then rejected (l0, l1)
        float[][] exact = {{1.0f, 2.0f, 0.5f, 1.0f}, {0.0f, 0.0f, 1.0f, 1.0f}, {3.0f, 3.0f, 2.0f, 2.0f}};
        float[][] pass = {{1.0f, 2.0f, 0.5f, 1.0f}, {0.0f, 1.5f, 1.0f, 1.0f}, {3.25f, 3.0f, 2.0f, 2.0f}};
        BenchReport.Drift d = BenchReport.Drift.between(exact, pass);
        assertEquals(3, d.pairs());
        assertEquals(1.5, d.maxAbs(), 1e-9);
        assertEquals((1.5 + 0.25) / 12, d.meanAbs(), 1e-9);
        assertEquals(1, d.flips(), "pair 2's second label now prefers the chosen side; pair 3 only moved");
    }

    @Test
    void pairsEitherSideFailedAreLeftOut() {
        float[][] exact = {{1.0f, 0.0f}, null, {0.0f, 1.0f}};
        float[][] pass = {{0.0f, 1.0f}, {5.0f, 5.0f}, null};
        BenchReport.Drift d = BenchReport.Drift.between(exact, pass);
        assertEquals(1, d.pairs());
        assertEquals(1.0, d.maxAbs(), 1e-9);
        assertEquals(1, d.flips());
    }
}
