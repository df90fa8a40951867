package dev.seal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OLS, CR1 clustered standard errors, t tests with G − 1 df (and HC1 with n − k df), intervals and adjusted p-values against R 4.2.2 with
 * sandwich 3.0-2 and lmtest 0.9-40, on three data sets: a synthetic clustered one (unequal cluster sizes), mtcars
 * and the first 50 firms of sandwich's PetersenCL. The data sets and the R scripts that made them and every number
 * below are in src/test/resources/analyze/r (make-data.R, reference-values.R; its output is reference-values.txt).
 *
 * <p>Each expected row is {term, estimate, se, t, p, ci_lo, ci_hi, p_bonferroni, p_holm, p_bh, classical_se}; with
 * {@code m <- lm(...)}, {@code V <- vcovCL(m, cluster = ~g, type = "HC1")} and {@code G} clusters, the R commands
 * are, column by column: {@code coef(m)[term]}, {@code sqrt(diag(V))[term]},
 * {@code coeftest(m, vcov. = V, df = G - 1)[term, 3]} and {@code [term, 4]},
 * {@code coefci(m, vcov. = V, df = G - 1, level = 0.95)[term, ]},
 * {@code p.adjust(coeftest(m, vcov. = V, df = G - 1)[-1, 4], "bonferroni" | "holm" | "BH")[term]},
 * {@code sqrt(diag(vcov(m)))[term]}.
 */
class RegressionVsRTest {
    /** 1e-6 relative, the bar; the code agrees with R to ~1e-12 on these data. */
    private static final double REL = 1e-6;

    // synthetic: d <- read.csv("synthetic-clustered.csv"); m <- lm(y ~ x1 + x2 + x3 + x4, data = d);
    //            V <- vcovCL(m, cluster = ~cluster, type = "HC1"); G = 60
    private static final Object[][] SYNTHETIC = {
            {"(Intercept)", 0.10268491387804654, 0.20833381690113578, 0.49288644256335673, 0.62392228456569321, -0.31419009084061345, 0.51955991859670647, Double.NaN, Double.NaN, Double.NaN, 0.21441541886416968},
            {"x1", 1.1181173036614198, 0.27049626081002776, 4.1335776705863037, 0.00011446728212652547, 0.57685553599039585, 1.6593790713324439, 0.00045786912850610188, 0.00034340184637957641, 0.00022893456425305094, 0.3116068958418009},
            {"x2", -0.21272913168579727, 0.15875781994617549, -1.3399600206019455, 0.18539636417625355, -0.53040279563346371, 0.10494453226186917, 0.74158545670501419, 0.18539636417625355, 0.18539636417625355, 0.15057069805598131},
            {"x3", 0.0047649248306167197, 0.00069461380934872385, 6.859818746022853, 4.6700243905885228e-09, 0.0033750058085536385, 0.006154843852679801, 1.8680097562354091e-08, 1.8680097562354091e-08, 1.8680097562354091e-08, 0.00084090790591806171},
            {"x4", 0.55709097194663226, 0.28394849122705967, 1.9619437650089642, 0.054491847882333612, -0.011088646613851005, 1.1252705905071156, 0.21796739152933445, 0.10898369576466722, 0.072655797176444811, 0.3108134076744774},
    };
    // summary(m)$r.squared, summary(m)$adj.r.squared
    private static final double SYNTHETIC_R2 = 0.39912654683279003;
    private static final double SYNTHETIC_ADJ_R2 = 0.37822660063566971;
    // diag(solve(cor(model.matrix(m)[, -1])))
    private static final double[] SYNTHETIC_VIF = {1.7257891574929713, 1.0084004070745667, 1.0187476271400917, 1.7324275979625101};
    // sqrt(diag(vcovHC(m, type = "HC1")))
    private static final double[] SYNTHETIC_HC1 = {0.20825341060244065, 0.2606747757394014, 0.14925379148777565, 0.00069287914315622546, 0.26460377326425571};

