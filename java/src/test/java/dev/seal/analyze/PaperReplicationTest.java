package dev.seal.analyze;

import static dev.seal.analyze.AnalysisVsRTest.fixture;
import static dev.seal.analyze.AnalysisVsRTest.rel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seal analyze --replicate-paper} against R, on the fixture of {@link AnalysisVsRTest} (src/test/resources/
 * analyze/pairs, written by make-pairs.R). The values are those of src/test/resources/analyze/r/make-replication.R
 * (its output is replication-reference.txt next to it), which runs the SEAL paper's reference code
 * (harvard-lil/SEAL, analysis/angle.R) on seal's files with its choices kept:
 * <pre>
 * data &lt;- f[f$id %in% okPair(f$reward), c("harmless", "sentiment", "eloquent", "resp_len", "row_id", "reward")]
 * model &lt;- lm(reward ~ ., data = data)                      # the row id a covariate
 * coeftest_output &lt;- coeftest(model, cluster = data$row_id)  # cluster is ignored: classical errors, n - k df
 * coeftest_output[, 'Pr(&gt;|t|)'] &lt;- p.adjust(coeftest_output[, 'Pr(&gt;|t|)'], method = "bonferroni")  # intercept too
 * </pre>
 * RM0 the same with {@code reward_n1 ~ .} on RM0's pairs, RM* − RM0 {@code lm((reward - reward_n1) ~ ., data)} on the
 * pairs both scored, and the angle model {@code lm(angles_uv ~ . - row_id, data = a)} with the chosen (_x) and
 * rejected (_y) features. row_id = the score file's 1-based {@code row} − 1 (the paper's rows are 0-based), the
 * scores' row for a pair in both files. Each row is {term, coef, se, t, p, coefci(model) lo, hi,
 * p.adjust(p, "bonferroni"), p.adjust(p, "holm"), p.adjust(p, "BH")}, p over every coefficient.
 */
class PaperReplicationTest {
    private static final String H = "last_response_is_harmless";
    private static final String S = "last_response_sentiment";
    private static final String E = "last_response_is_eloquent";

