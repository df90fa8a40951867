package dev.seal.score;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    final AtomicLong clock = new AtomicLong(42 * S); // any origin: only differences matter
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    void at(long nanosSinceStart, long origin) {
        clock.set(origin + nanosSinceStart);
    }

    @Test
    void plainLinesEveryInterval() {
        long t0 = clock.get();
        Progress p = new Progress(100, out, false, Duration.ofSeconds(10), clock::get);
        at(1 * S, t0);
        p.add(5, 500);
        assertEquals("", output(), "nothing before the first interval");
        at(10 * S, t0);
        p.add(5, 500);
        assertEquals("10/100 pairs (10.0%) | 1.0 pairs/s | 100 tok/s | ETA 1m30s" + System.lineSeparator(), output());
        at(15 * S, t0);
        p.add(10, 0);
        assertEquals(1, output().lines().count(), "no second line within the interval");
        at(20 * S, t0);
        p.add(80, 1000);
        p.finish();
        assertEquals(List.of(
                "10/100 pairs (10.0%) | 1.0 pairs/s | 100 tok/s | ETA 1m30s",
                "100/100 pairs (100.0%) | 5.0 pairs/s | 100 tok/s | ETA 0.0s",
                "100/100 pairs (100.0%) | 5.0 pairs/s | 100 tok/s | 20.0s"), output().lines().toList());
        assertFalse(output().contains("\r"));
    }

    @Test
    void errorsCountTowardDoneAndAreShown() {
        long t0 = clock.get();
        Progress p = new Progress(10, out, false, Duration.ofSeconds(1), clock::get);
        p.add(3, 30);
        at(2 * S, t0);
        p.addErrors(1);
        // 4 of 10 done in 2 s: 6 left at 2/s -> 3 s; pairs/s counts scored pairs only.
        assertEquals("4/10 pairs (40.0%), 1 error | 1.5 pairs/s | 15.0 tok/s | ETA 3.0s", output().strip());
    }

    @Test
    void interactiveRedrawsInPlaceAtMostFiveTimesASecond() {
        long t0 = clock.get();
        Progress p = new Progress(1000, out, true, Duration.ofSeconds(10), clock::get);
        List<Integer> drawsAfterEachAdd = new ArrayList<>();
        for (long ms = 10; ms <= 1000; ms += 10) { // 100 updates in one second
            at(ms * MS, t0);
            p.add(1, 10);
            drawsAfterEachAdd.add((int) output().chars().filter(c -> c == '\r').count());
        }
        int draws = drawsAfterEachAdd.getLast();
        assertEquals(5, draws, "one redraw per 200 ms");
        assertFalse(output().contains("\n"), "redraws stay on one line");
        assertTrue(output().startsWith("\r20/1,000 pairs (2.0%) | 100 pairs/s | 1,000 tok/s | ETA 9.8s\r40/1,000"), output());
        p.finish();
        // The last draw shows the elapsed time, padded over the longer ETA line, and ends the line.
        String last = output().substring(output().lastIndexOf('\r') + 1);
        assertEquals("100/1,000 pairs (10.0%) | 100 pairs/s | 1,000 tok/s | 1.0s    " + System.lineSeparator(), last);
    }

    @Test
    void shorterRedrawWipesTheLongerLine() {
        long t0 = clock.get();
        Progress p = new Progress(0, out, true, Duration.ofSeconds(10), clock::get);
        at(250 * MS, t0);
        p.add(1, 1_000_000); // 4,000,000 tok/s
        at(10 * S, t0);
        p.add(1, 0);         // 100,000 tok/s: two characters shorter
        String[] draws = output().substring(1).split("\r");
        assertEquals(2, draws.length);
        assertEquals("1 pairs | 4.0 pairs/s | 4,000,000 tok/s", draws[0]);
        assertEquals("2 pairs | 0.2 pairs/s | 100,000 tok/s  ", draws[1]);
    }

    @Test
    void unknownTotalHasNoPercentOrEta() {
        long t0 = clock.get();
        Progress p = new Progress(-1, out, false, Duration.ofSeconds(1), clock::get);
        at(2 * S, t0);
        p.add(7, 70);
        assertEquals("7 pairs | 3.5 pairs/s | 35.0 tok/s", output().strip());
    }

    @Test
    void finishIsIdempotentAndStopsDrawing() {
        long t0 = clock.get();
        Progress p = new Progress(10, out, false, Duration.ofSeconds(1), clock::get);
        p.add(10, 10);
        at(1 * S, t0);
        p.finish();
        String once = output();
        p.finish();
        at(5 * S, t0);
        p.add(1, 1);
        assertEquals(once, output());
        assertEquals(1, once.lines().count());
    }

    @Test
    void noEtaBeforeAnyPairIsDone() {
        Progress p = new Progress(10, out, false, Duration.ofSeconds(1), clock::get);
        assertEquals("0/10 pairs (0.0%) | - pairs/s | - tok/s | ETA -", p.line());
    }

    @Test
    void countersAreThreadSafe() throws InterruptedException {
        long t0 = clock.get();
        Progress p = new Progress(0, out, true, Duration.ofSeconds(10), clock::get);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    p.add(1, 3);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        at(1 * S, t0);
        assertEquals("80,000 pairs | 80,000 pairs/s | 240,000 tok/s", p.line());
    }
}
