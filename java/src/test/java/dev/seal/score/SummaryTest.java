package dev.seal.score;

import dev.seal.data.RowError;
import dev.seal.stats.Wilson;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    static ScoreRecord pair(float chosen, float rejected) {
        return new ScoreRecord("p", 1, new float[] {chosen}, new float[] {rejected}, 10, 20, 5, Set.of());
    }

    /** 7 agreements, 2 ties, 1 disagreement, 1 NaN pair; 5 errors. */
    static SummaryBuilder fed(AtomicLong clock) {
        SummaryBuilder b = new SummaryBuilder(clock::get);
        for (float[] cr : new float[][] {{1.5f, 0.5f}, {2, 1}, {3, -1}, {2.5f, 2}, {1, 0}, {1, 0.75f}, {0.5f, 0.25f},
                {2, 2}, {2, 2}, {-1, 1}, {Float.NaN, 1}}) {
            b.add(pair(cr[0], cr[1]));
        }
        for (String reason : new String[] {"too_long", "invalid_json", null, "invalid_json", "invalid_json"}) {
            b.error(new RowError("d.jsonl", 3, null, reason, "x"));
        }
        return b;
    }

    @Test
    void countsAndMeans() {
        Summary s = fed(new AtomicLong()).build(Duration.ofSeconds(2));
        assertEquals(11, s.pairs());
        assertEquals(7, s.agreements());
        assertEquals(2, s.ties());
        assertEquals(1, s.nanPairs());
        assertEquals(5, s.errors());
        assertEquals(List.of("invalid_json", "too_long", "unknown"), List.copyOf(s.errorsByReason().keySet()));
        assertEquals(Map.of("invalid_json", 3L, "too_long", 1L, "unknown", 1L), s.errorsByReason());
        assertEquals(330, s.tokens());
        assertEquals(55, s.sharedTokens());
        // The NaN chosen reward is left out of the chosen mean only.
        assertEquals(14.5 / 10, s.meanChosen(), 1e-12);
        assertEquals(9.5 / 11, s.meanRejected(), 1e-12);
        assertEquals(7.0 / 11, s.agreementRate(), 1e-15);
        assertEquals(Wilson.interval(7, 11, 0.95), s.agreementInterval());
        assertEquals(5.5, s.pairsPerSecond(), 1e-12);
        assertEquals(165, s.tokensPerSecond(), 1e-12);
    }

    @Test
    void wallTimeFromTheClock() {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        SummaryBuilder b = fed(clock);
        clock.addAndGet(Duration.ofMinutes(2).plusSeconds(3).toNanos());
        assertEquals(Duration.ofSeconds(123), b.build().wall());
    }

    @Test
    void format() {
        String text = fed(new AtomicLong()).build(Duration.ofSeconds(2)).format();
        assertEquals(List.of(
                "pairs scored   11",
                "agreement      63.64% (7 of 11; 95% CI 35.38% to 84.83%, Wilson)",
                "ties           2 (chosen = rejected; not counted as agreement)",
                "NaN rewards    1 (pairs with a NaN reward; not counted as agreement)",
                "mean reward    chosen 1.4500, rejected 0.8636",
                "errors         5 (invalid_json 3, too_long 1, unknown 1)",
                "tokens scored  330",
                "prefix saved   55 shared-prefix tokens (16.7%)",
                "wall time      2.0s",
                "throughput     5.5 pairs/s, 165 tokens/s"), text.lines().toList());
        assertTrue(text.endsWith(System.lineSeparator()));
    }

    @Test
    void formatOfAnEmptyRun() {
        String text = new SummaryBuilder(() -> 0L).build(Duration.ZERO).format();
        assertEquals(List.of(
                "pairs scored   0",
                "agreement      n/a",
                "ties           0 (chosen = rejected; not counted as agreement)",
                "mean reward    chosen n/a, rejected n/a",
                "errors         0",
                "tokens scored  0",
                "prefix saved   0 shared-prefix tokens",
                "wall time      0.0s",
                "throughput     - pairs/s, - tokens/s"), text.lines().toList());
    }

    @Test
    void largeNumbersAreGroupedAndLongWallTimesReadable() {
        SummaryBuilder b = new SummaryBuilder(() -> 0L);
        for (int i = 0; i < 12_345; i++) {
            b.add(new ScoreRecord("p", i, new float[] {1}, new float[] {0}, 400, 300, 200, Set.of()));
        }
        String text = b.build(Duration.ofSeconds(3723)).format();
        assertTrue(text.contains("pairs scored   12,345"), text);
        assertTrue(text.contains("agreement      100.00% (12,345 of 12,345; 95% CI 99.97% to 100.00%, Wilson)"), text);
        assertTrue(text.contains("tokens scored  8,641,500"), text);
        assertTrue(text.contains("wall time      1h02m03s"), text);
        assertTrue(text.contains("throughput     3.3 pairs/s, 2,321 tokens/s"), text);
    }
}