    // paper text RM*: n = 162, df = n - k = 156, r2 = 0.57576903800574208
    private static final Object[][] PAPER_STAR = {
            {"(Intercept)", -0.048198181786185748, 0.17065697941702315, -0.28242725232120186, 0.77799028830155093, -0.38529478133103534, 0.28889841775866387, 1, 1, 0.77799028830155093},
            {H, 0.92579982448635001, 0.12418721370739244, 7.45487234030149, 5.8217023727909264e-12, 0.68049437263363988, 1.1711052763390601, 3.4930214236745557e-11, 2.910851186395463e-11, 1.7465107118372778e-11},
            {S, 0.2917302361927267, 0.071461612013086248, 4.0823349484378308, 7.1009670953055035e-05, 0.15057300670292709, 0.43288746568252634, 0.00042605802571833024, 0.00028403868381222014, 0.00014201934190611007},
            {E, -0.035146483914633736, 0.12175988321650884, -0.28865405407902356, 0.7732293246096239, -0.27565726017163389, 0.20536429234236642, 1, 1, 0.77799028830155093},
            {"resp_len", 0.38736372650939427, 0.035381492806704162, 10.948201892600634, 4.6966927771895643e-21, 0.31747510576441229, 0.45725234725437625, 2.8180156663137384e-20, 2.8180156663137384e-20, 2.8180156663137384e-20},
            {"row_id", -0.0015237993016987803, 0.002581767954726154, -0.59021543702613988, 0.55590021538414169, -0.0066235332904584238, 0.0035759346870608629, 1, 1, 0.77799028830155093},
    };
    // paper text RM0: n = 164, df = n - k = 158, r2 = 0.16364858864127041
    private static final Object[][] PAPER_BASE = {
            {"(Intercept)", 0.60630914519494128, 0.16330526767623471, 3.7127347685868646, 0.00028378875093249055, 0.28376620557548576, 0.92885208481439685, 0.0017027325055949433, 0.0014189437546624527, 0.00085136625279747164},
            {H, -0.13711505448368719, 0.11900741326637737, -1.1521555735085092, 0.25099745354874137, -0.37216565302007965, 0.097935544052705242, 1, 0.50199490709748273, 0.30119694425848964},
            {S, -0.01274120820830129, 0.068374936057477673, -0.18634325592042547, 0.85241462558934833, -0.14778800238762083, 0.12230558597101823, 1, 0.85241462558934833, 0.85241462558934833},
            {E, 0.20982640145392659, 0.11682525705069066, 1.7960705309031126, 0.074394017238811769, -0.020914237639443611, 0.44056704054729678, 0.44636410343287058, 0.29757606895524708, 0.14878803447762354},
            {"resp_len", 0.15654607773618714, 0.034362686715958789, 4.5556995886320992, 1.0386271973117013e-05, 0.088676607606408234, 0.22441554786596607, 6.2317631838702079e-05, 6.2317631838702079e-05, 6.2317631838702079e-05},
            {"row_id", -0.0035902087773217726, 0.002452072252853028, -1.4641529315233281, 0.14513895141380662, -0.0084332772456490405, 0.0012528596910054948, 0.8708337084828397, 0.43541685424141985, 0.21770842712070992},
    };
    // paper text RM* - RM0: n = 160, df = n - k = 154, r2 = 0.33084738041449757
    private static final Object[][] PAPER_DIFF = {
            {"(Intercept)", -0.66530266983778097, 0.23781669165708, -2.7975440462232766, 0.0058070068339577414, -1.1351067042551395, -0.19549863542042234, 0.034842041003746452, 0.017421020501873226, 0.0087105102509366129},
            {H, 1.0476178737640627, 0.17346234056607168, 6.0394542720068154, 1.1140595526543874e-08, 0.70494509142241069, 1.3902906561057147, 6.6843573159263237e-08, 6.6843573159263237e-08, 6.6843573159263237e-08},
            {S, 0.31005008031051418, 0.099664832745966464, 3.1109276137631627, 0.002222961022042491, 0.11316339339493509, 0.50693676722609327, 0.013337766132254946, 0.0088918440881699638, 0.0044459220440849819},
            {E, -0.23876448147596882, 0.1702536512799025, -1.4024044693375317, 0.16280711621436375, -0.57509853645020903, 0.097569573498271417, 0.97684269728618256, 0.3256142324287275, 0.19536853945723651},
            {"resp_len", 0.23477433251401084, 0.049349500816490699, 4.7573800875318746, 4.4774273567507569e-06, 0.13728498297120789, 0.33226368205681378, 2.686456414050454e-05, 2.2387136783753785e-05, 1.343228207025227e-05},
            {"row_id", 0.0025155230741850786, 0.0036412166842153355, 0.69084684937588703, 0.49070178638315542, -0.004677657002925939, 0.0097087031512960963, 1, 0.49070178638315542, 0.49070178638315542},
    };
    // paper angle: n = 80, df = n - k = 71, r2 = 0.11175969887339017
    private static final Object[][] PAPER_ANGLE = {
            {"(Intercept)", 35.273635942803736, 23.355510376921373, 1.51029180581124, 0.13540687885893565, -11.295929075908319, 81.843200961515791, 1, 1, 0.60933095486521038},
            {"chosen:" + H, -60.366217778353537, 20.679027474023243, -2.9192000375348832, 0.0046986011380090488, -101.59902746367966, -19.133408093027413, 0.042287410242081436, 0.042287410242081436, 0.042287410242081436},
            {"rejected:" + H, 13.165695354839372, 17.561524023729245, 0.74968979554677595, 0.45591851176333409, -21.850989001537179, 48.182379711215923, 1, 1, 0.99699894719129323},
            {"chosen:" + S, -1.7781034724809377, 9.6440699967497352, -0.18437272573510954, 0.85424666728297494, -21.007832881539059, 17.45162593657718, 1, 1, 0.99699894719129323},
            {"rejected:" + S, 1.8464535604085004, 10.359844145111383, 0.1782317894502117, 0.85904851333847854, -18.810488964650673, 22.503396085467678, 1, 1, 0.99699894719129323},
            {"chosen:" + E, 1.4322309405748603, 16.791238696086406, 0.085296324261573117, 0.93226588377705655, -32.048548095399454, 34.913009976549176, 1, 1, 0.99699894719129323},
            {"rejected:" + E, 0.065332845864608607, 17.308833445183112, 0.0037745377856640092, 0.99699894719129323, -34.447500807302802, 34.578166499032022, 1, 1, 0.99699894719129323},
            {"chosen:resp_len", 1.7638987011325618, 4.9138532281031075, 0.35896446622470218, 0.72068696817777012, -8.0340463536104476, 11.56184375587557, 1, 1, 0.99699894719129323},
            {"rejected:resp_len", 0.13746972675227098, 5.7588234116637382, 0.023871148136587094, 0.98102235191440457, -11.345298021528759, 11.620237475033299, 1, 1, 0.99699894719129323},
    };

