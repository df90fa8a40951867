package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.gguf.SmallModels;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoreRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pairs give the same scores whatever the batch size, the token budget and the input order. Stated
 * tolerances (relative to max(1, |reward|)): with --exact (f32 KV cache) 1e-5, i.e. f32 rounding; with the default f16
 * cache 1e-3 (attention probabilities meet V in f16, so another summation order can move one by an f16 ulp). Runs of
 * one configuration are bit-identical.
 */
class DeterminismTest {
    @TempDir
    Path dir;

    static List<PreferencePair> pairs(int n) {
        Random r = new Random(9);
        List<PreferencePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = TestData.ASKS[r.nextInt(TestData.ASKS.length)] + " " + "really ".repeat(r.nextInt(12)) + i + "?";
            String c = TestData.GOOD[r.nextInt(TestData.GOOD.length)];
            String j = TestData.BAD[r.nextInt(TestData.BAD.length)];
            List<Turn> turns = List.of(new Turn("user", prompt));
            out.add(new PreferencePair("p" + i, null, i + 1, new PreferencePair.Side(turns, c, prompt + c),
                    new PreferencePair.Side(turns, j, prompt + j), Set.of()));
        }
        return out;
    }

    static PairReader reader(List<PreferencePair> ps) {
        Iterator<PreferencePair> it = ps.iterator();
        return new PairReader() {
            @Override
            public Row next() {
                return it.hasNext() ? new Row.Ok(it.next()) : null;
            }

            @Override
            public void close() {}
        };
    }

    static Map<String, ScoreRecord> score(Model m, List<PreferencePair> ps, int chunkPairs, int batchTokens, boolean exact)
            throws IOException {
        Map<String, ScoreRecord> out = new HashMap<>();
        try (Scorer s = Scorer.open(m, Scorer.Options.defaults().withBatchTokens(batchTokens).withKvF32(exact))) {
            PairFormatter f = new PairFormatter(m, PairFormatter.Mode.CHAT_TEMPLATE, null, s.maxTokens(),
                    PairFormatter.Truncation.ERROR);
            ScoreJob job = new ScoreJob(new InProcessBackend(m, s, f), ScoreJob.Settings.defaults().withChunkPairs(chunkPairs), x -> { });
            job.run(reader(ps), "test", 0, Long.MAX_VALUE, e -> {
                if (e instanceof ScoreJob.Result r) {
                    out.put(r.record().id(), r.record());
                } else {
                    throw new AssertionError(e);
                }
            }, null);
        }
        return out;
    }

    static double maxRelDiff(Map<String, ScoreRecord> a, Map<String, ScoreRecord> b) {
        assertEquals(a.keySet(), b.keySet());
        double worst = 0;
        for (String id : a.keySet()) {
            for (float[] xy : new float[][] {{a.get(id).chosenReward(), b.get(id).chosenReward()},
                    {a.get(id).rejectedReward(), b.get(id).rejectedReward()}}) {
                worst = Math.max(worst, Math.abs(xy[0] - xy[1]) / Math.max(1, Math.abs(xy[0])));
            }
        }
        return worst;
    }

    @Test
    void scoresDoNotDependOnBatchingOrOrder() throws IOException {
        NativeTests.requireNative();
        Path model = SmallModels.rewardModel(dir);
        List<PreferencePair> ps = pairs(48);
        List<PreferencePair> shuffled = new ArrayList<>(ps);
        Collections.shuffle(shuffled, new Random(4));
        try (Model m = Model.load(model, Model.Options.defaults())) {
            for (boolean exact : new boolean[] {true, false}) {
                Map<String, ScoreRecord> ref = score(m, ps, 48, 1024, exact);
                assertEquals(ref, score(m, ps, 48, 1024, exact), "the same configuration twice is bit-identical");
                double worst = 0;
                worst = Math.max(worst, maxRelDiff(ref, score(m, ps, 1, 1024, exact)));
                worst = Math.max(worst, maxRelDiff(ref, score(m, ps, 7, 256, exact)));
                worst = Math.max(worst, maxRelDiff(ref, score(m, shuffled, 48, 1024, exact)));
                worst = Math.max(worst, maxRelDiff(ref, score(m, shuffled, 5, 512, exact)));
                double tolerance = exact ? 1e-5 : 1e-3;
                System.out.printf("seal-test: determinism (%s KV): 48 pairs, batch sizes 1/5/7/48, budgets 256-1024,"
                        + " shuffled order: max relative difference %.3g (tolerance %.0e)%n", exact ? "f32, --exact" : "f16",
                        worst, tolerance);
                assertTrue(worst <= tolerance, "max relative difference " + worst);
            }
        }
    }
}