    // mtcars: m <- lm(mpg ~ wt + hp + qsec + am, data = mtcars); V <- vcovCL(m, cluster = ~carb, type = "HC1"); G = 6
    private static final Object[][] MTCARS = {
            {"(Intercept)", 17.440191102055387, 10.687358346165524, 1.6318523752235448, 0.16363910963752826, -10.032538133533865, 44.912920337644636, Double.NaN, Double.NaN, Double.NaN, 9.3188687677376425},
            {"wt", -3.2380968198705062, 0.51828301119091669, -6.2477386870736318, 0.0015392386651857965, -4.5703857141567692, -1.9058079255842435, 0.0061569546607431859, 0.0061569546607431859, 0.0061569546607431859, 0.88989858173203629},
            {"hp", -0.017646542516629598, 0.0069631311378287935, -2.5342826621145682, 0.052256486420174671, -0.035545840938685916, 0.00025275590542671658, 0.20902594568069868, 0.15676945926052402, 0.10451297284034934, 0.014150603193552812},
            {"qsec", 0.81060254196535741, 0.42034321735266011, 1.9284301696850672, 0.11171482282091239, -0.26992409729431766, 1.8911291812250326, 0.44685929128364954, 0.1989338069769862, 0.11171482282091239, 0.43887026403046875},
            {"am", 2.9255039413585755, 1.4488157062213758, 2.0192381465745686, 0.099466903488493102, -0.79879539623869089, 6.6498032789558419, 0.39786761395397241, 0.1989338069769862, 0.11171482282091239, 1.3971471010806091},
    };
    private static final double MTCARS_R2 = 0.85785101906236083;     // summary(m)$r.squared
    private static final double MTCARS_ADJ_R2 = 0.83679191077530324; // summary(m)$adj.r.squared
    // diag(solve(cor(model.matrix(m)[, -1])))
    private static final double[] MTCARS_VIF = {3.9645146666752771, 4.9221288784597483, 3.216021496094938, 2.5415266398534775};
    // sqrt(diag(vcovHC(m, type = "HC1")))
    private static final double[] MTCARS_HC1 = {8.2398072031061087, 0.90209476270031042, 0.0091199442600442254, 0.38765455170132768, 1.4552744388295467};

    // petersen: data(PetersenCL); d <- subset(PetersenCL, firm <= 50); m <- lm(y ~ x, data = d);
    //           V <- vcovCL(m, cluster = ~firm, type = "HC1"); G = 50
    private static final Object[][] PETERSEN = {
            {"(Intercept)", -0.06389528360105276, 0.25885984405281465, -0.24683350882347105, 0.80606830736092827, -0.58409361609672583, 0.45630304889462026, Double.NaN, Double.NaN, Double.NaN, 0.099096418536055331},
            {"x", 1.0475936437157904, 0.15554860658191563, 6.7348314249546331, 1.7086198163818328e-08, 0.73500701575881444, 1.3601802716727664, 1.7086198163818328e-08, 1.7086198163818328e-08, 1.7086198163818328e-08, 0.095138559313696525},
    };
    private static final double PETERSEN_R2 = 0.19579804455397717;     // summary(m)$r.squared
    private static final double PETERSEN_ADJ_R2 = 0.19418318118962774; // summary(m)$adj.r.squared
    // sqrt(diag(vcovHC(m, type = "HC1")))
    private static final double[] PETERSEN_HC1 = {0.10090675346260847, 0.090495943307668067};

    // mtcars HC1 with R's default t reference: m <- lm(mpg ~ wt + hp + qsec + am, data = mtcars);
    // H <- vcovHC(m, type = "HC1"); {term, sqrt(diag(H)), coeftest(m, vcov. = H)[, 3:4], coefci(m, vcov. = H)}:
    // coeftest and coefci without df use df.residual(m) = n - k = 27
    private static final Object[][] MTCARS_HC1_TESTS = {
            {"(Intercept)", 8.2398072031061087, 2.1165775693733546, 0.043656884227697874, 0.53350323280820788, 34.346878971302566},
            {"wt", 0.90209476270031042, -3.5895306721188129, 0.0012966305142784057, -5.0890423827360447, -1.3871512570049682},
            {"hp", 0.0091199442600442254, -1.9349397335619269, 0.063537806544140901, -0.036359122457987551, 0.0010660374247283555},
            {"qsec", 0.38765455170132768, 2.0910435293686276, 0.046067426428559016, 0.015201102932088872, 1.606003980998626},
            {"am", 1.4552744388295467, 2.0102764559731496, 0.054488938751748678, -0.06047256208561036, 5.9114804448027609},
    };

