package dev.seal.analyze.report;

import static dev.seal.analyze.report.Html.count;
import static dev.seal.analyze.report.Html.esc;
import static dev.seal.analyze.report.Html.num;
import static dev.seal.analyze.report.Html.p;
import static dev.seal.analyze.report.Html.pct;

import dev.seal.analyze.Ambiguity;
import dev.seal.analyze.AnalysisResult;
import dev.seal.analyze.ErrorCase;
import dev.seal.analyze.Evaluation;
import dev.seal.analyze.Feature;
import dev.seal.analyze.Imprint;
import dev.seal.analyze.PairData;
import dev.seal.analyze.PairData.Sample;
import dev.seal.analyze.PaperReplication;
import dev.seal.analyze.Regime;
import dev.seal.analyze.Regression;
import dev.seal.analyze.Resistance;
import dev.seal.analyze.RewardShift;
import dev.seal.analyze.Robustness;
import dev.seal.stats.Vcov;
import dev.seal.stats.Wilson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The self-contained HTML report: inline CSS, inline SVG plots, a little inline JavaScript for sorting and
 * filtering, and a Content-Security-Policy that forbids any network access, so the file opens anywhere, offline.
 * Everything works without JavaScript except sorting and filtering.
 */
public final class HtmlReport {
    private static final int SCATTER_MAX = 4000;

    private final AnalysisResult r;
    private final PairData d;
    private final String title;
    private final List<String> files;
    private final StringBuilder sb = new StringBuilder(1 << 20);

    private HtmlReport(AnalysisResult r, String title, List<String> files) {
        this.r = r;
        this.d = r.pairs();
        this.title = title;
        this.files = files;
    }

    /** The report as one HTML document; {@code files} are the table files written next to it. */
    public static String render(AnalysisResult r, String title, List<String> files) {
        return new HtmlReport(r, title, files).build();
    }

