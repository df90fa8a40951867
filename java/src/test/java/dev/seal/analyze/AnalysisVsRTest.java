package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.analyze.report.ReportWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seal analyze end to end against R, on the fixture that src/test/resources/analyze/r/make-pairs.R writes in seal's
 * own file formats (scores-star.csv, scores-base.csv with its rows shuffled, features.csv, config.json); the R output
 * with every number below is pairs-reference.txt next to it. Each row is {term, coef(m), sqrt(diag(V)),
 * coeftest(...)[, 3:4], coefci(...), p.adjust(p[-1], "bonferroni"), p.adjust(p[-1], "holm"), p.adjust(p[-1], "BH")};
 * the models are
 * <ul>
 *   <li>per text, clustered by pair: {@code V <- vcovCL(m, cluster = ~id, type = "HC1")},
 *       {@code coeftest(m, vcov. = V, df = G - 1)}, {@code coefci(m, vcov. = V, df = G - 1)}. Each model on its own
 *       pairs: text RM*: {@code lm(rs ~ harmless + sentiment + eloquent + resp_len, data = tS)} on the 162 texts of
 *       RM*'s 81 pairs (the 80 both models scored and p081, only in RM*'s file), RM0 the same with r0 on {@code t0},
 *       the 164 texts of RM0's 82 (the 80, p082 whose RM* reward is NaN, p999 only in RM0's file), RM* − RM0 with
 *       rs − r0 on {@code t}, the 160 texts of the 80 pairs both scored;</li>
 *   <li>per pair, one observation per pair: {@code V <- vcovHC(m, type = "HC1")}, {@code coeftest(m, vcov. = V)},
 *       {@code coefci(m, vcov. = V)}, whose t reference is R's default, the residual df n − k. pair RM*:
 *       {@code lm(ms ~ dh + ds + de + dl)} on RM*'s 81 pairs (margins on feature differences); angle, on the 80:
 *       {@code angle <- atan2(c0 * rs - r0 * cs, c0 * cs + r0 * rs) * 180 / pi},
 *       {@code lm(angle ~ ch + rh + cs + rsn + ce + re + cl + rl)} (chosen and rejected features).</li>
 * </ul>
 */
class AnalysisVsRTest {
    private static final double REL = 1e-6;