    @Test
    void hc1TestsUseTheResidualDegreesOfFreedomAsCoeftestDoes() throws IOException {
        Data d = Data.read("mtcars.csv");
        List<String> xs = List.of("wt", "hp", "qsec", "am");
        double[][] x = d.design(xs);
        Ols.Fit fit = Ols.fit(x, d.col("mpg"), names(xs));
        Vcov.Result h = Vcov.hc1(fit, x);
        assertEquals(Vcov.Kind.HC1, h.kind());
        assertEquals(27, h.df());
        List<CoefTest.Row> rows = CoefTest.test(fit, h, 0.95);
        for (int j = 0; j < MTCARS_HC1_TESTS.length; j++) {
            Object[] e = MTCARS_HC1_TESTS[j];
            CoefTest.Row r = rows.get(j);
            String t = (String) e[0];
            assertEquals(t, r.term());
            assertEquals(27, r.df(), t + " df");
            rel(t + " HC1 se", (double) e[1], r.se());
            rel(t + " t", (double) e[2], r.t());
            rel(t + " p", (double) e[3], r.p());
            rel(t + " ci lo", (double) e[4], r.ciLo());
            rel(t + " ci hi", (double) e[5], r.ciHi());
        }
    }

    /**
     * The SEAL paper's test of a model (seal analyze --replicate-paper): classical errors and every coefficient,
     * the intercept included, in the adjusted family. R: {@code m <- lm(mpg ~ wt + hp + qsec + am, data = mtcars);
     * p <- coeftest(m)[, 4]; p.adjust(p, "bonferroni"); p.adjust(p, "holm"); p.adjust(p, "BH")}.
     */
    @Test
    void classicalTestsAdjustedOverEveryCoefficientMatchPAdjustOnTheWholeTable() throws IOException {
        double[] p = {0.072149342054506793, 0.0011414071190120828, 0.22308793197538776, 0.0757312024499672,
                0.045790787755046976};
        double[] bonferroni = {0.36074671027253397, 0.0057070355950604142, 1, 0.37865601224983603,
                0.22895393877523487};
        double[] holm = {0.21644802616352038, 0.0057070355950604142, 0.22308793197538776, 0.21644802616352038,
                0.1831631510201879};
        double[] bh = {0.094664003062459007, 0.0057070355950604142, 0.22308793197538776, 0.094664003062459007,
                0.094664003062459007};
        Data d = Data.read("mtcars.csv");
        List<String> xs = List.of("wt", "hp", "qsec", "am");
        Ols.Fit fit = Ols.fit(d.design(xs), d.col("mpg"), names(xs));
        List<CoefTest.Row> rows = CoefTest.test(fit, Vcov.classical(fit), 0.95, CoefTest.Family.ALL);
        for (int j = 0; j < p.length; j++) {
            CoefTest.Row r = rows.get(j);
            assertEquals(27, r.df(), r.term() + " df");
            rel(r.term() + " p", p[j], r.p());
            rel(r.term() + " bonferroni", bonferroni[j], r.pBonferroni());
            rel(r.term() + " holm", holm[j], r.pHolm());
            rel(r.term() + " BH", bh[j], r.pBh());
        }
        // the default family leaves the intercept out: its adjusted p is NaN and the others' family is 4 wide
        CoefTest.Row wt = CoefTest.test(fit, Vcov.classical(fit), 0.95).get(1);
        rel("wt bonferroni over the 4 terms", 4 * 0.0011414071190120828, wt.pBonferroni());
    }

    @Test
    void syntheticClusteredMatchesR() throws IOException {
        Data d = Data.read("synthetic-clustered.csv");
        check(d, "y", List.of("x1", "x2", "x3", "x4"), "cluster", SYNTHETIC, SYNTHETIC_R2, SYNTHETIC_ADJ_R2,
                SYNTHETIC_VIF, SYNTHETIC_HC1, 60);
    }

