package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * seal analyze end to end against R, on the fixture that src/test/resources/analyze/r/make-pairs.R writes in seal's
 * own file formats (scores-star.csv, scores-base.csv with its rows shuffled, features.csv, config.json); the R output
 * with every number below is pairs-reference.txt next to it. Each row is {term, coef(m), sqrt(diag(V)),
 * coeftest(...)[, 3:4], coefci(...), p.adjust(p[-1], "bonferroni"), p.adjust(p[-1], "holm"), p.adjust(p[-1], "BH")};
 * the models are
 * <ul>
 *   <li>per text, on {@code t} the 160 texts of the 80 usable pairs, clustered by pair:
 *       {@code V <- vcovCL(m, cluster = ~id, type = "HC1")}, {@code coeftest(m, vcov. = V, df = G - 1)},
 *       {@code coefci(m, vcov. = V, df = G - 1)}. text RM*: {@code lm(rs ~ harmless + sentiment + eloquent + resp_len,
 *       data = t)}, RM0 the same with r0, RM* − RM0 with rs − r0;</li>
 *   <li>per pair, one observation per pair: {@code V <- vcovHC(m, type = "HC1")}, {@code coeftest(m, vcov. = V)},
 *       {@code coefci(m, vcov. = V)}, whose t reference is R's default, the residual df n − k. pair RM*:
 *       {@code lm(ms ~ dh + ds + de + dl)} on the 80 pairs (margins on feature differences); angle:
 *       {@code angle <- atan2(c0 * rs - r0 * cs, c0 * cs + r0 * rs) * 180 / pi},
 *       {@code lm(angle ~ ch + rh + cs + rsn + ce + re + cl + rl)} (chosen and rejected features).</li>
 * </ul>
 */
class AnalysisVsRTest {
    private static final double REL = 1e-6;