    // text RM*: G = 81, n = 162, r2 = 0.57482171323826015
    private static final Object[][] TEXT_STAR = {
            {"(Intercept)", -0.12044551748876643, 0.13811670359132683, -0.8720561261377362, 0.38578750837883347, -0.39530651717010851, 0.15441548219257567, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 0.93901474919163919, 0.12915728610687371, 7.2703196040727667, 2.1362077102173e-10, 0.68198355852185477, 1.1960459398614236, 8.5448308408692001e-10, 6.4086231306518998e-10, 4.2724154204346001e-10},
            {"last_response_sentiment", 0.28831318245435195, 0.076724122213932031, 3.7577905635784297, 0.00032432059609079094, 0.13562731330855013, 0.44099905160015374, 0.0012972823843631638, 0.00064864119218158189, 0.00043242746145438792},
            {"last_response_is_eloquent", -0.033347880756950429, 0.11802248937847072, -0.28255530731953565, 0.77824751069207632, -0.26822011975443638, 0.20152435824053549, 1, 0.77824751069207632, 0.77824751069207632},
            {"resp_len", 0.38894212201453321, 0.027559786657708477, 14.112668100271597, 2.0383083644429892e-23, 0.33409639868945123, 0.44378784533961518, 8.1532334577719567e-23, 8.1532334577719567e-23, 8.1532334577719567e-23},
    };
    // text RM0: G = 82, n = 164, r2 = 0.15230097371416534
    private static final Object[][] TEXT_BASE = {
            {"(Intercept)", 0.43491906241375011, 0.10868414567494927, 4.0016789911060142, 0.0001383954840200557, 0.21867170418770587, 0.65116642063979435, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", -0.10982230593050434, 0.12846573351532176, -0.85487626097122726, 0.39514114811695622, -0.36542881893879908, 0.14578420707779038, 1, 0.79028229623391244, 0.52685486415594163},
            {"last_response_sentiment", -0.020050248687723333, 0.070847273252509585, -0.28300663903127848, 0.77789374948078749, -0.1610140993324557, 0.12091360195700902, 1, 0.79028229623391244, 0.77789374948078749},
            {"last_response_is_eloquent", 0.21168704246855774, 0.11047652254473113, 1.9161269525192306, 0.058876659503503119, -0.0081265835017719501, 0.43150066843888746, 0.23550663801401248, 0.17662997851050935, 0.11775331900700624},
            {"resp_len", 0.16187926003216602, 0.036029719149155828, 4.492937049051597, 2.3099970386939237e-05, 0.0901914206030974, 0.23356709946123463, 9.2399881547756946e-05, 9.2399881547756946e-05, 9.2399881547756946e-05},
    };
    // text RM* - RM0: G = 80, n = 160, r2 = 0.32877357490339332
    private static final Object[][] TEXT_DIFF = {
            {"(Intercept)", -0.54824525446863093, 0.17920587610204697, -3.0593040049447833, 0.0030290620778875453, -0.90494562823042468, -0.19154488070683717, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 1.0284776409053324, 0.18471868756004267, 5.5678050471803324, 3.4293041934491166e-07, 0.66080429041801203, 1.3961509913926529, 1.3717216773796466e-06, 1.3717216773796466e-06, 1.0938049801556621e-06},
            {"last_response_sentiment", 0.31498802593578995, 0.10904646980800546, 2.8885669246366161, 0.0049920214127313284, 0.097936457181592135, 0.53203959468998774, 0.019968085650925314, 0.0099840428254626568, 0.0066560285503084373},
            {"last_response_is_eloquent", -0.24174441185166351, 0.15702098741616424, -1.5395675178818649, 0.12766189713805298, -0.55428686926471005, 0.070798045561382972, 0.51064758855221193, 0.12766189713805298, 0.12766189713805298},
            {"resp_len", 0.23185380692425181, 0.042510734697227291, 5.4540061134105544, 5.4690249007783104e-07, 0.14723830610911853, 0.31646930773938509, 2.1876099603113242e-06, 1.6407074702334931e-06, 1.0938049801556621e-06},
    };
    // pair RM*: n = 81, df = n - k = 76, r2 = 0.57695944974257762
    private static final Object[][] PAIR_STAR = {
            {"(Intercept)", -0.078831223028419536, 0.11383477881807189, -0.69250561073611583, 0.49073045566496332, -0.3055528340253319, 0.14789038796849285, Double.NaN, Double.NaN, Double.NaN},
            {"Δlast_response_is_harmless", 0.98856033398246601, 0.16508505675789722, 5.9881878674956202, 6.5697182413665515e-08, 0.65976494817612741, 1.3173557197888046, 2.6278872965466206e-07, 1.9709154724099654e-07, 1.3139436482733103e-07},
            {"Δlast_response_sentiment", 0.33286845826705597, 0.075964168970442877, 4.3819140362948321, 3.719262337811095e-05, 0.18157270361420577, 0.48416421291990619, 0.0001487704935124438, 7.4385246756221901e-05, 4.9590164504147932e-05},
            {"Δlast_response_is_eloquent", 0.12285134553820067, 0.12767165172313175, 0.96224450674935746, 0.33897843176512799, -0.13142878622685383, 0.37713147730325514, 1, 0.33897843176512799, 0.33897843176512799},
            {"Δresp_len", 0.33798695036350951, 0.043010732075644389, 7.8582003619255012, 2.055888980960937e-11, 0.25232365336768336, 0.42365024735933565, 8.2235559238437481e-11, 8.2235559238437481e-11, 8.2235559238437481e-11},
    };
    // angle: n = 80, df = n - k = 71, r2 = 0.11175969887339017
    private static final Object[][] ANGLE = {
            {"(Intercept)", 35.273635942803736, 23.01644384434837, 1.5325406557740278, 0.12983308386889009, -10.619849612025966, 81.167121497633445, Double.NaN, Double.NaN, Double.NaN},
            {"chosen:last_response_is_harmless", -60.366217778353537, 25.010271194920708, -2.4136570654465035, 0.018375208281879069, -110.23528215548617, -10.497153401220899, 0.14700166625503255, 0.14700166625503255, 0.14700166625503255},
            {"rejected:last_response_is_harmless", 13.165695354839372, 19.69126005414326, 0.66860603733020951, 0.50591485885154042, -26.097562034643076, 52.428952744321819, 1, 1, 0.99721424204337006},
            {"chosen:last_response_sentiment", -1.7781034724809377, 9.1289096010527775, -0.19477720233705464, 0.8461236507445975, -19.980632227162381, 16.424425282200502, 1, 1, 0.99721424204337006},
            {"rejected:last_response_sentiment", 1.8464535604085004, 11.086161692074832, 0.16655481055525964, 0.86819377121572394, -20.258725020368345, 23.95163214118535, 1, 1, 0.99721424204337006},
            {"chosen:last_response_is_eloquent", 1.4322309405748603, 17.468654716829157, 0.081988622695430627, 0.93488645838680073, -33.399277277231839, 36.263739158381561, 1, 1, 0.99721424204337006},
            {"rejected:last_response_is_eloquent", 0.065332845864608607, 18.64653761658144, 0.0035037521285727251, 0.99721424204337006, -37.114807168001931, 37.245472859731152, 1, 1, 0.99721424204337006},
            {"chosen:resp_len", 1.7638987011325618, 4.291069086320471, 0.41106275980400936, 0.68226460231331632, -6.7922500445035299, 10.320047446768653, 1, 1, 0.99721424204337006},
            {"rejected:resp_len", 0.13746972675227098, 4.3973637634635327, 0.031261850087197368, 0.97514842880630559, -8.630624585410521, 8.9055640389150614, 1, 1, 0.99721424204337006},
    };

    static Path fixture(String name) {
        try {
            return Path.of(AnalysisVsRTest.class.getResource("/analyze/pairs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AnalysisResult run() throws IOException {
        AnalyzeOptions o = AnalyzeOptions.of(fixture("scores-star.csv")).withBaseline(fixture("scores-base.csv"))
                .withFeatures(List.of(fixture("features.csv")));
        return Analysis.run(o, AnalysisConfig.read(fixture("config.json")));
    }

    @Test
    void imprintRegressionsMatchR() throws IOException {
        AnalysisResult r = run();
        assertEquals(List.of("RM*", "RM0", "RM* − RM0"), r.imprintText().stream().map(Regression::name).toList());
        check(TEXT_STAR, r.imprintText().get(0), 81, 162, 80);
        check(TEXT_BASE, r.imprintText().get(1), 82, 164, 81);
        check(TEXT_DIFF, r.imprintText().get(2), 80, 160, 79);
        check(PAIR_STAR, r.imprintPair().get(0), 81, 81, 76); // df.residual(m) = 81 - 5
        rel("R² text RM*", 0.57482171323826015, r.imprintText().get(0).r2()); // summary(m)$r.squared
        rel("R² pair RM*", 0.57695944974257762, r.imprintPair().get(0).r2()); // summary(m)$r.squared
        // diag(solve(cor(X))), X the four features of RM*'s 162 texts (the features are chosen on RM*'s pairs)
        double[] vif = {1.0404201071958832, 1.0193101617121962, 1.0422317736456315, 1.0240876383906226};
        for (int j = 0; j < 4; j++) {
            rel("VIF " + j, vif[j], r.design().vif().get(j).vif());
        }
    }

    @Test
    void rewardShiftMatchesR() throws IOException {
        AnalysisResult r = run();
        assertNotNull(r.angleRegression());
        check(ANGLE, r.angleRegression(), 80, 80, 71); // df.residual(m) = 80 - 9
        rel("R² angle", 0.11175969887339017, r.angleRegression().r2()); // summary(m)$r.squared
        // p$angle[1:3]
        double[] first = {-154.56036765547725, 41.451395351245388, -43.666370898534588};
        for (int i = 0; i < 3; i++) {
            int k = r.pairs().ids.indexOf(String.format("p%03d", i + 1));
            rel("angle p00" + (i + 1), first[i], r.angles()[k]);
        }
    }

    @Test
    void resistanceRegimesAndLabelerSplitMatchR() throws IOException {
        AnalysisResult r = run();
        Evaluation star = r.evaluation().getFirst();
        // RM*'s 81 pairs: resisted = 35 (ties 1) of 81
        assertEquals(81, star.pairs());
        assertEquals(1, star.nanPairs()); // p082
        assertEquals(35, star.resisted());
        assertEquals(1, star.ties());
        // prop.test(35, 81, correct = FALSE)$conf.int
        rel("resistance lo", 0.32972077141341083, star.resistance().lo());
        rel("resistance hi", 0.54062563525025054, star.resistance().hi());
        // RM0's 82 pairs: resisted = 42 (ties 0) of 82; prop.test(42, 82, correct = FALSE)$conf.int
        Evaluation base = r.evaluation().get(1);
        assertEquals(82, base.pairs());
        assertEquals(0, base.nanPairs());
        assertEquals(42, base.resisted());
        rel("RM0 resistance lo", 0.40590772388205043, base.resistance().lo());
        rel("RM0 resistance hi", 0.61739104139380074, base.resistance().hi());
        // on the 80 pairs both scored: sum(a0 & as), sum(!a0 & as), sum(!a0 & !as), sum(a0 & !as)
        assertEquals(List.of(22, 23, 18, 17), r.regimeRows().stream().map(AnalysisResult.RegimeRow::n).toList());
        // prop.test(22, 80, correct = FALSE)$estimate: the share is of the pairs both scored
        assertEquals(22 / 80.0, r.regimeRows().getFirst().share().estimate(), 1e-15);
        // RM*'s pairs by labeler: chosen n = 46, resisted = 19; tie: 11, 3; rejected: 24, 13
        assertLabeler(r, "agrees", 46, 19);
        assertLabeler(r, "indifferent", 11, 3);
        assertLabeler(r, "disagrees", 24, 13);
    }

    @Test
    void idsOutsideTheCommonSetAndNaNRewardsAreCountedNotDropped() throws IOException {
        AnalysisResult r = run();
        assertEquals(List.of("p081"), r.problems().ids(Inputs.MISSING_IN_BASELINE));
        assertEquals(List.of("p999"), r.problems().ids(Inputs.MISSING_IN_SCORES));
        assertEquals(List.of("p082"), r.problems().ids(Analysis.NAN_REWARD));
        assertEquals(81, r.meta().joined());
        assertEquals(List.of(new AnalysisResult.PairSet(PairData.Sample.STAR, 81, 81),
                new AnalysisResult.PairSet(PairData.Sample.BASE, 82, 82),
                new AnalysisResult.PairSet(PairData.Sample.JOINT, 80, 80)), r.meta().pairSets());
        assertTrue(r.problems().summaries().stream().anyMatch(s -> s.startsWith("1 pairs in the scores are not in the baseline")),
                r.problems().summaries().toString());
    }

    /**
     * RM*'s numbers do not depend on the baseline: the same with a baseline that lacks pairs (p010–p014 dropped, as
     * for pairs RM0 could not score) or fails them (NaN and infinite rewards for p020–p023) as without one. RM0 is
     * likewise reported on its own pairs: its evaluation equals that of analysing the baseline alone.
     */
    @Test
    void rmStarIsTheSameWithAndWithoutABaselineThatLacksOrFailsPairs(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(fixture("scores-base.csv"))) {
            String id = l.substring(0, l.indexOf(','));
            if (id.compareTo("p010") >= 0 && id.compareTo("p014") <= 0) {
                continue;
            }
            if (id.compareTo("p020") >= 0 && id.compareTo("p023") <= 0) {
                String[] f = l.split(",", -1);
                f[2] = id.equals("p023") ? "Infinity" : "NaN"; // chosen_reward
                l = String.join(",", f);
            }
            lines.add(l);
        }
        Path failing = Files.write(dir.resolve("base-failing.csv"), lines);
        AnalyzeOptions alone = AnalyzeOptions.of(fixture("scores-star.csv")).withFeatures(List.of(fixture("features.csv")));
        AnalysisConfig config = AnalysisConfig.read(fixture("config.json"));
        AnalysisResult without = Analysis.run(alone, config);
        AnalysisResult with = Analysis.run(alone.withBaseline(failing), config);
        assertEquals(80 - 5 - 4, with.meta().pairSet(PairData.Sample.JOINT).pairs());
        assertEquals(without.evaluation().getFirst(), with.evaluation().getFirst());
        assertEquals(rows(without.resistance(), Resistance.Row::model), rows(with.resistance(), Resistance.Row::model));
        assertEquals(rows(without.ambiguity(), Ambiguity.Row::model), rows(with.ambiguity(), Ambiguity.Row::model));
        assertEquals(without.imprintText().getFirst(), with.imprintText().getFirst());
        assertEquals(without.imprintPair().getFirst(), with.imprintPair().getFirst());
        assertEquals(without.design().vif(), with.design().vif());
        assertEquals(without.meta().pairSet(PairData.Sample.STAR), with.meta().pairSet(PairData.Sample.STAR));
        assertEquals(without.errors().stream().map(e -> e.id() + " " + e.margin()).toList(),
                with.errors().stream().map(e -> e.id() + " " + e.margin()).toList());
        // RM0 on its own pairs: as the baseline analysed alone (77 of its 82 pairs, 4 of them failed: 73)
        AnalysisResult baseAlone = Analysis.run(AnalyzeOptions.of(failing), config);
        Evaluation b = with.evaluation().get(1);
        Evaluation a = baseAlone.evaluation().getFirst();
        assertEquals(73, b.pairs());
        assertEquals(List.of(a.pairs(), a.nanPairs(), a.agree(), a.ties(), a.resisted()),
                List.of(b.pairs(), b.nanPairs(), b.agree(), b.ties(), b.resisted()));
        assertEquals(a.resistance(), b.resistance());
        assertEquals(List.of("p020", "p021", "p022", "p023"), with.problems().ids(Analysis.NAN_REWARD_BASELINE));
    }

    /** summary.json and the report say which pairs each statistic uses, and how many. */
    @Test
    void summaryAndReportGiveEachPairSetWithItsSize(@TempDir Path dir) throws IOException {
        AnalysisResult r = run();
        ReportWriter.write(r, dir, false, "fixture");
        JsonNode sets = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("pair_sets");
        assertEquals(List.of("RM*", "RM0", "both"), List.copyOf(iterable(sets.fieldNames())));
        assertEquals(List.of(81, 82, 80), List.of(sets.get("RM*").get("pairs").asInt(), sets.get("RM0").get("pairs").asInt(),
                sets.get("both").get("pairs").asInt()));
        assertTrue(sets.get("both").get("used_for").asText().contains("regimes"), sets.toString());
        String html = Files.readString(dir.resolve("report.html"));
        for (String s : List.of("<b>RM*&#39;s pairs</b> (n = 81", "<b>RM0&#39;s pairs</b> (n = 82",
                "<b>pairs both models scored</b> (n = 80", "on the 80 pairs both models scored")) {
            assertTrue(html.contains(s), s);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static <T> List<T> rows(List<T> all, java.util.function.Function<T, String> model) {
        return all.stream().filter(x -> model.apply(x).equals("RM*")).toList();
    }

    private static void assertLabeler(AnalysisResult r, String level, int n, int resisted) {
        Resistance.Row row = r.resistance().stream()
                .filter(x -> x.model().equals("RM*") && x.breakdown().equals("labeler") && x.level().equals(level))
                .findFirst().orElseThrow();
        assertEquals(n, row.n(), level);
        assertEquals(resisted, row.resisted(), level);
    }

    static void check(Object[][] expected, Regression reg, int g, int n, int df) {
        assertEquals(g, reg.clusters(), reg.name());
        assertEquals(n, reg.n(), reg.name());
        assertEquals(expected.length, reg.coefs().size(), reg.name() + " terms " + reg.coefs());
        for (int j = 0; j < expected.length; j++) {
            Object[] e = expected[j];
            Regression.Coef c = reg.coefs().get(j);
            String t = reg.name() + " " + e[0];
            assertEquals(e[0], c.term());
            rel(t + " estimate", ((Number) e[1]).doubleValue(), c.estimate());
            rel(t + " se", ((Number) e[2]).doubleValue(), c.se());
            rel(t + " t", ((Number) e[3]).doubleValue(), c.t());
            rel(t + " p", ((Number) e[4]).doubleValue(), c.p());
            rel(t + " lo", ((Number) e[5]).doubleValue(), c.ciLo());
            rel(t + " hi", ((Number) e[6]).doubleValue(), c.ciHi());
            rel(t + " bonferroni", ((Number) e[7]).doubleValue(), c.pBonferroni());
            rel(t + " holm", ((Number) e[8]).doubleValue(), c.pHolm());
            rel(t + " BH", ((Number) e[9]).doubleValue(), c.pBh());
            assertEquals(df, c.df(), t + " df");
        }
    }

    static void rel(String what, double expected, double actual) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        assertEquals(expected, actual, Math.abs(expected) * REL, what);
    }
}