    private static AnalysisResult run(boolean replicate) throws IOException {
        AnalyzeOptions o = AnalyzeOptions.of(fixture("scores-star.csv")).withBaseline(fixture("scores-base.csv"))
                .withFeatures(List.of(fixture("features.csv"))).withReplicatePaper(replicate);
        return Analysis.run(o, AnalysisConfig.read(fixture("config.json")));
    }

    @Test
    void thePapersModelsMatchRsLmCoeftestAndPAdjust() throws IOException {
        PaperReplication.Result rep = run(true).replication();
        List<Regression> paper = rep.models().stream().map(PaperReplication.Comparison::paper).toList();
        assertEquals(List.of("RM*", "RM0", "RM* − RM0", "angle"), paper.stream().map(Regression::name).toList());
        // classical errors: every observation its own "cluster", t on df.residual(model)
        AnalysisVsRTest.check(PAPER_STAR, paper.get(0), 162, 162, 156);
        AnalysisVsRTest.check(PAPER_BASE, paper.get(1), 164, 164, 158);
        AnalysisVsRTest.check(PAPER_DIFF, paper.get(2), 160, 160, 154);
        AnalysisVsRTest.check(PAPER_ANGLE, paper.get(3), 80, 80, 71);
        rel("R² paper RM*", 0.57576903800574208, paper.get(0).r2()); // summary(model)$r.squared
        rel("R² paper RM0", 0.16364858864127041, paper.get(1).r2());
        rel("R² paper RM* − RM0", 0.33084738041449757, paper.get(2).r2());
        rel("R² paper angle", 0.11175969887339017, paper.get(3).r2());
    }

    /**
     * Each paper model sits beside seal's own, unchanged by the replication: seal's numbers are those of the plain
     * analysis (checked against R in {@link AnalysisVsRTest}).
     */
    @Test
    void sealsModelsBesideThePapersAreThePlainAnalysis() throws IOException {
        AnalysisResult plain = run(false);
        AnalysisResult r = run(true);
        assertNull(plain.replication());
        List<Regression> seal = r.replication().models().stream().map(PaperReplication.Comparison::seal).toList();
        List<Regression> expected = new ArrayList<>(plain.imprintText());
        expected.add(plain.angleRegression());
        assertEquals(expected, seal);
        assertEquals(plain.imprintText(), r.imprintText());
        assertEquals(plain.angleRegression(), r.angleRegression());
    }