    private String build() {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';")
                .append(" script-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"generator\" content=\"seal analyze\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        header();
        summary();
        evaluation();
        resistance();
        if (d.hasBaseline()) {
            regimes();
        }
        imprint();
        if (d.hasBaseline()) {
            shift();
        }
        if (r.replication() != null) {
            replication();
        }
        if (r.robustness() != null) {
            robustness();
        }
        ambiguity();
        explorer();
        methods();
        sb.append("<script>").append(JS).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- sections

    private void header() {
        AnalysisResult.Meta m = r.meta();
        sb.append("<header><h1>").append(esc(title)).append("</h1><dl class=\"inputs\">");
        dt("RM* scores", m.scores() + (m.label() == null ? "" : " (label " + m.label() + ")"));
        if (m.baseline() != null) {
            dt("RM0 baseline", m.baseline());
        }
        if (!m.features().isEmpty()) {
            dt("features", String.join(", ", m.features()));
        }
        if (m.data() != null) {
            dt("data", m.data());
        }
        if (m.perturbed() != null) {
            dt("perturbed", m.perturbed());
        }
        sb.append("</dl><nav><a href=\"#summary\">Summary</a><a href=\"#evaluation\">Evaluation</a>")
                .append("<a href=\"#resistance\">Resistance</a>");
        if (d.hasBaseline()) {
            sb.append("<a href=\"#regimes\">Regimes</a>");
        }
        sb.append("<a href=\"#imprint\">Feature imprint</a>");
        if (d.hasBaseline()) {
            sb.append("<a href=\"#shift\">Reward shift</a>");
        }
        if (r.replication() != null) {
            sb.append("<a href=\"#replication\">Paper replication</a>");
        }
        if (r.robustness() != null) {
            sb.append("<a href=\"#robustness\">Robustness</a>");
        }
        sb.append("<a href=\"#ambiguity\">Ambiguous pairs</a><a href=\"#errors\">Error explorer</a>")
                .append("<a href=\"#methods\">Methods &amp; files</a></nav></header>\n");
    }

    private void dt(String k, String v) {
        sb.append("<dt>").append(esc(k)).append("</dt><dd><code>").append(esc(v)).append("</code></dd>");
    }

    private void summary() {
        AnalysisResult.Meta m = r.meta();
        Evaluation star = r.evaluation().getFirst();
        sb.append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        card("RM* pairs", count(m.pairSet(Sample.STAR).pairs()), "finite RM* rewards, of "
                + count(m.scoresPairs()) + " in the scores file");
        if (d.hasBaseline()) {
            card("RM0 pairs", count(m.pairSet(Sample.BASE).pairs()), "finite RM0 rewards, of "
                    + count(m.baselinePairs()) + " in the baseline");
            card("pairs both scored", count(m.pairSet(Sample.JOINT).pairs()), "finite rewards from both models");
        }
        card("RM* accuracy", pct(star.accuracy().estimate()), ci(star.accuracy()) + " chosen > rejected");
        card("RM* alignment resistance", pct(star.resistance().estimate()),
                ci(star.resistance()) + " rejected ≥ chosen; " + count(star.ties()) + " ties");
        if (d.hasBaseline()) {
            Evaluation base = r.evaluation().get(1);
            card("RM0 resistance", pct(base.resistance().estimate()), ci(base.resistance()));
            for (AnalysisResult.RegimeRow rr : r.regimeRows()) {
                if (rr.regime().equals(Regime.REVERSED.label()) || rr.regime().equals(Regime.GOT_ALIGNED.label())) {
                    card(rr.regime(), pct(rr.share().estimate()), count(rr.n()) + " pairs; " + ci(rr.share()));
                }
            }
        }
        if (!r.imprintText().isEmpty()) {
            Regression reg = r.imprintText().getFirst();
            card("features regressed", Integer.toString(reg.k() - 1), "per-text R² " + num(reg.r2()) + " (RM*)");
        }
        sb.append("</div>");
        pairSets();
        List<String> problems = r.problems().summaries();
        if (!problems.isEmpty()) {
            sb.append("<div class=\"warn\" id=\"problems\"><h3>Set aside, or in one model's statistics only (listed id by id in problems.csv)</h3><ul>");
            for (String s : problems) {
                sb.append("<li>").append(esc(s)).append("</li>");
            }
            sb.append("</ul></div>");
        }
        if (!r.notes().isEmpty()) {
            sb.append("<details class=\"notes\" open><summary>Notes (").append(r.notes().size())
                    .append(")</summary><ul>");
            for (String s : r.notes()) {
                sb.append("<li>").append(esc(s)).append("</li>");
            }
            sb.append("</ul></details>");
        }
        sb.append("</section>\n");
    }

    /** Which pairs each statistic uses, with their number: each model its own, the comparisons the common ones. */
    private void pairSets() {
        sb.append("<p id=\"pair-sets\">");
        if (!d.hasBaseline()) {
            sb.append("Every statistic uses the ").append(count(r.meta().pairSet(Sample.STAR).pairs()))
                    .append(" pairs with finite RM* rewards.</p>");
            return;
        }
        sb.append("Each model is reported on its own pairs, so the baseline does not change RM*'s numbers:</p><ul>");
        for (AnalysisResult.PairSet p : r.meta().pairSets()) {
            sb.append("<li><b>").append(esc(p.sample() == Sample.JOINT ? "pairs both models scored"
                    : p.sample().label() + "'s pairs")).append("</b> (n = ").append(count(p.pairs()))
                    .append(", of them ").append(count(p.regressionPairs())).append(" with complete features for the")
                    .append(" regressions): ").append(esc(p.sample().usedFor())).append(".</li>");
        }
        sb.append("</ul>");
    }

    private void card(String k, String v, String sub) {
        sb.append("<div class=\"card\"><div class=\"k\">").append(esc(k)).append("</div><div class=\"v\">")
                .append(esc(v)).append("</div><div class=\"s\">").append(esc(sub)).append("</div></div>");
    }

    private String ci(Wilson.Interval i) {
        return i.isDefined() ? "95% CI " + pct(i.lo()) + "–" + pct(i.hi()) : "";
    }

    private String ci(Wilson.Interval i, double level) {
        return i.isDefined() ? Math.round(level * 100) + "% CI " + pct(i.lo()) + "–" + pct(i.hi()) : "";
    }

    private void evaluation() {
        sb.append("<section id=\"evaluation\"><h2>Standard evaluation</h2>")
                .append("<p>Each model on the pairs it scored with finite rewards (the pairs column).")
                .append(" Accuracy is the share of pairs whose chosen response gets the strictly higher reward; a tie")
                .append(" counts as not preferring chosen. Margin = reward(chosen) − reward(rejected).</p>");
        sb.append("<table class=\"sortable\"><thead><tr><th>model</th><th>pairs</th><th>accuracy</th><th>interval</th>")
                .append("<th>ties</th><th>NaN pairs</th><th>margin mean</th><th>margin sd</th><th>margin median</th>")
                .append("<th>5%–95%</th><th>chosen mean (sd)</th><th>rejected mean (sd)</th></tr></thead><tbody>");
        for (Evaluation e : r.evaluation()) {
            sb.append("<tr><td>").append(esc(e.model())).append("</td>").append(td(e.pairs())).append(tdPct(e.accuracy().estimate()))
                    .append("<td>").append(esc(ci(e.accuracy(), r.meta().confidence()))).append("</td>").append(td(e.ties()))
                    .append(td(e.nanPairs())).append(tdNum(e.margin().mean())).append(tdNum(e.margin().sd()))
                    .append(tdNum(e.margin().median())).append("<td>").append(esc(num(e.margin().q05()) + " … "
                            + num(e.margin().q95()))).append("</td><td>").append(esc(num(e.chosen().mean()) + " ("
                            + num(e.chosen().sd()) + ")")).append("</td><td>").append(esc(num(e.rejected().mean()) + " ("
                            + num(e.rejected().sd()) + ")")).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        List<Svg.Series> series = new ArrayList<>();
        series.add(new Svg.Series("RM*", margins(Sample.STAR), Svg.SERIES[0]));
        if (d.hasBaseline()) {
            series.add(new Svg.Series("RM0", margins(Sample.BASE), Svg.SERIES[1]));
        }
        double[] edges = Svg.edges(series.stream().map(Svg.Series::values).toList());
        sb.append("<figure>").append(Svg.histogram("Margin histogram", series, edges, 0,
                "margin = reward(chosen) − reward(rejected); left of the line: resisted", 760, 260))
                .append("<figcaption>Margins of the analysed pairs")
                .append(d.hasBaseline() ? " (bars RM*, line RM0)" : "").append(".</figcaption></figure></section>\n");
    }

    /** One model's margins on its own pairs (NaN elsewhere). */
    private double[] margins(Sample model) {
        double[][] cr = d.rewards(model);
        double[] m = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            m[i] = cr[0][i] - cr[1][i];
        }
        return m;
    }

    private void resistance() {
        sb.append("<section id=\"resistance\"><h2>Alignment resistance</h2>")
                .append("<p>Resistance is the share of pairs with reward(rejected) ≥ reward(chosen) — ties included and")
                .append(" also counted separately; “strict” leaves ties out. Intervals are Wilson ")
                .append(Math.round(r.meta().confidence() * 100)).append("% intervals.</p>");
        // forest of the labeler and ambiguity splits for RM*
        List<Svg.Bar> bars = new ArrayList<>();
        for (Resistance.Row x : r.resistance()) {
            if (!x.model().equals("RM*") || x.n() == 0) {
                continue;
            }
            boolean show = x.breakdown().equals("all") || x.breakdown().equals("labeler")
                    || x.breakdown().startsWith("ambiguous:") && x.level().equals("inside");
            if (show) {
                String lab = x.breakdown().equals("all") ? "all pairs" : x.breakdown().equals("labeler")
                        ? "labeler " + x.level() : x.breakdown().substring("ambiguous:".length());
                bars.add(new Svg.Bar(lab + " (n=" + x.n() + ")", x.resistance().estimate(), x.resistance().lo(),
                        x.resistance().hi(), x.breakdown().equals("all") ? Svg.CONTEXT : Svg.SERIES[0],
                        lab + ": " + x.resisted() + " of " + x.n() + " resisted (" + x.ties() + " ties), "
                                + pct(x.resistance().estimate()) + " " + ci(x.resistance())));
            }
        }
        sb.append("<figure>").append(Svg.bars("RM* resistance by subset", bars, "RM* alignment resistance", 760))
                .append("<figcaption>RM* resistance overall, by the labeler's verdict (when given) and inside each")
                .append(" ambiguity flag; the full breakdown, for every feature, is the table below.</figcaption></figure>");
        sb.append("<details><summary>Full breakdown (").append(r.resistance().size())
                .append(" rows: every feature split by which side has it / is higher)</summary>")
                .append("<input class=\"tfilter\" data-table=\"restable\" placeholder=\"filter rows…\">")
                .append("<table class=\"sortable\" id=\"restable\"><thead><tr><th>model</th><th>split by</th><th>subset</th>")
                .append("<th>n</th><th>resisted</th><th>ties</th><th>resistance</th><th>interval</th><th></th>")
                .append("<th>strict</th></tr></thead><tbody>");
        for (Resistance.Row x : r.resistance()) {
            sb.append("<tr><td>").append(esc(x.model())).append("</td><td>").append(esc(x.breakdown())).append("</td><td>")
                    .append(esc(x.level())).append("</td>").append(td(x.n())).append(td(x.resisted())).append(td(x.ties()))
                    .append(tdPct(x.resistance().estimate())).append("<td>").append(esc(ci(x.resistance())))
                    .append("</td><td>").append(Svg.spark(x.resistance().estimate(), x.resistance().lo(),
                            x.resistance().hi(), Svg.SERIES[0])).append("</td>").append(tdPct(x.strict().estimate()))
                    .append("</tr>");
        }
        sb.append("</tbody></table></details></section>\n");
    }

    private void regimes() {
        sb.append("<section id=\"regimes\"><h2>RM0 → RM* regimes</h2><p>Each pair by whether the model before")
                .append(" training on the data (RM0) and after (RM*) prefers the chosen response (strictly), on the ")
                .append(count(r.meta().pairSet(Sample.JOINT).pairs())).append(" pairs both models scored.</p>");
        List<Svg.Bar> bars = new ArrayList<>();
        int k = 0;
        for (AnalysisResult.RegimeRow x : r.regimeRows()) {
            bars.add(new Svg.Bar(x.regime() + " (n=" + x.n() + ")", x.share().estimate(), x.share().lo(), x.share().hi(),
                    Svg.REGIME[k++], x.regime() + ": " + x.description() + "; " + x.n() + " pairs, "
                    + pct(x.share().estimate()) + " " + ci(x.share())));
        }
        sb.append("<div class=\"row\"><figure>").append(Svg.bars("Regimes", bars, "share of pairs", 560))
                .append("<figcaption>Regimes with Wilson intervals.</figcaption></figure>");
        // scatter of margins
        int n = d.size();
        int stride = Math.max(1, (int) Math.ceil(n / (double) SCATTER_MAX));
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            if (d.valid(Sample.JOINT, i)) {
                idx.add(i);
            }
        }
        double[] x = new double[idx.size()];
        double[] y = new double[idx.size()];
        String[] col = new String[idx.size()];
        for (int a = 0; a < idx.size(); a++) {
            int i = idx.get(a);
            x[a] = d.c0[i] - d.r0[i];
            y[a] = d.cStar[i] - d.rStar[i];
            col[a] = Svg.REGIME[r.regimes()[i].ordinal()];
        }
        sb.append("<figure>").append(Svg.scatter("RM0 margin against RM* margin", x, y, col, "RM0 margin", "RM* margin",
                420, 320)).append("<figcaption>Each dot a pair, coloured by regime")
                .append(stride > 1 ? " (every " + stride + "th pair of " + count(n) + " shown)" : "")
                .append(".</figcaption></figure></div>");
        sb.append("<table><thead><tr><th>regime</th><th>definition</th><th>pairs</th><th>share</th><th>interval</th>")
                .append("</tr></thead><tbody>");
        for (AnalysisResult.RegimeRow rr : r.regimeRows()) {
            sb.append("<tr><td>").append(esc(rr.regime())).append("</td><td>").append(esc(rr.description()))
                    .append("</td>").append(td(rr.n())).append(tdPct(rr.share().estimate())).append("<td>")
                    .append(esc(ci(rr.share()))).append("</td></tr>");
        }
        sb.append("</tbody></table></section>\n");
    }

    private void imprint() {
        sb.append("<section id=\"imprint\"><h2>Feature imprint</h2>");
        if (r.imprintText().isEmpty()) {
            sb.append("<p class=\"muted\">No feature imprint: ").append(d.features.isEmpty()
                    ? "no features were given (pass --features and/or --data)." : "no target or spoiler feature to regress on.")
                    .append("</p></section>\n");
            return;
        }
        Regression first = r.imprintText().getFirst();
        sb.append("<p>OLS of each text's reward on its features (RM*: ").append(count(first.n())).append(" texts in ")
                .append(count(first.clusters())).append(" pairs), with standard errors clustered by pair (CR1) and")
                .append(" t tests on G − 1 = ").append(count(first.clusters() - 1)).append(" degrees of freedom.")
                .append(" A coefficient is the reward difference a one-unit change of the feature brings, the other")
                .append(" features held fixed. Each model is fitted on its own pairs with complete features and")
                .append(" RM* − RM0 on the pairs both models scored; n and G of each are in the tables below.")
                .append(" Filled dots: Benjamini–Hochberg adjusted p &lt; 0.05; whiskers: ")
                .append(Math.round(r.meta().confidence() * 100)).append("% intervals.</p>");
        List<String> panels = r.imprintText().stream().map(Regression::name).toList();
        List<Svg.Row> rows = new ArrayList<>();
        for (int role = 0; role < 2; role++) {
            for (int j : r.design().features()) {
                Feature f = d.features.get(j);
                if ((role == 0) != (f.role() == Feature.Role.TARGET)) {
                    continue;
                }
                String color = f.role() == Feature.Role.TARGET ? Svg.TARGET : Svg.SPOILER;
                List<Svg.Point> pts = new ArrayList<>();
                for (Regression reg : r.imprintText()) {
                    Regression.Coef c = reg.coef(f.name());
                    pts.add(c == null ? null : new Svg.Point(f.name(), c.estimate(), c.ciLo(), c.ciHi(), color,
                            c.pBh() < 0.05, reg.name() + " · " + f.name() + ": " + num(c.estimate()) + " [" + num(c.ciLo())
                            + ", " + num(c.ciHi()) + "], p = " + p(c.p()) + ", BH p = " + p(c.pBh())));
                }
                String sign = f.sign() > 0 ? " (+)" : f.sign() < 0 ? " (−)" : "";
                rows.add(new Svg.Row(f.name() + sign, role == 0 ? "Targets" : "Spoilers", color, pts));
            }
        }
        sb.append("<figure class=\"wide\">").append(Svg.dotWhisker("Feature imprint coefficients", panels, rows, 0,
                "coefficient (reward units)")).append("<figcaption>Targets (blue; the expected sign in brackets) and")
                .append(" spoilers (orange); one panel per model. RM* − RM0 is the imprint of training on the data.")
                .append("</figcaption></figure>");
        for (Regression reg : r.imprintText()) {
            coefTable(reg, true);
        }
        sb.append("<h3>Pair level: margin ~ feature differences</h3><p>One observation per pair: the margin on the")
                .append(" chosen − rejected difference of each feature. The intercept is the margin of a pair whose")
                .append(" sides do not differ in any regressed feature. The pairs are independent observations, so")
                .append(" the standard errors are heteroskedasticity-robust (HC1) and the t tests use the residual")
                .append(" degrees of freedom n − k.</p>");
        for (Regression reg : r.imprintPair()) {
            coefTable(reg, false);
        }
        // fit statistics and VIF
        sb.append("<div class=\"row\"><div><h3>Fit</h3><table><thead><tr><th>model</th><th>response</th><th>n</th>")
                .append("<th>clusters</th><th>k</th><th>R²</th><th>adj. R²</th><th>σ̂</th></tr></thead><tbody>");
        List<Regression> all = new ArrayList<>(r.imprintText());
        all.addAll(r.imprintPair());
        for (Regression reg : all) {
            sb.append("<tr><td>").append(esc(reg.name())).append("</td><td>").append(esc(reg.response())).append("</td>")
                    .append(td(reg.n())).append(td(reg.clusters())).append(td(reg.k())).append(tdNum(reg.r2()))
                    .append(tdNum(reg.adjR2())).append(tdNum(reg.sigma())).append("</tr>");
        }
        sb.append("</tbody></table></div><div><h3>Collinearity (VIF)</h3><table class=\"sortable\"><thead><tr>")
                .append("<th>feature</th><th>role</th><th>VIF</th><th>status</th></tr></thead><tbody>");
        for (Imprint.VifRow v : r.design().vif()) {
            sb.append("<tr class=\"").append(v.status().equals("ok") ? "" : "hl").append("\"><td>").append(esc(v.feature()))
                    .append("</td><td>").append(esc(v.role())).append("</td>").append(tdNum(v.vif())).append("<td>")
                    .append(esc(v.status())).append("</td></tr>");
        }
        sb.append("</tbody></table><p class=\"muted\">Threshold ").append(num(r.meta().vifThreshold()))
                .append(r.meta().dropCollinear() ? "; features above it were dropped (--drop-collinear)."
                        : "; pass --drop-collinear to drop features above it.").append("</p></div></div>");
        featureList();
        sb.append("</section>\n");
    }

    private void coefTable(Regression reg, boolean open) {
        sb.append("<details").append(open && reg == r.imprintText().getFirst() ? " open" : "").append("><summary>")
                .append(esc(reg.name() + " — " + reg.response())).append(": n = ").append(count(reg.n()))
                .append(reg.covariance() == Vcov.Kind.CR1 ? ", G = " + count(reg.clusters()) : "")
                .append(", df = ").append(count(df(reg))).append(", R² = ").append(esc(num(reg.r2())))
                .append("</summary>");
        coefRows(reg);
        sb.append("</details>");
    }

    private void coefRows(Regression reg) {
        sb.append("<table class=\"sortable coef\"><thead><tr><th>term</th><th>role</th><th>estimate</th><th>SE (")
                .append(reg.covariance().name()).append(")</th>")
                .append("<th>t</th><th>p</th><th>interval</th><th>p Bonferroni</th><th>p Holm</th><th>p BH</th>")
                .append("</tr></thead><tbody>");
        for (Regression.Coef c : reg.coefs()) {
            String cls = c.role().isEmpty() ? "" : c.role();
            boolean against = c.sign() != 0 && c.pBh() < 0.05 && Math.signum(c.estimate()) != c.sign();
            sb.append("<tr class=\"").append(cls).append(against ? " against" : "").append("\"><td>").append(esc(c.term()))
                    .append(against ? " <span class=\"tag\" title=\"significant, against the declared sign\">against sign</span>" : "")
                    .append("</td><td>").append(esc(c.role())).append("</td>").append(tdNum(c.estimate())).append(tdNum(c.se()))
                    .append(tdNum(c.t())).append(tdP(c.p())).append("<td>[").append(esc(num(c.ciLo()))).append(", ")
                    .append(esc(num(c.ciHi()))).append("]</td>").append(tdP(c.pBonferroni())).append(tdP(c.pHolm()))
                    .append(tdP(c.pBh())).append("</tr>");
        }
        sb.append("</tbody></table>");
    }

    private void featureList() {
        Set<Integer> regressed = new LinkedHashSet<>(r.design().features());
        sb.append("<details><summary>All features (").append(d.features.size()).append(")</summary>")
                .append("<table class=\"sortable\"><thead><tr><th>feature</th><th>role</th><th>sign</th><th>kind</th>")
                .append("<th>source</th><th>regressed</th><th>description</th></tr></thead><tbody>");
        for (int j = 0; j < d.features.size(); j++) {
            Feature f = d.features.get(j);
            sb.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(esc(f.role().label())).append("</td><td>")
                    .append(f.sign() > 0 ? "+" : f.sign() < 0 ? "−" : "").append("</td><td>")
                    .append(esc(f.kind().name().toLowerCase(java.util.Locale.ROOT))).append("</td><td>")
                    .append(esc(f.source())).append("</td><td>").append(regressed.contains(j) ? "yes" : "no")
                    .append("</td><td>").append(esc(f.description())).append("</td></tr>");
        }
        sb.append("</tbody></table></details>");
    }

    private void shift() {
        sb.append("<section id=\"shift\"><h2>Reward shift</h2><p>The signed angle (degrees) from each pair's RM0 reward")
                .append(" vector (chosen, rejected) to its RM* vector, counter-clockwise positive in the (chosen,")
                .append(" rejected) plane, as in the SEAL notebooks. The angle says how far and which way a pair's")
                .append(" reward vector turned; what that means depends on the quadrant the vectors are in (counter-")
                .append("clockwise turns towards the rejected axis for positive rewards, towards the chosen axis for")
                .append(" negative ones), so read it by regime: the regime says whether the pair crossed the diagonal")
                .append(" chosen = rejected. Computed on the ").append(count(r.meta().pairSet(Sample.JOINT).pairs()))
                .append(" pairs both models scored, on ")
                .append(r.meta().angle().equals("raw") ? "raw rewards (as in the SEAL paper; an offset between the two"
                        + " models rotates every vector, see Methods)" : "each model's standardised rewards")
                .append(".</p>");
        double[] edges = new double[37];
        for (int b = 0; b <= 36; b++) {
            edges[b] = -180 + 10 * b;
        }
        sb.append("<div class=\"row\">");
        sb.append("<figure>").append(Svg.histogram("Angle histogram, all pairs", List.of(new Svg.Series("all pairs",
                r.angles(), Svg.CONTEXT)), edges, 0, "angle (degrees)", 420, 220)).append("<figcaption>All pairs.</figcaption></figure>");
        for (Regime g : Regime.values()) {
            double[] a = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                a[i] = r.regimes()[i] == g ? r.angles()[i] : Double.NaN;
            }
            sb.append("<figure>").append(Svg.histogram("Angle histogram, " + g.label(), List.of(new Svg.Series(g.label(),
                    a, Svg.REGIME[g.ordinal()])), edges, 0, "angle (degrees)", 420, 220)).append("<figcaption>")
                    .append(esc(g.label())).append(": ").append(esc(g.description())).append(".</figcaption></figure>");
        }
        sb.append("</div><table><thead><tr><th>regime</th><th>n</th><th>mean</th><th>sd</th><th>5%</th><th>25%</th>")
                .append("<th>median</th><th>75%</th><th>95%</th></tr></thead><tbody>");
        for (RewardShift.Summary s : r.angleSummaries()) {
            sb.append("<tr><td>").append(esc(s.regime())).append("</td>").append(td(s.angle().n()))
                    .append(tdNum(s.angle().mean())).append(tdNum(s.angle().sd())).append(tdNum(s.angle().q05()))
                    .append(tdNum(s.angle().q25())).append(tdNum(s.angle().median())).append(tdNum(s.angle().q75()))
                    .append(tdNum(s.angle().q95())).append("</tr>");
        }
        sb.append("</tbody></table>");
        if (r.angleRegression() != null) {
            Regression a = r.angleRegression();
            sb.append("<h3>Angle ~ chosen and rejected features</h3><p>One observation per pair (n = ")
                    .append(count(a.n())).append(", R² = ").append(esc(num(a.r2())))
                    .append("); heteroskedasticity-robust (HC1) errors, t tests on n − k = ").append(count(df(a)))
                    .append(" degrees of freedom.</p>");
            coefRows(a);
        }
        sb.append("</section>\n");
    }

