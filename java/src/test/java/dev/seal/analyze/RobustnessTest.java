package dev.seal.analyze;

import static dev.seal.analyze.AnalyzeFixtures.S;
import static dev.seal.analyze.AnalyzeFixtures.lines;
import static dev.seal.analyze.AnalyzeFixtures.scores;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flip rates and reward changes of perturbed copies, with both ways of saying which pair a copy perturbs. */
class RobustnessTest {
    @TempDir
    Path dir;

    /**
     * 20 pairs; 10 aligned (chosen 1, rejected 0), 10 not (chosen 0, rejected 1). "swap" copies of every pair flip
     * it; "noop" copies change nothing; a stray copy points nowhere.
     */
    @Test
    void flipRatesAndChangesArePerKindWithEveryCopyAccountedFor() throws IOException {
        List<S> orig = new ArrayList<>();
        List<S> pert = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            boolean aligned = i <= 10;
            orig.add(new S("p" + i, aligned ? 1 : 0, aligned ? 0 : 1));
            pert.add(new S("p" + i + "::swap", aligned ? 0 : 1, aligned ? 1 : 0));
            pert.add(new S("p" + i + "::noop", aligned ? 1 : 0, aligned ? 0 : 1));
        }
        pert.add(new S("nowhere::swap", 1, 0));
        pert.add(new S("badid", 1, 0));
        Path s = scores(dir.resolve("s.parquet"), orig);
        Path p = scores(dir.resolve("p.csv"), pert);
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(s).withPerturbed(p, null, null), AnalysisConfig.defaults());
        assertNotNull(r.robustness());
        assertEquals(List.of("all", "noop", "swap"), r.robustness().rows().stream().map(Robustness.Row::kind).toList());
        Robustness.Row swap = r.robustness().rows().get(2);
        assertEquals(20, swap.copies());
        assertEquals(10, swap.alignedBefore());
        assertEquals(10, swap.toMisaligned());
        assertEquals(10, swap.toAligned());
        assertEquals(1.0, swap.flipRate().estimate());
        // prop.test(10, 10, correct = FALSE)$conf.int[1] = 0.72246720013711085
        assertEquals(0.72246720013711085, swap.downRate().lo(), 1e-12);
        assertEquals(0, swap.marginChange().mean(), 1e-12); // +2 for half, -2 for the other half
        Robustness.Row noop = r.robustness().rows().get(1);
        assertEquals(0, noop.flips());
        assertEquals(0, noop.chosenChange().mean());
        assertEquals(List.of("nowhere::swap"), r.problems().ids(Robustness.UNKNOWN_SOURCE));
        assertEquals(List.of("badid"), r.problems().ids(Robustness.UNMAPPED));
    }

    /**
     * A copy whose original has no finite RM* reward — NaN in the scores, or a pair only the baseline has — has no
     * reward change to measure: it is listed, and the other copies are analysed.
     */
    @Test
    void copiesOfPairsWithoutAnRmStarRewardAreListedNotAnalysed() throws IOException {
        List<S> orig = new ArrayList<>();
        List<S> base = new ArrayList<>();
        List<S> pert = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            orig.add(new S("p" + i, i == 1 ? Float.NaN : 1, 0));
            base.add(new S("p" + i, 0, 1));
            pert.add(new S("p" + i + "::swap", 0, 1));
        }
        base.add(new S("q1", 1, 0));
        pert.add(new S("q1::swap", 0, 1));
        Path s = scores(dir.resolve("s.parquet"), orig);
        Path b = scores(dir.resolve("b.parquet"), base);
        Path p = scores(dir.resolve("p.parquet"), pert);
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(s).withBaseline(b).withPerturbed(p, null, null),
                AnalysisConfig.defaults());
        assertEquals(List.of("p1::swap", "q1::swap"), r.problems().ids(Robustness.SOURCE_NOT_SCORED));
        Robustness.Row swap = r.robustness().rows().getFirst();
        assertEquals(19, swap.copies());
        assertEquals(19, swap.toMisaligned());
        assertEquals(-2, swap.marginChange().mean(), 1e-12);
    }

    /**
     * A copy that points to no analysed pair is one line naming the file and the copy, and the others are analysed;
     * a file none of whose copies points to an analysed pair (the copies of another dataset) is an error naming it.
     */
    @Test
    void copiesOfNoAnalysedPairAreListedAndAFileOfOnlySuchCopiesIsAnError() throws IOException {
        List<S> orig = new ArrayList<>();
        List<S> pert = new ArrayList<>();
        List<S> stray = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            orig.add(new S("p" + i, 1, 0));
            pert.add(new S("p" + i + "::swap", 0, 1));
            stray.add(new S("other" + i + "::swap", 0, 1));
        }
        pert.add(stray.getFirst());
        Path s = scores(dir.resolve("s.parquet"), orig);
        Path p = scores(dir.resolve("p.csv"), pert);
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(s).withPerturbed(p, null, null), AnalysisConfig.defaults());
        assertEquals(20, r.robustness().rows().getFirst().copies(), "the other copies are analysed");
        List<String> lines = r.problems().summaries().stream().filter(l -> l.contains("other1::swap")).toList();
        assertEquals(1, lines.size(), r.problems().summaries().toString());
        assertTrue(lines.getFirst().contains(p.toString()), "the line names the file: " + lines);

        Path none = scores(dir.resolve("none.csv"), stray);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Analysis.run(
                AnalyzeOptions.of(s).withPerturbed(none, null, null), AnalysisConfig.defaults()));
        assertTrue(e.getMessage().contains(none.toString()) && e.getMessage().contains("none of its 20 copies")
                && e.getMessage().contains("other1::swap"), e.getMessage());
    }

    @Test
    void mapFileAndMeasuredFeatureChanges() throws IOException {
        Regression reg = sentimentCopies(false).robustness().regressions().getFirst();
        Regression.Coef c = reg.coef("Δlast_response_sentiment");
        assertEquals(0.5, c.estimate(), 0.01);
        assertEquals(60, reg.clusters());
        assertEquals(120, reg.n());
    }

    /**
     * An original pair with a missing feature value (kept out of the imprint by --drop-incomplete) gives its copies no
     * feature change: they leave the Δreward regression, with a note, and the run goes on.
     */
    @Test
    void copiesOfAnOriginalWithAMissingFeatureLeaveTheChangeRegression() throws IOException {
        AnalysisResult r = sentimentCopies(true);
        Regression reg = r.robustness().regressions().getFirst();
        assertEquals(59, reg.clusters());
        assertEquals(118, reg.n());
        assertEquals(0.5, reg.coef("Δlast_response_sentiment").estimate(), 0.01);
        assertTrue(r.robustness().notes().stream().anyMatch(n -> n.contains("copy1")), r.robustness().notes().toString());
        assertEquals(60, r.robustness().rows().getFirst().copies(), "the flip rates still count every copy");
    }

    /** 60 pairs whose copies make the chosen side positive; with {@code missing}, p1's chosen sentiment is blank. */
    private AnalysisResult sentimentCopies(boolean missing) throws IOException {
        List<S> orig = new ArrayList<>();
        List<S> pert = new ArrayList<>();
        List<String> map = new ArrayList<>(List.of("id,source_id,kind"));
        List<String> feats = new ArrayList<>(List.of("id,side,last_response_sentiment"));
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 1; i <= 60; i++) {
            float c = (float) rnd.nextGaussian();
            float rj = (float) rnd.nextGaussian();
            orig.add(new S("p" + i, c, rj));
            feats.add("p" + i + ",chosen," + (missing && i == 1 ? "" : "neutral"));
            feats.add("p" + i + ",rejected," + (i % 3 == 0 ? "negative" : "neutral"));
            // the copy makes the chosen side positive: +1 sentiment moves its reward by +0.5 (plus noise)
            String id = "copy" + i;
            map.add(id + ",p" + i + ",positive_chosen");
            pert.add(new S(id, c + 0.5f + (float) rnd.nextGaussian() * 0.01f, rj + (float) rnd.nextGaussian() * 0.01f));
            feats.add(id + ",chosen,positive");
            feats.add(id + ",rejected," + (i % 3 == 0 ? "negative" : "neutral"));
        }
        Path s = scores(dir.resolve("s.jsonl"), orig);
        Path p = scores(dir.resolve("p.parquet"), pert);
        Path m = lines(dir.resolve("map.csv"), map);
        Path f = lines(dir.resolve("f.csv"), feats);
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(s).withFeatures(List.of(f)).withPerturbed(p, m, null)
                .withDropIncomplete(missing), AnalysisConfig.defaults());
        if (!missing) {
            assertTrue(r.problems().entries().isEmpty(), r.problems().summaries().toString());
        }
        Robustness.Row row = r.robustness().rows().getFirst();
        assertEquals(0.5, row.chosenChange().mean(), 0.01);
        assertTrue(row.chosenChange().lo() < 0.5 && row.chosenChange().hi() > 0.5);
        return r;
    }
}