    /**
     * The verdicts on the fixture. The angle's chosen harmlessness is significant in the paper's analysis
     * (Bonferroni p = 0.0423 with classical errors) but not in seal's (BH p = 0.147 with HC1 errors, AnalysisVsRTest's
     * ANGLE table); the per-text features significant in both keep their sign; the row id is nowhere significant.
     */
    @Test
    void theConclusionsThatChangeAreListed() throws IOException {
        PaperReplication.Result rep = run(true).replication();
        List<String> diffs = rep.differences().stream()
                .map(x -> x.model() + " " + x.term() + " " + x.verdict()).toList();
        assertEquals(List.of("angle chosen:" + H + " LOST"), diffs);
        PaperReplication.Comparison star = rep.models().getFirst();
        assertEquals(List.of("NOT_TESTED", "SURVIVES", "SURVIVES", "NEITHER", "SURVIVES", "PAPER_ONLY"),
                star.rows().stream().map(x -> x.verdict().name()).toList());
        // RM0's eloquence: paper Bonferroni p = 0.446 (with the intercept and row id in the family), seal BH p = 0.118
        PaperReplication.Row eloquent = rep.models().get(1).rows().get(3);
        assertEquals(E, eloquent.term());
        assertEquals(PaperReplication.Verdict.NEITHER, eloquent.verdict());
        // 7 significant in the paper (3 features x RM*, 1 x RM0, 3 x RM* − RM0, 1 angle), 7 survive: the angle's does not
        assertEquals(8, rep.paperConclusions().size());
        assertEquals(7, rep.paperConclusions().stream()
                .filter(x -> x.verdict() == PaperReplication.Verdict.SURVIVES).count());
    }

    @Test
    void verdictsCoverEveryWayAConclusionChanges() {
        assertEquals(PaperReplication.Verdict.SURVIVES, verdict(0.5, 0.01, 0.3, 0.02));
        assertEquals(PaperReplication.Verdict.SIGN_REVERSED, verdict(0.5, 0.01, -0.3, 0.02));
        assertEquals(PaperReplication.Verdict.LOST, verdict(0.5, 0.01, 0.5, 0.2));
        assertEquals(PaperReplication.Verdict.GAINED, verdict(0.5, 0.2, 0.5, 0.01));
        assertEquals(PaperReplication.Verdict.NEITHER, verdict(0.5, 0.05, 0.5, 0.05)); // p < alpha, not <=
        assertEquals(PaperReplication.Verdict.NOT_TESTED, verdict(0.5, 0.01, 0.5, Double.NaN)); // seal's intercept
        assertEquals(PaperReplication.Verdict.SPURIOUS, PaperReplication.verdict(coef(1, 0.001), null));
        assertEquals(PaperReplication.Verdict.PAPER_ONLY, PaperReplication.verdict(coef(1, 0.5), null));
        assertTrue(PaperReplication.Verdict.SPURIOUS.changed());
        assertFalse(PaperReplication.Verdict.PAPER_ONLY.changed());
    }

    private static PaperReplication.Verdict verdict(double paperEstimate, double paperBonferroni, double sealEstimate,
                                                    double sealBh) {
        Regression.Coef seal = new Regression.Coef("f", "f", "target", 0, sealEstimate, 1, 1, 10, 0.01, 0, 1, 0.01,
                0.01, sealBh);
        return PaperReplication.verdict(coef(paperEstimate, paperBonferroni), seal);
    }

    private static Regression.Coef coef(double estimate, double bonferroni) {
        return new Regression.Coef("f", "f", "target", 0, estimate, 1, 1, 10, 0.01, 0, 1, bonferroni, 0.01, 0.01);
    }