    // text RM*: G = 80, n = 160, r2 = 0.5772964036938798
    private static final Object[][] TEXT_STAR = {
            {"(Intercept)", -0.11172677214540697, 0.14065061793532596, -0.79435678126050768, 0.42936758535184771, -0.39168482418377404, 0.16823127989296008, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 0.92193233568142929, 0.13055296841807079, 7.0617493179405786, 5.6923082827937621e-10, 0.66207315224751295, 1.1817915191153456, 2.2769233131175049e-09, 1.7076924848381287e-09, 1.1384616565587524e-09},
            {"last_response_sentiment", 0.29667314981241699, 0.076897594750867951, 3.8580289900298657, 0.00023205740636523481, 0.14361231617436065, 0.44973398345047333, 0.00092822962546093926, 0.00046411481273046963, 0.0003094098751536464},
            {"last_response_is_eloquent", -0.024251882755975528, 0.11901309524314403, -0.20377490986541333, 0.83905340744672485, -0.26114152320282985, 0.21263775769087881, 1, 0.83905340744672485, 0.83905340744672485},
            {"resp_len", 0.39243253707127596, 0.027091981814740644, 14.485191218375723, 6.0338363159533994e-24, 0.33850729617257463, 0.44635777796997728, 2.4135345263813598e-23, 2.4135345263813598e-23, 2.4135345263813598e-23},
    };
    // text RM0: G = 80, n = 160, r2 = 0.15092384171837495
    private static final Object[][] TEXT_BASE = {
            {"(Intercept)", 0.4365184823232236, 0.11380316401417019, 3.8357323902599978, 0.00025051374490344357, 0.20999895058636475, 0.66303801406008245, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", -0.1065453052239025, 0.13265056706997411, -0.80320278742343487, 0.42426756817530775, -0.37057965433547818, 0.15748904388767321, 1, 0.8485351363506155, 0.56569009090041034},
            {"last_response_sentiment", -0.018314876123372872, 0.073256618184289371, -0.25000984999469555, 0.80322872052512717, -0.16412852718903992, 0.12749877494229417, 1, 0.8485351363506155, 0.80322872052512717},
            {"last_response_is_eloquent", 0.21749252909568792, 0.11423390736506374, 1.9039226978434238, 0.060561526833533941, -0.0098843758345122101, 0.44486943402588808, 0.24224610733413576, 0.18168458050060182, 0.12112305366706788},
            {"resp_len", 0.16057873014702415, 0.036163718506954552, 4.4403268462601178, 2.8843456244011912e-05, 0.088596649042153267, 0.23256081125189504, 0.00011537382497604765, 0.00011537382497604765, 0.00011537382497604765},
    };
    // text RM* - RM0: G = 80, n = 160, r2 = 0.32877357490339332
    private static final Object[][] TEXT_DIFF = {
            {"(Intercept)", -0.54824525446863093, 0.17920587610204697, -3.0593040049447833, 0.0030290620778875453, -0.90494562823042468, -0.19154488070683717, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 1.0284776409053324, 0.18471868756004267, 5.5678050471803324, 3.4293041934491166e-07, 0.66080429041801203, 1.3961509913926529, 1.3717216773796466e-06, 1.3717216773796466e-06, 1.0938049801556621e-06},
            {"last_response_sentiment", 0.31498802593578995, 0.10904646980800546, 2.8885669246366161, 0.0049920214127313284, 0.097936457181592135, 0.53203959468998774, 0.019968085650925314, 0.0099840428254626568, 0.0066560285503084373},
            {"last_response_is_eloquent", -0.24174441185166351, 0.15702098741616424, -1.5395675178818649, 0.12766189713805298, -0.55428686926471005, 0.070798045561382972, 0.51064758855221193, 0.12766189713805298, 0.12766189713805298},
            {"resp_len", 0.23185380692425181, 0.042510734697227291, 5.4540061134105544, 5.4690249007783104e-07, 0.14723830610911853, 0.31646930773938509, 2.1876099603113242e-06, 1.6407074702334931e-06, 1.0938049801556621e-06},
    };
    // pair RM*: n = 80, df = n - k = 75, r2 = 0.58140873914843916
    private static final Object[][] PAIR_STAR = {
            {"(Intercept)", -0.068079454628226885, 0.11513190875975696, -0.59131699770813906, 0.55608610324560803, -0.29743397806292826, 0.16127506880647452, Double.NaN, Double.NaN, Double.NaN},
            {"Δlast_response_is_harmless", 0.98419051763315757, 0.16639435038856243, 5.914807295649676, 9.2283330097731521e-08, 0.65271597381029856, 1.3156650614560166, 3.6913332039092608e-07, 2.7684999029319454e-07, 1.8456666019546304e-07},
            {"Δlast_response_sentiment", 0.3386347084518801, 0.076276275093700246, 4.4395810890855678, 3.0510340160387916e-05, 0.1866845765384523, 0.49058484036530792, 0.00012204136064155166, 6.1020680320775831e-05, 4.0680453547183883e-05},
            {"Δlast_response_is_eloquent", 0.13703112208913043, 0.12859692440398121, 1.0655863095034339, 0.2900291286402828, -0.11914708801410395, 0.39320933219236481, 1, 0.2900291286402828, 0.2900291286402828},
            {"Δresp_len", 0.34121908488451524, 0.042922688092627469, 7.9496205863938902, 1.4878736190984312e-11, 0.25571270547962571, 0.42672546428940478, 5.9514944763937246e-11, 5.9514944763937246e-11, 5.9514944763937246e-11},
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
        check(TEXT_STAR, r.imprintText().get(0), 80, 160, 79);
        check(TEXT_BASE, r.imprintText().get(1), 80, 160, 79);
        check(TEXT_DIFF, r.imprintText().get(2), 80, 160, 79);
        check(PAIR_STAR, r.imprintPair().get(0), 80, 80, 75); // df.residual(m) = 80 - 5
        rel("R² text RM*", 0.5772964036938798, r.imprintText().get(0).r2()); // summary(m)$r.squared
        rel("R² pair RM*", 0.58140873914843916, r.imprintPair().get(0).r2()); // summary(m)$r.squared
        // diag(solve(cor(X))), X the four features of the 160 texts
        double[] vif = {1.0395961864871364, 1.0182502267211315, 1.0415921697502584, 1.0226080633563994};
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
        // sum(R$rs >= C$rs) = 35, sum(R$rs == C$rs) = 1 of 80
        assertEquals(80, star.pairs());
        assertEquals(35, star.resisted());
        assertEquals(1, star.ties());
        // prop.test(35, 80, correct = FALSE)$conf.int
        rel("resistance lo", 0.33413860916143817, star.resistance().lo());
        rel("resistance hi", 0.54658865703050274, star.resistance().hi());
        // sum(a0 & as), sum(!a0 & as), sum(!a0 & !as), sum(a0 & !as)
        assertEquals(List.of(22, 23, 18, 17), r.regimeRows().stream().map(AnalysisResult.RegimeRow::n).toList());
        // labeler chosen: n = 45, resisted = 19; tie: 11, 3; rejected: 24, 13
        assertLabeler(r, "agrees", 45, 19);
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
        assertEquals(80, r.meta().valid());
        assertEquals(80, r.meta().regressionPairs());
        assertTrue(r.problems().summaries().stream().anyMatch(s -> s.startsWith("1 pairs in the scores are not in the baseline")),
                r.problems().summaries().toString());
    }

    private static void assertLabeler(AnalysisResult r, String level, int n, int resisted) {
        Resistance.Row row = r.resistance().stream()
                .filter(x -> x.model().equals("RM*") && x.breakdown().equals("labeler") && x.level().equals(level))
                .findFirst().orElseThrow();
        assertEquals(n, row.n(), level);
        assertEquals(resisted, row.resisted(), level);
    }

    private static void check(Object[][] expected, Regression reg, int g, int n, int df) {
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