    @Test
    void mtcarsClusteredByCarbMatchesR() throws IOException {
        Data d = Data.read("mtcars.csv");
        check(d, "mpg", List.of("wt", "hp", "qsec", "am"), "carb", MTCARS, MTCARS_R2, MTCARS_ADJ_R2, MTCARS_VIF,
                MTCARS_HC1, 6);
    }

    @Test
    void petersenClusteredByFirmMatchesR() throws IOException {
        Data d = Data.read("petersen-firm1-50.csv");
        check(d, "y", List.of("x"), "firm", PETERSEN, PETERSEN_R2, PETERSEN_ADJ_R2, null, PETERSEN_HC1, 50);
    }

    /** The small-sample factor of CR1 is G/(G−1)·(n−1)/(n−k): check it directly against the HC0-type sandwich. */
    @Test
    void cr1FactorIsGOverGMinus1TimesNMinus1OverNMinusK() throws IOException {
        Data d = Data.read("synthetic-clustered.csv");
        double[][] x = d.design(List.of("x1", "x2", "x3", "x4"));
        Ols.Fit fit = Ols.fit(x, d.col("y"), names(List.of("x1", "x2", "x3", "x4")));
        Vcov.Result cr1 = Vcov.clustered(fit, x, d.labels("cluster"));
        // meat without any adjustment, by hand
        int n = fit.n();
        int k = fit.k();
        int g = 60;
        double factor = (double) g / (g - 1) * (n - 1) / (n - k);
        double[] e = fit.residuals();
        java.util.Map<String, double[]> u = new java.util.LinkedHashMap<>();
        String[] cl = d.labels("cluster");
        for (int i = 0; i < n; i++) {
            double[] ug = u.computeIfAbsent(cl[i], key -> new double[k]);
            for (int j = 0; j < k; j++) {
                ug[j] += x[i][j] * e[i];
            }
        }
        double[][] meat = new double[k][k];
        for (double[] ug : u.values()) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    meat[a][b] += ug[a] * ug[b];
                }
            }
        }
        var raw = fit.xtxInv().multiply(new org.apache.commons.math3.linear.Array2DRowRealMatrix(meat))
                .multiply(fit.xtxInv());
        for (int j = 0; j < k; j++) {
            assertEquals(raw.getEntry(j, j) * factor, cr1.matrix().getEntry(j, j), 1e-15 * raw.getEntry(j, j) * factor);
        }
        assertEquals(59, cr1.df());
        assertEquals(60, cr1.clusters());
    }

    @Test
    void rankDeficientDesignNamesTheAliasedColumnLikeR() throws IOException {
        Data d = Data.read("synthetic-clustered.csv");
        // x5 = x1 + 2 x4: R's lm gives NA for x5 (alias(m) lists it), keeps the rest
        double[][] x = d.design(List.of("x1", "x2", "x4"));
        double[][] x5 = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            x5[i] = Arrays.copyOf(x[i], 5);
            x5[i][4] = x[i][1] + 2 * x[i][3];
        }
        Ols.CollinearityException e = assertThrows(Ols.CollinearityException.class,
                () -> Ols.fit(x5, d.col("y"), List.of("(Intercept)", "x1", "x2", "x4", "x5")));
        assertEquals(List.of("x5"), e.aliased());
        assertTrue(e.getMessage().contains("x5"), e.getMessage());
    }

    /**
     * With x5 = x1 + 2 x4 every column of the dependency (x1, x4, x5) has R² = 1 on the others, so an infinite VIF,
     * and x2, outside it, gets its ordinary VIF: d$x5 <- d$x1 + 2 * d$x4;
     * 1 / (1 - summary(lm(x2 ~ x1 + x4 + x5, data = d))$r.squared) = 1.008348292328215, Inf for x1, x4 and x5
     * (reference-values.R).
     */
    @Test
    void vifOfACollinearDesignIsInfiniteInsideTheDependencyAndFiniteOutside() throws IOException {
        Data d = Data.read("synthetic-clustered.csv");
        double[] x1 = d.col("x1");
        double[] x2 = d.col("x2");
        double[] x4 = d.col("x4");
        double[][] x = new double[x1.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {x1[i], x2[i], x4[i], x1[i] + 2 * x4[i]};
        }
        double[] vif = Vif.of(x);
        assertEquals(Double.POSITIVE_INFINITY, vif[0], "x1");
        rel("VIF x2", 1.008348292328215, vif[1]);
        assertEquals(Double.POSITIVE_INFINITY, vif[2], "x4");
        assertEquals(Double.POSITIVE_INFINITY, vif[3], "x5");
    }

    private static void check(Data d, String y, List<String> xs, String cluster, Object[][] expected, double r2,
                              double adjR2, double[] vif, double[] hc1, int g) {
        double[][] x = d.design(xs);
        Ols.Fit fit = Ols.fit(x, d.col(y), names(xs));
        Vcov.Result v = Vcov.clustered(fit, x, d.labels(cluster));
        assertEquals(g, v.clusters());
        List<CoefTest.Row> rows = CoefTest.test(fit, v, 0.95);
        Vcov.Result classical = Vcov.classical(fit);
        assertEquals(expected.length, rows.size());
        for (int j = 0; j < expected.length; j++) {
            Object[] e = expected[j];
            CoefTest.Row r = rows.get(j);
            String t = (String) e[0];
            assertEquals(t, r.term());
            rel(t + " estimate", (double) e[1], r.estimate());
            rel(t + " CR1 se", (double) e[2], r.se());
            rel(t + " t", (double) e[3], r.t());
            rel(t + " p", (double) e[4], r.p());
            rel(t + " ci lo", (double) e[5], r.ciLo());
            rel(t + " ci hi", (double) e[6], r.ciHi());
            rel(t + " p bonferroni", (double) e[7], r.pBonferroni());
            rel(t + " p holm", (double) e[8], r.pHolm());
            rel(t + " p BH", (double) e[9], r.pBh());
            rel(t + " classical se", (double) e[10], classical.se(j));
            assertEquals(g - 1, r.df());
        }
        rel("R²", r2, fit.r2());
        rel("adjusted R²", adjR2, fit.adjR2());
        if (vif != null) {
            double[][] regressors = Arrays.stream(x).map(row -> Arrays.copyOfRange(row, 1, row.length))
                    .toArray(double[][]::new);
            double[] got = Vif.of(regressors);
            for (int j = 0; j < vif.length; j++) {
                rel("VIF " + xs.get(j), vif[j], got[j]);
            }
        }
        // vcovHC(m, type = "HC1"), which is also CR1 with every observation its own cluster
        String[] own = new String[fit.n()];
        for (int i = 0; i < own.length; i++) {
            own[i] = "o" + i;
        }
        Vcov.Result h = Vcov.hc1(fit, x);
        Vcov.Result ownClusters = Vcov.clustered(fit, x, own);
        for (int j = 0; j < hc1.length; j++) {
            rel("HC1 se " + j, hc1[j], h.se(j));
            rel("CR1 own clusters se " + j, hc1[j], ownClusters.se(j));
        }
    }

    static void rel(String what, double expected, double actual) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        assertEquals(expected, actual, Math.abs(expected) * REL, what);
    }

    static List<String> names(List<String> xs) {
        List<String> n = new ArrayList<>();
        n.add("(Intercept)");
        n.addAll(xs);
        return n;
    }

    /** A small CSV (no quoted fields) from src/test/resources/analyze/r. */
    record Data(List<String> header, List<String[]> rows) {
        static Data read(String name) throws IOException {
            Path p;
            try {
                p = Path.of(RegressionVsRTest.class.getResource("/analyze/r/" + name).toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            List<String> lines = Files.readAllLines(p);
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                rows.add(l.split(",", -1));
            }
            return new Data(List.of(lines.get(0).split(",")), rows);
        }

        double[] col(String name) {
            int c = header.indexOf(name);
            return rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
        }

        String[] labels(String name) {
            int c = header.indexOf(name);
            return rows.stream().map(r -> r[c]).toArray(String[]::new);
        }

        double[][] design(List<String> xs) {
            double[][] x = new double[rows.size()][xs.size() + 1];
            for (int i = 0; i < x.length; i++) {
                x[i][0] = 1;
            }
            for (int j = 0; j < xs.size(); j++) {
                double[] c = col(xs.get(j));
                for (int i = 0; i < x.length; i++) {
                    x[i][j + 1] = c[i];
                }
            }
            return x;
        }
    }
}