    /**
     * The command end to end: replication.json holds the R values above beside seal's, the report shows the models
     * side by side with the changed conclusion listed, and p082, whose row differs between the two score files, is a
     * problem (the scores' row is used, as the R script does).
     */
    @Test
    void theCommandWritesTheSideBySideTablesAndReport(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report");
        CliRun.Run run = analyze(out, "--replicate-paper");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("paper replication 7 of 8 significant coefficients of the paper's analysis"
                + " survive; 1 conclusions change"), run.out());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("replication.json").toFile());
        List<Object[][]> tables = List.of(PAPER_STAR, PAPER_BASE, PAPER_DIFF, PAPER_ANGLE);
        List<String> models = List.of("RM*", "RM0", "RM* − RM0", "angle");
        int k = 0;
        for (int m = 0; m < tables.size(); m++) {
            for (Object[] e : tables.get(m)) {
                JsonNode row = rows.get(k++);
                String what = models.get(m) + " " + e[0];
                assertEquals(models.get(m), row.get("model").asText(), what);
                assertEquals(e[0], row.get("term").asText(), what);
                rel(what + " estimate", ((Number) e[1]).doubleValue(), row.get("paper_estimate").asDouble());
                rel(what + " se", ((Number) e[2]).doubleValue(), row.get("paper_se").asDouble());
                rel(what + " p", ((Number) e[4]).doubleValue(), row.get("paper_p").asDouble());
                rel(what + " bonferroni", ((Number) e[7]).doubleValue(), row.get("paper_p_bonferroni").asDouble());
            }
        }
        assertEquals(k, rows.size());
        // seal's side of the angle's chosen harmlessness: AnalysisVsRTest's ANGLE row (HC1, BH over the features)
        JsonNode angle = rows.get(k - 8);
        assertEquals("chosen:" + H, angle.get("term").asText());
        rel("seal se", 25.010271194920708, angle.get("seal_se").asDouble());
        rel("seal BH", 0.14700166625503255, angle.get("seal_p_bh").asDouble());
        assertEquals("no longer significant", angle.get("verdict").asText());
        assertTrue(angle.get("changed").asBoolean());
        assertTrue(rows.get(5).get("seal_estimate").isNull(), "the row id is not in seal's model");

        String html = Files.readString(out.resolve("report.html"));
        for (String s : List.of("<section id=\"replication\">", "<a href=\"#replication\">",
                "<div class=\"warn\" id=\"replication-differences\"><h3>Conclusions that change (1)</h3>",
                "<b>angle · chosen:" + H + "</b>: significant in the paper&#39;s analysis (estimate −60.4, Bonferroni"
                        + " p = 0.042), not in seal&#39;s (estimate −60.4, BH p = 0.15)",
                "<b>7 of 8</b> coefficients", "<td>regime stayed aligned</td><td class=\"n\" data-v=\"0.4829\">48.29%</td>")) {
            assertTrue(html.contains(s), s);
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("settings").get("replicate_paper").asBoolean());
        assertEquals(1, summary.get("problems").get(PaperReplication.ROW_MISMATCH).get("count").asInt());
    }

    @Test
    void withoutTheOptionNothingOfTheReplicationIsWritten(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report");
        CliRun.Run run = analyze(out);
        assertEquals(0, run.code(), run.err());
        assertFalse(Files.exists(out.resolve("replication.csv")));
        assertFalse(Files.readString(out.resolve("report.html")).contains("id=\"replication\""));
        assertFalse(run.out().contains("paper replication"), run.out());
    }

    /**
     * Without features there is no regression to replicate; the published figures still stand beside this run's: RM*
     * agreement 46 of 81 pairs (chosen > rejected, p003's tie not counted), and no regimes without a baseline.
     */
    @Test
    void withoutFeaturesOnlyThePublishedFiguresAreCompared(@TempDir Path dir) throws IOException {
        AnalysisResult r = Analysis.run(AnalyzeOptions.of(fixture("scores-star.csv")).withReplicatePaper(true),
                AnalysisConfig.defaults());
        PaperReplication.Result rep = r.replication();
        assertTrue(rep.models().isEmpty());
        assertEquals(List.of(0.7406, 0.4829, 0.2577, 0.1719, 0.0875),
                rep.figures().stream().map(PaperReplication.Figure::paper).toList());
        assertEquals(46 / 81.0, rep.figures().getFirst().thisRun(), 1e-15);
        assertTrue(rep.figures().stream().skip(1).allMatch(f -> Double.isNaN(f.thisRun())));
        dev.seal.analyze.report.ReportWriter.write(r, dir, false, "no features");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("No regression to replicate"), "no-regression note");
        assertFalse(html.contains("replication-differences"), "no differences list without regressions");
        assertTrue(html.contains("<td class=\"n\" data-v=\"0.7406\">74.06%</td>"), "the paper's agreement");
    }

    /** seal analyze on the fixture, with {@code extra} options. */
    private static CliRun.Run analyze(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", "--scores", fixture("scores-star.csv").toString(),
                "--baseline", fixture("scores-base.csv").toString(), "--features", fixture("features.csv").toString(),
                "--config", fixture("config.json").toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.seal(args.toArray(String[]::new));
    }
}
