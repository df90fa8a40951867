package dev.seal.analyze;

import static dev.seal.analyze.AnalyzeFixtures.S;
import static dev.seal.analyze.AnalyzeFixtures.lines;
import static dev.seal.analyze.AnalyzeFixtures.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one clear message naming the problem and counting the affected ids; nothing is silently dropped. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path star(int n) throws IOException {
        List<S> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(new S("p" + i, (float) Math.sin(i), (float) Math.cos(i)));
        }
        return scores(dir.resolve("star.csv"), rows);
    }

    /** A per-text feature file for p1..pn with the given columns; value(i, side, col) fills cells. */
    private Path features(int n, List<String> cols, Cell value) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("id,side," + String.join(",", cols));
        for (int i = 1; i <= n; i++) {
            for (int s = 0; s < 2; s++) {
                List<String> cells = new ArrayList<>();
                for (String c : cols) {
                    cells.add(value.at(i, s, c));
                }
                out.add("p" + i + "," + (s == 0 ? "chosen" : "rejected") + "," + String.join(",", cells));
            }
        }
        return lines(dir.resolve("f" + out.hashCode() + ".csv"), out);
    }

    interface Cell {
        String at(int i, int side, String col);
    }

    private static AnalysisResult run(AnalyzeOptions o) throws IOException {
        return Analysis.run(o, AnalysisConfig.defaults());
    }

    private static String fails(AnalyzeOptions o) {
        return assertThrows(IllegalArgumentException.class, () -> run(o)).getMessage();
    }

    @Test
    void scoresFileWithoutRewardColumnsSaysWhichAndWhatItHas() throws IOException {
        Path f = lines(dir.resolve("s.csv"), List.of("id,chosen_reward,score", "a,1,2"));
        String m = fails(AnalyzeOptions.of(f));
        assertTrue(m.contains("no column rejected_reward") && m.contains("it has id, chosen_reward, score"), m);
    }

    @Test
    void repeatedAndEmptyIdsAndNonNumericRewardsAreCounted() throws IOException {
        Path f = lines(dir.resolve("s.csv"), List.of("id,chosen_reward,rejected_reward", "a,1,2", "a,1,2", "b,1,2",
                "b,3,4", ",1,1", "c,x,1"));
        String m = fails(AnalyzeOptions.of(f));
        assertTrue(m.contains("2 repeated ids (a, b)"), m);
        assertTrue(m.contains("1 rows without an id"), m);
        assertTrue(m.contains("1 pairs whose chosen_reward/rejected_reward is not a number (c)"), m);
    }

    @Test
    void unknownFeatureColumnsMustBeDeclared() throws IOException {
        Path f = features(10, List.of("last_response_is_harmless", "my_score", "other"),
                (i, s, c) -> Integer.toString(c.equals("my_score") ? (3 * i + s) % 5 : (i + s) % 2));
        String m = fails(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)));
        assertTrue(m.contains("unknown feature columns my_score, other") && m.contains("declare each"), m);
        // declared through the config: accepted
        AnalysisConfig cfg = AnalysisConfig.parse("test", new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"features\": {\"my_score\": \"spoiler\", \"other\": \"ignore\"}}"));
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)), cfg);
        assertEquals(List.of("last_response_is_harmless", "my_score"), r.pairs().features.stream().map(Feature::name).toList());
    }

    @Test
    void freeTextColumnIsRejectedUnlessIgnored() throws IOException {
        Path f = features(40, List.of("last_response_is_eloquent"), (i, s, c) -> "\"answer number " + i + s + "\"");
        String m = fails(AnalyzeOptions.of(star(40)).withFeatures(List.of(f)));
        assertTrue(m.contains("last_response_is_eloquent holds free text (80 distinct values"), m);
    }

    @Test
    void constantFeatureIsAnErrorThatSaysHowToFixIt() throws IOException {
        Path f = features(10, List.of("last_response_is_harmless", "last_response_is_helpful"),
                (i, s, c) -> c.endsWith("helpful") ? "true" : Integer.toString((i + s) % 2));
        String m = fails(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)));
        assertTrue(m.contains("last_response_is_helpful (always 1) take the same value for all 20 texts") && m.contains("--exclude"), m);
    }

    @Test
    void missingFeatureValuesStopUnlessDroppedAndThenEveryPairIsListed() throws IOException {
        Path f = features(12, List.of("last_response_is_harmless"), (i, s, c) -> i % 4 == 0 && s == 1 ? "" : Integer.toString((i + s) % 2));
        String m = fails(AnalyzeOptions.of(star(12)).withFeatures(List.of(f)));
        assertTrue(m.contains("3 pairs have missing values in regressed features (last_response_is_harmless 3; pairs p4, p8, p12)")
                && m.contains("--drop-incomplete"), m);
        AnalysisResult r = run(AnalyzeOptions.of(star(12)).withFeatures(List.of(f)).withDropIncomplete(true));
        assertEquals(List.of("p4", "p8", "p12"), r.problems().ids(Imprint.INCOMPLETE));
        assertEquals(9, r.imprintText().getFirst().clusters());
        assertEquals(12, r.evaluation().getFirst().pairs(), "resistance still uses every pair with rewards");
    }

    @Test
    void pairsWithoutFeatureRowsAreCounted() throws IOException {
        Path f = features(8, List.of("last_response_is_harmless"), (i, s, c) -> Integer.toString((i + s) % 2));
        AnalysisResult r = run(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)).withDropIncomplete(true));
        assertEquals(List.of("p9", "p10"), r.problems().ids(Inputs.MISSING_FEATURES));
        assertEquals(List.of("p9", "p10"), r.problems().ids(Imprint.INCOMPLETE));
    }

    @Test
    void unknownNamesInUseOrExcludeAreErrorsListingTheKnownOnes() throws IOException {
        Path f = features(10, List.of("last_response_is_harmless"), (i, s, c) -> Integer.toString((i + s) % 2));
        String m = fails(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)).withUse(List.of("harmless")));
        assertTrue(m.contains("unknown feature name harmless; the features of this analysis are: last_response_is_harmless"), m);
        AnalysisConfig cfg = AnalysisConfig.defaults().with(null, null, null, null, null, List.of("nope"));
        String m2 = assertThrows(IllegalArgumentException.class,
                () -> Analysis.run(AnalyzeOptions.of(star(10)).withFeatures(List.of(f)), cfg)).getMessage();
        assertTrue(m2.contains("unknown feature name nope"), m2);
    }

    @Test
    void aliasedFeaturesStopUnlessDropCollinear() throws IOException {
        Path f = features(30, List.of("last_response_is_harmless", "last_response_is_helpful", "last_response_is_honest"),
                (i, s, c) -> {
                    int h = (i * 7 + s * 3) % 5 < 2 ? 1 : 0;
                    return switch (c) {
                        case "last_response_is_harmless" -> Integer.toString(h);
                        case "last_response_is_helpful" -> Integer.toString(1 - h); // harmless + helpful = intercept
                        default -> Integer.toString((i + s) % 2);
                    };
                });
        String m = fails(AnalyzeOptions.of(star(30)).withFeatures(List.of(f)));
        assertTrue(m.contains("last_response_is_helpful is a linear combination") && m.contains("--drop-collinear"), m);
        AnalysisConfig drop = AnalysisConfig.defaults().with(true, null, null, null, null, null);
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(star(30)).withFeatures(List.of(f)), drop);
        assertEquals(List.of("last_response_is_harmless", "last_response_is_honest"),
                r.design().features().stream().map(j -> r.pairs().features.get(j).name()).toList());
        assertTrue(r.notes().stream().anyMatch(s -> s.contains("last_response_is_helpful dropped")), r.notes().toString());
    }

    @Test
    void requireAllPairsTurnsMissingIdsIntoAnError() throws IOException {
        Path s = star(5);
        Path b = scores(dir.resolve("b.parquet"), List.of(new S("p1", 1, 0), new S("p2", 0, 1), new S("x9", 1, 1)));
        AnalysisResult r = run(AnalyzeOptions.of(s).withBaseline(b));
        assertEquals(List.of("p3", "p4", "p5"), r.problems().ids(Inputs.MISSING_IN_BASELINE));
        assertEquals(List.of("x9"), r.problems().ids(Inputs.MISSING_IN_SCORES));
        // each model on its own pairs, the comparisons on the two both have
        assertEquals(5, r.meta().pairSet(PairData.Sample.STAR).pairs());
        assertEquals(3, r.meta().pairSet(PairData.Sample.BASE).pairs());
        assertEquals(2, r.meta().pairSet(PairData.Sample.JOINT).pairs());
        String m = fails(AnalyzeOptions.of(s).withBaseline(b).withRequireAllPairs(true));
        assertTrue(m.contains("3 pairs in the scores are not in the baseline") && m.contains("1 pairs in the baseline"), m);
    }

    @Test
    void featureTableWithOtherIdsIsRejected() throws IOException {
        Path f = lines(dir.resolve("f.csv"), List.of("row_id,preference,last_response_is_harmless", "0,chosen,1",
                "0,rejected,0"));
        String m = fails(AnalyzeOptions.of(star(3)).withFeatures(List.of(f)));
        assertTrue(m.contains("none of the 1 pair ids of the feature files is a scored pair id (e.g. 0 vs p1)"), m);
    }

    @Test
    void noCommonIdsAtAll() throws IOException {
        Path b = scores(dir.resolve("b.csv"), List.of(new S("zz", 1, 0)));
        String m = fails(AnalyzeOptions.of(star(3)).withBaseline(b));
        assertTrue(m.contains("no pair id is in both"), m);
    }

    @Test
    void resultIsIndependentOfRowOrder() throws IOException {
        List<S> rows = new ArrayList<>();
        List<S> base = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            rows.add(new S("p" + i, (float) Math.sin(i), (float) Math.cos(i)));
            base.add(new S("p" + i, (float) Math.sin(2 * i), (float) Math.cos(3 * i)));
        }
        Path s = scores(dir.resolve("s.parquet"), rows);
        Path b1 = scores(dir.resolve("b1.parquet"), base);
        List<S> shuffled = new ArrayList<>(base);
        java.util.Collections.shuffle(shuffled, new java.util.Random(1));
        Path b2 = scores(dir.resolve("b2.jsonl"), shuffled);
        AnalysisResult r1 = run(AnalyzeOptions.of(s).withBaseline(b1));
        AnalysisResult r2 = run(AnalyzeOptions.of(s).withBaseline(b2));
        assertEquals(r1.regimeRows(), r2.regimeRows());
        assertEquals(java.util.Arrays.toString(r1.angles()), java.util.Arrays.toString(r2.angles()));
        assertFalse(r1.problems().entries().iterator().hasNext());
    }
}
