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
 * with every number below is pairs-reference.txt next to it. With {@code t} the 160 texts of the 80 usable pairs and
 * {@code V <- vcovCL(m, cluster = ~id, type = "HC1")}, each row is {term, coef(m), sqrt(diag(V)),
 * coeftest(m, vcov. = V, df = G - 1)[, 3:4], coefci(m, vcov. = V, df = G - 1), p.adjust(p[-1], "bonferroni"),
 * p.adjust(p[-1], "holm"), p.adjust(p[-1], "BH")}; the models are
 * <ul>
 *   <li>text RM*: {@code lm(rs ~ harmless + sentiment + eloquent + resp_len, data = t)}, RM0 the same with r0, RM* − RM0
 *       with rs − r0;</li>
 *   <li>pair RM*: {@code lm(ms ~ dh + ds + de + dl)} on the 80 pairs (margins on feature differences; each pair its own
 *       cluster);</li>
 *   <li>angle: {@code angle <- atan2(c0 * rs - r0 * cs, c0 * cs + r0 * rs) * 180 / pi},
 *       {@code lm(angle ~ ch + rh + cs + rsn + ce + re + cl + rl)} (chosen and rejected features).</li>
 * </ul>
 */
class AnalysisVsRTest {
    private static final double REL = 1e-6;

