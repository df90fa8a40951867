package dev.seal.analyze;

import dev.seal.stats.CoefTest;
import dev.seal.stats.Ols;
import dev.seal.stats.Vcov;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One fitted regression as the report shows it: OLS with an intercept, robust standard errors, t tests, intervals,
 * and Bonferroni / Holm / Benjamini–Hochberg adjusted p-values over the model's non-intercept terms.
 *
 * <p>The standard errors follow the data's dependence: {@link #clustered} (CR1, t with G − 1 df, R:
 * {@code coeftest(m, vcov. = vcovCL(m, cluster = ~id, type = "HC1"), df = G - 1)}) when several observations share a
 * pair, {@link #robust} (HC1, t with n − k df, R: {@code coeftest(m, vcov. = vcovHC(m, type = "HC1"))}) when each
 * pair is one observation.
 *
 * @param name        short name ("RM*", "RM0", "RM* − RM0", "angle" …)
 * @param response    what is regressed ("reward per text", "margin per pair" …)
 * @param covariance  how the standard errors were computed (and so which df the tests use)
 * @param n           observations
 * @param clusters    G, the number of pairs the observations belong to (n for HC1: each its own)
 * @param k           coefficients including the intercept
 * @param r2          R²
 * @param adjR2       adjusted R²
 * @param sigma       residual standard error
 * @param coefs       one row per term, the intercept first
 */
public record Regression(String name, String response, Vcov.Kind covariance, int n, int clusters, int k, double r2,
                         double adjR2, double sigma, List<Coef> coefs) {

    /**
     * One coefficient.
     *
     * @param feature the feature behind the term (the term itself, or f for "chosen:f"), "" for the intercept
     * @param role    the feature's role ("" for the intercept)
     * @param sign    the feature's declared sign (0 when none)
     */
    public record Coef(String term, String feature, String role, int sign, double estimate, double se, double t,
                       double df, double p, double ciLo, double ciHi, double pBonferroni, double pHolm, double pBh) {}

    /** What a term refers to: its feature (for the report's colours and signs), null for a term that is none. */
    public record Term(String name, Feature feature) {}

    /**
     * Fits y on an intercept and {@code columns} (each one value per observation), CR1-clustered by {@code cluster}.
     *
     * @throws Ols.CollinearityException when columns are linearly dependent
     */
    public static Regression clustered(String name, String response, double[] y, List<Term> terms,
                                       List<double[]> columns, String[] cluster, double confidence) {
        double[][] x = design(y.length, columns);
        Ols.Fit fit = Ols.fit(x, y, names(terms));
        return of(name, response, fit, Vcov.clustered(fit, x, cluster), terms, confidence, CoefTest.Family.TERMS);
    }

    /**
     * Fits y on an intercept and {@code columns} with HC1 errors: for observations that are independent units (one
     * per pair).
     *
     * @throws Ols.CollinearityException when columns are linearly dependent
     */
    public static Regression robust(String name, String response, double[] y, List<Term> terms,
                                    List<double[]> columns, double confidence) {
        double[][] x = design(y.length, columns);
        Ols.Fit fit = Ols.fit(x, y, names(terms));
        return of(name, response, fit, Vcov.hc1(fit, x), terms, confidence, CoefTest.Family.TERMS);
    }

    /**
     * Fits y on an intercept and {@code columns} the way the SEAL paper's reference code tested its models, for
     * {@code seal analyze --replicate-paper}: classical (iid) standard errors, t tests on the residual n − k df, and
     * p-values adjusted over every coefficient, the intercept included. In R: {@code coeftest(m)} (the reference code
     * called {@code coeftest(m, cluster = data$row_id)}, whose {@code cluster} argument coeftest ignores), then
     * {@code p.adjust(coeftest(m)[, "Pr(>|t|)"], method = "bonferroni")}.
     *
     * @throws Ols.CollinearityException when columns are linearly dependent
     */
    public static Regression paper(String name, String response, double[] y, List<Term> terms, List<double[]> columns,
                                   double confidence) {
        double[][] x = design(y.length, columns);
        Ols.Fit fit = Ols.fit(x, y, names(terms));
        return of(name, response, fit, Vcov.classical(fit), terms, confidence, CoefTest.Family.ALL);
    }

    /** Fits a model from its response and columns (the intercept is added), for code that builds the data once. */
    public interface Fitter {
        Regression fit(double[] y, List<Term> terms, List<double[]> columns);
    }

    private static double[][] design(int n, List<double[]> columns) {
        int k = columns.size() + 1;
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            for (int j = 1; j < k; j++) {
                x[i][j] = columns.get(j - 1)[i];
            }
        }
        return x;
    }

    private static List<String> names(List<Term> terms) {
        List<String> names = new ArrayList<>();
        names.add(CoefTest.INTERCEPT);
        terms.forEach(t -> names.add(t.name()));
        return names;
    }

    private static Regression of(String name, String response, Ols.Fit fit, Vcov.Result v, List<Term> terms,
                                 double confidence, CoefTest.Family family) {
        List<CoefTest.Row> rows = CoefTest.test(fit, v, confidence, family);
        List<Coef> coefs = new ArrayList<>();
        for (int j = 0; j < rows.size(); j++) {
            CoefTest.Row r = rows.get(j);
            Feature f = j == 0 ? null : terms.get(j - 1).feature();
            coefs.add(new Coef(r.term(), f == null ? "" : f.name(), f == null ? "" : f.role().label(),
                    f == null ? 0 : f.sign(), r.estimate(), r.se(), r.t(), r.df(), r.p(), r.ciLo(), r.ciHi(),
                    r.pBonferroni(), r.pHolm(), r.pBh()));
        }
        return new Regression(name, response, v.kind(), fit.n(), v.clusters(), fit.k(), fit.r2(), fit.adjR2(),
                fit.sigma(), coefs);
    }

    /** The coefficient of a term, or null. */
    public Coef coef(String term) {
        for (Coef c : coefs) {
            if (c.term().equals(term)) {
                return c;
            }
        }
        return null;
    }

    static Map<String, Object> meta(Regression r) {
        return Map.of("name", r.name(), "response", r.response());
    }
}