    /** The paper's models fitted its reference code's way beside seal's, and which of its conclusions change. */
    private void replication() {
        PaperReplication.Result rep = r.replication();
        sb.append("<section id=\"replication\"><h2>The paper's analysis, replicated</h2><p>The SEAL paper's")
                .append(" regressions as its reference code (<code>analysis/angle.R</code>) fitted them, beside seal's.")
                .append(" The reference code's reward models are <code>lm(reward ~ . - …)</code> on data that carry the")
                .append(" pair's <code>row_id</code>, so the row number is a covariate; it then calls <code>coeftest(model,")
                .append(" cluster = data$row_id)</code>, but coeftest has no <code>cluster</code> argument, so the")
                .append(" standard errors are classical (iid, n − k df) where errors clustered by pair were meant; and it")
                .append(" Bonferroni-adjusts every row of the table, the intercept and the row id included. Its angle")
                .append(" model leaves the row id out but is tested the same way. seal's models use the same pairs and")
                .append(" features with CR1 errors clustered by pair (G − 1 df; HC1 for the one-row-per-pair angle")
                .append(" model) and Benjamini–Hochberg over the features only. Significant: adjusted p &lt; ")
                .append(Double.toString(PaperReplication.ALPHA)).append(" in each.</p>");
        if (rep.models().isEmpty()) {
            sb.append("<p id=\"replication-verdict\" class=\"muted\">No regression to replicate: there is no")
                    .append(" feature imprint (see above).</p>");
        } else {
            replicationVerdict(rep);
        }
        for (PaperReplication.Comparison m : rep.models()) {
            Regression paper = m.paper();
            Regression seal = m.seal();
            sb.append("<h3>").append(esc(paper.name() + " — " + paper.response())).append("</h3><p class=\"muted\">")
                    .append("paper: n = ").append(count(paper.n())).append(", k = ").append(paper.k())
                    .append(", df = ").append(count(df(paper))).append("; seal: n = ").append(count(seal.n()))
                    .append(seal.covariance() == Vcov.Kind.CR1 ? ", G = " + count(seal.clusters()) : "")
                    .append(", df = ").append(count(df(seal))).append("</p>")
                    .append("<table class=\"sortable coef replication\"><thead><tr><th>term</th>")
                    .append("<th>paper estimate</th><th>SE (classical)</th><th>p</th><th>p Bonferroni (all ")
                    .append(paper.k()).append(")</th><th>seal estimate</th><th>SE (").append(seal.covariance().name())
                    .append(")</th><th>p</th><th>p BH</th><th>verdict</th></tr></thead><tbody>");
            for (PaperReplication.Row x : m.rows()) {
                Regression.Coef p = x.paper();
                Regression.Coef c = x.seal();
                sb.append("<tr class=\"").append(esc(p.role())).append(x.verdict().changed() ? " against" : "")
                        .append("\"><td>").append(esc(x.term())).append("</td>").append(tdNum(p.estimate()))
                        .append(tdNum(p.se())).append(tdP(p.p())).append(tdP(p.pBonferroni()));
                if (c == null) {
                    sb.append("<td colspan=\"4\" class=\"muted\">not in seal's model</td>");
                } else {
                    sb.append(tdNum(c.estimate())).append(tdNum(c.se())).append(tdP(c.p())).append(tdP(c.pBh()));
                }
                sb.append("<td>").append(esc(x.verdict().label())).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("<h3>The paper's published figures</h3><p>On hh-rlhf's train split with RM* =")
                .append(" OpenAssistant/reward-model-deberta-v3-large-v2 and RM0 = OpenAssistant/reward-model-deberta-v3-large;")
                .append(" this run's figures match them only when it scored that split with those models.</p>")
                .append("<table id=\"paper-figures\"><thead><tr><th>figure</th><th>paper</th><th>this run</th></tr>")
                .append("</thead><tbody>");
        for (PaperReplication.Figure f : rep.figures()) {
            sb.append("<tr><td>").append(esc(f.name())).append("</td>").append(tdPct2(f.paper()))
                    .append(tdPct2(f.thisRun())).append("</tr>");
        }
        sb.append("</tbody></table>");
        if (!rep.notes().isEmpty()) {
            sb.append("<ul class=\"muted\">");
            for (String s : rep.notes()) {
                sb.append("<li>").append(esc(s)).append("</li>");
            }
            sb.append("</ul>");
        }
        sb.append("</section>\n");
    }

    /** How many of the paper's conclusions survive, and each one that changes. */
    private void replicationVerdict(PaperReplication.Result rep) {
        sb.append("<p id=\"replication-verdict\"><b>").append(rep.surviving()).append(" of ")
                .append(rep.paperConclusions().size())
                .append("</b> coefficients the paper's analysis calls significant survive seal's analysis.</p>");
        List<PaperReplication.Row> diffs = rep.differences();
        if (diffs.isEmpty()) {
            sb.append("<p id=\"replication-differences\">No conclusion changes.</p>");
            return;
        }
        sb.append("<div class=\"warn\" id=\"replication-differences\"><h3>Conclusions that change (")
                .append(diffs.size()).append(")</h3><ul>");
        for (PaperReplication.Row x : diffs) {
            sb.append("<li><b>").append(esc(x.model() + " · " + x.term())).append("</b>: ")
                    .append(esc(difference(x))).append("</li>");
        }
        sb.append("</ul></div>");
    }

    /** One changed conclusion in words. */
    private static String difference(PaperReplication.Row x) {
        Regression.Coef p = x.paper();
        Regression.Coef s = x.seal();
        String paper = "estimate " + num(p.estimate()) + ", Bonferroni p = " + p(p.pBonferroni());
        String seal = s == null ? "" : "estimate " + num(s.estimate()) + ", BH p = " + p(s.pBh());
        return switch (x.verdict()) {
            case LOST -> "significant in the paper's analysis (" + paper + "), not in seal's (" + seal + ")";
            case GAINED -> "not significant in the paper's analysis (" + paper + "), significant in seal's (" + seal + ")";
            case SIGN_REVERSED -> "significant in both with opposite signs: paper " + paper + "; seal " + seal;
            case SPURIOUS -> "the row number is significant in the paper's model (" + paper + "); it is no feature,"
                    + " and seal's model leaves it out";
            default -> x.verdict().label();
        };
    }

    private void robustness() {
        Robustness.Result rb = r.robustness();
        sb.append("<section id=\"robustness\"><h2>Robustness to perturbation</h2><p>For perturbed copies of pairs,")
                .append(" scored by RM*: how often RM*'s preference flips, and how rewards move. Flip rates are Wilson")
                .append(" intervals; mean changes have CR1 intervals clustered by the original pair.</p>");
        if (rb.rows().isEmpty()) {
            sb.append("<p class=\"muted\">No perturbed copy matched an analysed pair.</p></section>\n");
            return;
        }
        List<Svg.Bar> bars = new ArrayList<>();
        for (Robustness.Row x : rb.rows()) {
            bars.add(new Svg.Bar(x.kind() + ": aligned → not", x.downRate().estimate(), x.downRate().lo(),
                    x.downRate().hi(), Svg.REGIME[3], x.kind() + ": " + x.toMisaligned() + " of " + x.alignedBefore()
                    + " aligned pairs flipped to misaligned"));
            bars.add(new Svg.Bar(x.kind() + ": not → aligned", x.upRate().estimate(), x.upRate().lo(), x.upRate().hi(),
                    Svg.REGIME[1], x.kind() + ": " + x.toAligned() + " of " + x.misalignedBefore()
                    + " misaligned pairs flipped to aligned"));
        }
        sb.append("<figure>").append(Svg.bars("Flip rates", bars, "flip rate", 760))
                .append("<figcaption>Flip rates per perturbation kind.</figcaption></figure>");
        sb.append("<table class=\"sortable\"><thead><tr><th>kind</th><th>copies</th><th>pairs</th><th>aligned → not</th>")
                .append("<th>rate</th><th>not → aligned</th><th>rate</th><th>any flip</th><th>Δ chosen</th>")
                .append("<th>Δ rejected</th><th>Δ margin</th></tr></thead><tbody>");
        for (Robustness.Row x : rb.rows()) {
            sb.append("<tr><td>").append(esc(x.kind())).append("</td>").append(td(x.copies())).append(td(x.sources()))
                    .append("<td>").append(x.toMisaligned()).append(" / ").append(x.alignedBefore()).append("</td>")
                    .append("<td>").append(esc(pct(x.downRate().estimate()) + " " + ci(x.downRate()))).append("</td><td>")
                    .append(x.toAligned()).append(" / ").append(x.misalignedBefore()).append("</td><td>")
                    .append(esc(pct(x.upRate().estimate()) + " " + ci(x.upRate()))).append("</td><td>")
                    .append(esc(pct(x.flipRate().estimate()))).append("</td>").append(mean(x.chosenChange()))
                    .append(mean(x.rejectedChange())).append(mean(x.marginChange())).append("</tr>");
        }
        sb.append("</tbody></table>");
        for (Regression reg : rb.regressions()) {
            sb.append("<details><summary>").append(esc(reg.name())).append(": reward change ~ feature change (n = ")
                    .append(count(reg.n())).append(" texts, G = ").append(count(reg.clusters())).append(")</summary>");
            coefRows(reg);
            sb.append("</details>");
        }
        sb.append("</section>\n");
    }

    private String mean(Robustness.Mean m) {
        return "<td data-v=\"" + Html.sortKey(m.mean()) + "\">" + esc(num(m.mean())) + " <span class=\"muted\">["
                + esc(num(m.lo())) + ", " + esc(num(m.hi())) + "]</span></td>";
    }

    private void ambiguity() {
        sb.append("<section id=\"ambiguity\"><h2>Ambiguous pairs</h2><p>Pairs a human label may not settle. The")
                .append(" SEAL paper found misalignment concentrates in such confusing entries: compare resistance")
                .append(" inside and outside each flag.</p><table class=\"sortable\"><thead><tr><th>model</th><th>flag</th>")
                .append("<th>meaning</th><th>pairs inside</th><th>resistance inside</th><th></th><th>pairs outside</th>")
                .append("<th>resistance outside</th><th>difference</th></tr></thead><tbody>");
        for (Ambiguity.Row a : r.ambiguity()) {
            sb.append("<tr><td>").append(esc(a.model())).append("</td><td>").append(esc(a.flag())).append("</td><td>")
                    .append(esc(a.description())).append("</td>").append(td(a.nInside())).append("<td data-v=\"")
                    .append(Html.sortKey(a.inside().estimate())).append("\">").append(esc(pct(a.inside().estimate())))
                    .append(" <span class=\"muted\">").append(esc(ci(a.inside()))).append("</span></td><td>")
                    .append(Svg.spark(a.inside().estimate(), a.inside().lo(), a.inside().hi(), Svg.SERIES[1]))
                    .append(Svg.spark(a.outside().estimate(), a.outside().lo(), a.outside().hi(), Svg.CONTEXT))
                    .append("</td>").append(td(a.nOutside())).append("<td data-v=\"")
                    .append(Html.sortKey(a.outside().estimate())).append("\">").append(esc(pct(a.outside().estimate())))
                    .append(" <span class=\"muted\">").append(esc(ci(a.outside()))).append("</span></td>")
                    .append(tdPct(a.inside().estimate() - a.outside().estimate())).append("</tr>");
        }
        sb.append("</tbody></table><p class=\"muted\">Sparklines: inside (orange) and outside (grey), on 0–100%.</p></section>\n");
    }

    private void explorer() {
        List<ErrorCase> errs = r.errors();
        sb.append("<section id=\"errors\"><h2>Error explorer</h2><p>The ").append(errs.size())
                .append(" pairs RM* gets most wrong (most negative margins), with the last user turn and both")
                .append(" responses side by side. Click a column header to sort; type to filter.</p>");
        Map<String, Integer> flagCounts = new LinkedHashMap<>();
        Set<String> regimeSet = new LinkedHashSet<>();
        for (ErrorCase e : errs) {
            e.flags().forEach(f -> flagCounts.merge(f, 1, Integer::sum));
            if (!e.regime().isEmpty()) {
                regimeSet.add(e.regime());
            }
        }
        sb.append("<div class=\"controls\"><input id=\"xq\" type=\"search\" placeholder=\"search text, id, features…\">")
                .append("<select id=\"xflag\"><option value=\"\">any flag</option><option value=\"-\">no flag</option>");
        for (Map.Entry<String, Integer> f : flagCounts.entrySet()) {
            sb.append("<option value=\"").append(esc(f.getKey())).append("\">").append(esc(f.getKey())).append(" (")
                    .append(f.getValue()).append(")</option>");
        }
        sb.append("</select>");
        if (!regimeSet.isEmpty()) {
            sb.append("<select id=\"xregime\"><option value=\"\">any regime</option>");
            for (String g : regimeSet) {
                sb.append("<option value=\"").append(esc(g)).append("\">").append(esc(g)).append("</option>");
            }
            sb.append("</select>");
        }
        sb.append("<span id=\"explorer-count\" class=\"muted\">").append(errs.size()).append(" pairs</span></div>");
        sb.append("<table class=\"sortable explorer\" id=\"explorer\"><thead><tr><th>#</th><th>id</th><th>RM* margin</th>");
        if (d.hasBaseline()) {
            sb.append("<th>RM0 margin</th><th>regime</th><th>angle</th>");
        }
        sb.append("<th>last user turn</th><th>chosen</th><th>rejected</th><th>features that differ</th><th>flags</th>")
                .append("</tr></thead><tbody>");
        for (ErrorCase e : errs) {
            sb.append("<tr data-flags=\"").append(esc(String.join(" ", e.flags()))).append("\" data-regime=\"")
                    .append(esc(e.regime())).append("\"><td data-v=\"").append(e.rank()).append("\">").append(e.rank())
                    .append("</td><td class=\"id\">").append(esc(e.id())).append("</td>").append(tdNum(e.margin()));
            if (d.hasBaseline()) {
                sb.append(tdNum(e.margin0())).append("<td>").append(esc(e.regime())).append("</td>").append(tdNum(e.angle()));
            }
            sb.append("<td><div class=\"txt\">").append(esc(e.lastUser())).append("</div></td><td><div class=\"txt c\">")
                    .append(esc(e.chosen())).append("</div></td><td><div class=\"txt r\">").append(esc(e.rejected()))
                    .append("</div></td><td><div class=\"txt small\">").append(esc(String.join("\n", e.differences())))
                    .append("</div></td><td>").append(esc(String.join(", ", e.flags())))
                    .append(e.labeler().isEmpty() ? "" : "<br><span class=\"muted\">labeler " + esc(e.labeler()) + "</span>")
                    .append(Double.isNaN(e.similarity()) ? "" : "<br><span class=\"muted\">similarity "
                            + esc(num(e.similarity())) + "</span>")
                    .append("</td></tr>");
        }
        sb.append("</tbody></table>");
        if (d.texts == null) {
            sb.append("<p class=\"muted\">No texts: pass --data to see the responses.</p>");
        }
        sb.append("</section>\n");
    }

    private void methods() {
        sb.append("<section id=\"methods\"><h2>Methods and files</h2><ul class=\"methods\">")
                .append("<li><b>Join.</b> Score files, features and texts are joined by pair id, never by position;")
                .append(" ids missing anywhere are counted above and listed in problems.csv.</li>")
                .append("<li><b>Resistance.</b> reward(rejected) ≥ reward(chosen); ties included and counted separately;")
                .append(" Wilson score intervals (R: <code>prop.test(x, n, correct = FALSE)$conf.int</code>).</li>")
                .append("<li><b>Feature imprint.</b> OLS; CR1 covariance (X′X)⁻¹ Σ<sub>g</sub> u<sub>g</sub>u<sub>g</sub>′")
                .append(" (X′X)⁻¹ · G/(G−1) · (n−1)/(n−k) clustered by pair, t tests with G − 1 df, p-values adjusted over")
                .append(" each model's features (Bonferroni, Holm, Benjamini–Hochberg). Checked against R's sandwich and")
                .append(" lmtest. To refit from texts.csv in R:<pre>library(sandwich); library(lmtest)\n")
                .append("t &lt;- read.csv(\"texts.csv\"); t &lt;- t[as.logical(t$in_regression), ]\n")
                .append("m &lt;- lm(reward ~ ").append(esc(formula())).append(", data = t)\n")
                .append("V &lt;- vcovCL(m, cluster = ~id, type = \"HC1\"); G &lt;- length(unique(t$id))\n")
                .append("coeftest(m, vcov. = V, df = G - 1); coefci(m, vcov. = V, df = G - 1)</pre>")
                .append("The pair-level and angle models have one observation per pair: HC1 covariance (X′X)⁻¹")
                .append(" Σ<sub>i</sub> x<sub>i</sub>x<sub>i</sub>′e<sub>i</sub>² (X′X)⁻¹ · n/(n−k) and t tests with the")
                .append(" residual n − k df (R: <code>coeftest(m, vcov. = vcovHC(m, type = \"HC1\"))</code>).</li>")
                .append("<li><b>VIF.</b> 1/(1 − R²<sub>j</sub>) of each feature on the others (R: <code>diag(solve(cor(X)))</code>).</li>")
                .append("<li><b>Reward shift.</b> atan2(v0 × v*, v0 · v*) in degrees for v = (reward(chosen), reward(rejected)).")
                .append(" On raw rewards a constant offset between RM0 and RM* rotates every vector; set")
                .append(" <code>\"angle\": \"standardized\"</code> in the config to compare the models on a common scale.</li>")
                .append("<li><b>Ambiguity.</b> Near-identical: 1 − word edit distance / words of the longer response ≥ ")
                .append(num(r.config().nearIdentical())).append(".</li></ul>");
        sb.append("<h3>Files</h3><ul class=\"files\">");
        for (String f : files) {
            sb.append("<li><code>").append(esc(f)).append("</code></li>");
        }
        sb.append("</ul><p class=\"muted\">Generated by seal analyze.</p></section>\n");
    }

    /** The t reference df of a model (the same for every coefficient). */
    private static long df(Regression reg) {
        return (long) reg.coefs().getFirst().df();
    }

    private String formula() {
        List<String> names = new ArrayList<>();
        for (int j : r.design().features()) {
            String n = d.features.get(j).name();
            names.add(n.matches("[A-Za-z.][A-Za-z0-9._]*") ? n : "`" + n + "`");
        }
        return names.isEmpty() ? "1" : String.join(" + ", names);
    }

    // ---------------------------------------------------------------- cells

    private static String td(long v) {
        return "<td class=\"n\" data-v=\"" + v + "\">" + count(v) + "</td>";
    }

    private static String tdNum(double v) {
        return "<td class=\"n\" data-v=\"" + Html.sortKey(v) + "\">" + esc(num(v)) + "</td>";
    }

    /** A share with two decimals, as the paper prints its figures. */
    private static String tdPct2(double v) {
        String t = Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * v);
        return "<td class=\"n\" data-v=\"" + Html.sortKey(v) + "\">" + t + "</td>";
    }

    private static String tdPct(double v) {
        return "<td class=\"n\" data-v=\"" + Html.sortKey(v) + "\">" + esc(pct(v)) + "</td>";
    }

    private static String tdP(double v) {
        return "<td class=\"n" + (v < 0.05 ? " sig" : "") + "\" data-v=\"" + Html.sortKey(v) + "\">" + esc(p(v)) + "</td>";
    }

    static final String CSS = """
            :root{--fg:#1f2328;--muted:#6b7280;--line:#d0d7de;--bg:#fff;--band:#f6f8fa;--target:#1f6fb2;--spoiler:#d9731f}
            *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
            background:var(--bg);margin:0 auto;max-width:1320px;padding:0 24px 60px}
            h1{font-size:24px;margin:22px 0 8px}h2{font-size:19px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:34px}
            h3{font-size:15px;margin:18px 0 6px}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
            pre{background:var(--band);padding:8px;border-radius:4px;overflow:auto}
            dl.inputs{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}dt{color:var(--muted)}dd{margin:0}
            nav{position:sticky;top:0;background:#fffffff0;border-bottom:1px solid var(--line);padding:6px 0;z-index:5}
            nav a{margin-right:14px;color:var(--target);text-decoration:none}nav a:hover{text-decoration:underline}
            .cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:170px}
            .card .k{color:var(--muted);font-size:12px}.card .v{font-size:22px;font-weight:600}.card .s{color:var(--muted);font-size:11px}
            .warn{background:#fff8e6;border:1px solid #f0c36d;border-radius:6px;padding:4px 12px;margin:12px 0}.warn h3{margin:6px 0}
            .notes{margin:10px 0}.muted{color:var(--muted)}
            table{border-collapse:collapse;margin:8px 0;font-size:12.5px}th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
            th{background:var(--band);position:sticky;top:34px}table.sortable th{cursor:pointer;user-select:none}
            table.sortable th.asc::after{content:" ▲"}table.sortable th.desc::after{content:" ▼"}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.sig{font-weight:600}
            tr.target td:first-child{border-left:3px solid var(--target)}tr.spoiler td:first-child{border-left:3px solid var(--spoiler)}
            tr.hl td{background:#fff4e5}tr.against td{background:#fde8e8}.tag{font-size:10px;background:#b91c1c;color:#fff;border-radius:3px;padding:0 4px}
            figure{margin:10px 0}figure.wide{overflow-x:auto}figcaption{color:var(--muted);font-size:12px}
            .row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
            svg.plot{font-size:11px;max-width:100%;height:auto}svg .grid{stroke:#eaeef2}svg .ref{stroke:#57606a;stroke-dasharray:4 3}
            svg .axisline{stroke:#8c959f}svg .tick{fill:#57606a}svg .axis{fill:#1f2328;font-size:12px}svg .lab{font-size:11.5px}
            svg .ptitle{font-weight:600;font-size:12.5px}svg .grp{font-weight:600;font-size:12px}svg .band{fill:#f6f8fa}
            svg .whisk{stroke:#1f2328;stroke-width:1.5}svg.spark{vertical-align:middle}svg .sparkaxis{stroke:#d0d7de}
            .controls{display:flex;gap:10px;align-items:center;margin:8px 0}.controls input{min-width:280px}
            input,select{font:inherit;padding:3px 6px;border:1px solid var(--line);border-radius:4px}input.tfilter{margin:6px 0;min-width:260px}
            table.explorer td{max-width:330px}.txt{white-space:pre-wrap;overflow-wrap:anywhere;max-height:170px;overflow:auto;font-size:12px}
            .txt.c{background:#eef6ee}.txt.r{background:#fbeeee}.txt.small{font-size:11px;color:#374151}td.id{font-family:ui-monospace,monospace;font-size:11px}
            ul.methods li{margin:4px 0}
            @media print{nav{position:static}th{position:static}details{display:block}.txt{max-height:none}}
            """;

    static final String JS = """
            window.addEventListener("error",function(e){document.documentElement.setAttribute("data-error",String(e.message));});
            (function(){
            "use strict";
            function key(td){var v=td.getAttribute("data-v");if(v!==null&&v!==""&&!isNaN(+v))return +v;return null;}
            function sortBy(table,col,dir){var tb=table.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
            rows.sort(function(a,b){var x=a.cells[col],y=b.cells[col];if(!x||!y)return 0;var kx=key(x),ky=key(y);
            if(kx!==null||ky!==null){if(kx===null)return 1;if(ky===null)return -1;return dir*(kx-ky);}
            return dir*x.textContent.localeCompare(y.textContent);});rows.forEach(function(r){tb.appendChild(r);});}
            document.querySelectorAll("table.sortable").forEach(function(t){var ths=t.tHead?t.tHead.rows[0].cells:[];
            Array.prototype.forEach.call(ths,function(th,i){th.addEventListener("click",function(){
            var dir=th.classList.contains("asc")?-1:1;Array.prototype.forEach.call(ths,function(o){o.classList.remove("asc","desc");});
            th.classList.add(dir>0?"asc":"desc");sortBy(t,i,dir);});});});
            document.querySelectorAll("input.tfilter").forEach(function(inp){var t=document.getElementById(inp.getAttribute("data-table"));
            inp.addEventListener("input",function(){var q=inp.value.toLowerCase();Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
            r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?"":"none";});});});
            var ex=document.getElementById("explorer");
            function applyExplorer(){if(!ex)return 0;var q=(document.getElementById("xq").value||"").toLowerCase();
            var fs=document.getElementById("xflag");var f=fs?fs.value:"";var rs=document.getElementById("xregime");var g=rs?rs.value:"";
            var shown=0,total=0;Array.prototype.forEach.call(ex.tBodies[0].rows,function(r){total++;
            var flags=(r.getAttribute("data-flags")||"").split(" ").filter(Boolean);
            var ok=(q===""||r.textContent.toLowerCase().indexOf(q)>=0)&&(f===""||(f==="-"?flags.length===0:flags.indexOf(f)>=0))
            &&(g===""||r.getAttribute("data-regime")===g);r.style.display=ok?"":"none";if(ok)shown++;});
            document.getElementById("explorer-count").textContent=shown+" of "+total+" pairs shown";return shown;}
            if(ex){["xq","xflag","xregime"].forEach(function(id){var el=document.getElementById(id);if(el){
            el.addEventListener("input",applyExplorer);el.addEventListener("change",applyExplorer);}});applyExplorer();}
            window.sealReport={sortBy:sortBy,applyExplorer:applyExplorer};
            document.documentElement.setAttribute("data-ready","1");
            })();
            """;
}