    // text RM*: G = 80, n = 160, r2 = 0.57729557696741185
    private static final Object[][] TEXT_STAR = {
            {"(Intercept)", -0.11170813761350695, 0.14065095078279016, -0.79422241365449331, 0.4294453316807737, -0.39166685216817909, 0.16825057694116519, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 0.92192270999881887, 0.13055521970374623, 7.0615538167744711, 5.6972189491823468e-10, 0.66205904549285655, 1.1817863745047812, 2.2788875796729387e-09, 1.709165684754704e-09, 1.1394437898364694e-09},
            {"last_response_sentiment", 0.29667886253866138, 0.076897856112486299, 3.8580901671000958, 0.00023200860193162744, 0.14361750867331685, 0.44974021640400591, 0.00092803440772650978, 0.00046401720386325489, 0.00030934480257550326},
            {"last_response_is_eloquent", -0.024265460272360428, 0.11901441712481273, -0.20388672951204534, 0.83896632106475177, -0.26115773185886015, 0.21262681131413927, 1, 0.83896632106475177, 0.83896632106475177},
            {"resp_len", 0.39243656020141726, 0.027092365779802972, 14.485134424619865, 6.0352004684931117e-24, 0.33851055503937688, 0.44636256536345764, 2.4140801873972447e-23, 2.4140801873972447e-23, 2.4140801873972447e-23},
    };
    // text RM0: G = 80, n = 160, r2 = 0.15092239339514904
    private static final Object[][] TEXT_BASE = {
            {"(Intercept)", 0.43652257674953743, 0.11380390923412577, 3.835743250712865, 0.00025050442256036417, 0.21000156168946132, 0.66304359180961359, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", -0.10655198016116818, 0.13265137889355755, -0.80324819123567415, 0.42424148480442225, -0.37058794516716626, 0.15748398484482989, 1, 0.84848296960884451, 0.565655313072563},
            {"last_response_sentiment", -0.018309334115412485, 0.073257367698938675, -0.24993164087818764, 0.80328898873326826, -0.1641244770526708, 0.12750580882184581, 1, 0.84848296960884451, 0.80328898873326826},
            {"last_response_is_eloquent", 0.21749729064026949, 0.1142337353799882, 1.9039672467750828, 0.060555638038528592, -0.0098792719622008973, 0.44487385324273987, 0.24222255215411437, 0.18166691411558578, 0.12111127607705718},
            {"resp_len", 0.1605771016518594, 0.036164728252725917, 4.4401578391441641, 2.886157365166854e-05, 0.088593010698305635, 0.23256119260541316, 0.00011544629460667416, 0.00011544629460667416, 0.00011544629460667416},
    };
    // text RM* - RM0: G = 80, n = 160, r2 = 0.32877681175572659
    private static final Object[][] TEXT_DIFF = {
            {"(Intercept)", -0.54823071436304405, 0.17920657421788957, -3.0592109511366132, 0.0030299021968659681, -0.90493247768966345, -0.19152895103642464, Double.NaN, Double.NaN, Double.NaN},
            {"last_response_is_harmless", 1.0284746901599868, 0.18471954823573361, 5.567763130556588, 3.4298961551355677e-07, 0.66079962654055646, 1.3961497537794172, 1.3719584620542271e-06, 1.3719584620542271e-06, 1.0935245709373063e-06},
            {"last_response_sentiment", 0.31498819665407385, 0.10904653909983578, 2.8885666546986104, 0.0049920252819790354, 0.097936489977937802, 0.5320399033302099, 0.019968101127916141, 0.0099840505639580707, 0.0066560337093053805},
            {"last_response_is_eloquent", -0.24176275091262991, 0.15702051558550495, -1.5396889381692223, 0.12763229855904226, -0.55430426917024145, 0.070778767344981591, 0.51052919423616905, 0.12763229855904226, 0.12763229855904226},
            {"resp_len", 0.23185945854955803, 0.04251128169659267, 5.4540688799825539, 5.4676228546865315e-07, 0.14724286895942293, 0.3164760481396931, 2.1870491418746126e-06, 1.6402868564059596e-06, 1.0935245709373063e-06},
    };
    // pair RM*: G = 80, n = 80, r2 = 0.58141026389113781
    private static final Object[][] PAIR_STAR = {
            {"(Intercept)", -0.0680833322312316, 0.11513235117565414, -0.59134840499660091, 0.55597533629235096, -0.29724854483310137, 0.16108188037063814, Double.NaN, Double.NaN, Double.NaN},
            {"Δlast_response_is_harmless", 0.9841828131099204, 0.16639769431433038, 5.9146421299009626, 8.0900777954836964e-08, 0.65297648748015291, 1.3153891387396879, 3.2360311181934786e-07, 2.427023338645109e-07, 1.6180155590967393e-07},
            {"Δlast_response_sentiment", 0.33864561811165678, 0.076275899111989912, 4.4397460017409953, 2.8905768407414428e-05, 0.1868222386887044, 0.49046899753460915, 0.00011562307362965771, 5.7811536814828855e-05, 3.8541024543219232e-05},
            {"Δlast_response_is_eloquent", 0.13701120746766815, 0.12859673945376507, 1.0654329810354823, 0.2899255312173562, -0.11895419961298759, 0.39297661454832389, 1, 0.2899255312173562, 0.2899255312173562},
            {"Δresp_len", 0.34121822674539043, 0.042922251652955871, 7.9496814264144549, 1.0925118499297456e-11, 0.25578362191921394, 0.42665283157156692, 4.3700473997189826e-11, 4.3700473997189826e-11, 4.3700473997189826e-11},
    };
    // angle: G = 80, n = 80, r2 = 0.1117572688464597
    private static final Object[][] ANGLE = {
            {"(Intercept)", 35.274018202239823, 23.016118775400297, 1.532578909000974, 0.12937469467524304, -10.538420252937307, 81.08645665741696, Double.NaN, Double.NaN, Double.NaN},
            {"chosen:last_response_is_harmless", -60.361658160038267, 25.009912819179853, -2.4135093391348215, 0.018114598226589555, -110.14264438881199, -10.580671931264547, 0.14491678581271644, 0.14491678581271644, 0.14491678581271644},
            {"rejected:last_response_is_harmless", 13.162419479731266, 19.690243739677957, 0.66847417704675627, 0.50577951932800214, -26.030030311393194, 52.35486927085573, 1, 1, 0.9973375549551784},
            {"chosen:last_response_sentiment", -1.7792845027516855, 9.1287730117657766, -0.19490949117240883, 0.84596419818658863, -19.949652663163999, 16.391083657660626, 1, 1, 0.9973375549551784},
            {"rejected:last_response_sentiment", 1.845979735659657, 11.085919873608931, 0.1665157025042355, 0.86817658153792421, -20.219991807359598, 23.911951278678913, 1, 1, 0.9973375549551784},
            {"chosen:last_response_is_eloquent", 1.4389328062221756, 17.467748386114625, 0.082376547590186547, 0.93455564694468807, -33.329750641166669, 36.207616253611022, 1, 1, 0.9973375549551784},
            {"rejected:last_response_is_eloquent", 0.062416619177020294, 18.645950034185937, 0.0033474625354344592, 0.9973375549551784, -37.051418546308845, 37.176251784662888, 1, 1, 0.9973375549551784},
            {"chosen:resp_len", 1.7642563741395083, 4.291143748349052, 0.41113895912209358, 0.68208381989263644, -6.7770516018895641, 10.305564350168581, 1, 1, 0.9973375549551784},
            {"rejected:resp_len", 0.13586301039452575, 4.3971921664457341, 0.030897674072849154, 0.97542907166492521, -8.6165290617296613, 8.888255082518711, 1, 1, 0.9973375549551784},
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
        check(TEXT_STAR, r.imprintText().get(0), 80, 160);
        check(TEXT_BASE, r.imprintText().get(1), 80, 160);
        check(TEXT_DIFF, r.imprintText().get(2), 80, 160);
        check(PAIR_STAR, r.imprintPair().get(0), 80, 80);
        rel("R² text RM*", 0.57729557696741185, r.imprintText().get(0).r2()); // summary(m)$r.squared
        rel("R² pair RM*", 0.58141026389113781, r.imprintPair().get(0).r2()); // summary(m)$r.squared
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
        check(ANGLE, r.angleRegression(), 80, 80);
        rel("R² angle", 0.1117572688464597, r.angleRegression().r2()); // summary(m)$r.squared
        // p$angle[1:3]
        double[] first = {-154.53178595676596, 41.457253173236921, -43.665540617734919};
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

    private static void check(Object[][] expected, Regression reg, int g, int n) {
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
            assertEquals(g - 1, c.df(), t + " df");
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
