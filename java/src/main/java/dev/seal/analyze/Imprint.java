package dev.seal.analyze;

import dev.seal.analyze.input.Tables;
import dev.seal.stats.Ols;
import dev.seal.stats.Vif;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feature imprint: how much a reward model's reward moves with each target and spoiler feature.
 *
 * <ul>
 *   <li>per text: reward ~ features, one observation per response (two per pair), for RM*, RM0 and RM* − RM0;</li>
 *   <li>per pair: margin ~ (chosen − rejected) feature differences, one observation per pair.</li>
 * </ul>
 * Per-text standard errors are CR1 clustered by pair (the two texts of a pair share a prompt, so their errors are not
 * independent) and t tests use G − 1 degrees of freedom ({@code lmtest::coeftest(m, vcov. = vcovCL(m, cluster = ~id,
 * type = "HC1"), df = G - 1)}, as Stata does for clustered errors: with few clusters n − k overstates the information
 * in the data; with thousands it makes no difference). Per-pair models have one observation per pair, so their
 * errors are HC1 and their t tests use the residual df n − k, as {@code coeftest(m, vcov. = vcovHC(m, type = "HC1"))}
 * does. p-values are adjusted over each model's features.
 */
public final class Imprint {
    private Imprint() {}

    public static final String INCOMPLETE = "incomplete_features";

    /**
     * The features chosen for the regressions and why others were left out.
     *
     * <p>The features are chosen (constant, collinear and VIF checks) on RM*'s regression pairs only, so RM*'s
     * imprint is the same with or without a baseline; RM0's models and the comparisons use the same features on their
     * own pairs.
     *
     * @param features indices into {@link PairData#features} of the regressed features
     * @param samples  per sample, the indices of its pairs with complete features: the pairs of its regressions
     * @param vif      per candidate feature: its VIF (on RM*'s regression texts) and what happened to it
     * @param notes    what was dropped and why
     */
    public record Design(List<Integer> features, Map<PairData.Sample, int[]> samples, List<VifRow> vif,
                         List<String> notes) {
        public Design {
            samples = Map.copyOf(samples);
        }

        /** The pairs of the regressions on sample {@code s} (empty without a baseline for RM0 and both). */
        public int[] sample(PairData.Sample s) {
            return samples.get(s).clone();
        }
    }

    /** A feature's collinearity diagnostic. Status: ok, high (VIF above the threshold), or dropped (…). */
    public record VifRow(String feature, String role, double vif, String status) {}

    /** Picks the regressed features and the pairs to use; throws on bad input with a message that says what to do. */
    public static Design design(PairData d, AnalysisConfig config, AnalyzeOptions o, Problems problems) {
        List<String> notes = new ArrayList<>();
        List<String> names = d.features.stream().map(Feature::name).toList();
        // explicit names must exist
        List<String> unknown = new ArrayList<>();
        for (String u : o.use()) {
            if (!names.contains(u)) {
                unknown.add(u);
            }
        }
        for (String x : config.exclude()) {
            if (!names.contains(x) && !config.features().containsKey(x)) {
                unknown.add(x);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown feature name" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; the features of this analysis are: "
                    + (names.isEmpty() ? "(none: pass --features or --data)" : String.join(", ", names)));
        }
        List<Integer> cand = new ArrayList<>();
        for (int j = 0; j < d.features.size(); j++) {
            Feature f = d.features.get(j);
            boolean wanted = o.use().isEmpty() ? f.role().regressed() : o.use().contains(f.name());
            if (wanted && !config.exclude().contains(f.name())) {
                cand.add(j);
            }
        }
        for (String s : config.explicit()) {
            if (!names.contains(s) && config.spec(s) != null && config.spec(s).role().regressed()
                    && names.stream().noneMatch(n -> n.startsWith(s + "="))) {
                notes.add("the config declares " + s + ", which no input has");
            }
        }
        // pairs: finite rewards from a model, complete features
        Map<PairData.Sample, int[]> samples = new EnumMap<>(PairData.Sample.class);
        Map<String, Integer> missingBy = new LinkedHashMap<>();
        List<String> incomplete = new ArrayList<>();
        List<Integer> complete = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (!d.valid(PairData.Sample.STAR, i) && !(d.hasBaseline() && d.valid(PairData.Sample.BASE, i))) {
                continue;
            }
            List<String> miss = new ArrayList<>();
            for (int j : cand) {
                if (Double.isNaN(d.fc[j][i]) || Double.isNaN(d.fr[j][i])) {
                    miss.add(d.features.get(j).name());
                    missingBy.merge(d.features.get(j).name(), 1, Integer::sum);
                }
            }
            if (miss.isEmpty()) {
                complete.add(i);
            } else {
                incomplete.add(d.ids.get(i));
                if (o.dropIncomplete()) {
                    problems.add(INCOMPLETE, "pairs have missing feature values: left out of the regressions"
                            + " (--drop-incomplete)", d.ids.get(i), "missing " + String.join(", ", miss));
                }
            }
        }
        if (!incomplete.isEmpty() && !o.dropIncomplete()) {
            List<String> by = missingBy.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            throw new IllegalArgumentException(incomplete.size() + " pairs have missing values in regressed features ("
                    + String.join(", ", by) + "; pairs " + Tables.examples(incomplete, 5) + "): pass --drop-incomplete"
                    + " to leave them out (they are listed in problems.csv), or --exclude the features");
        }
        for (PairData.Sample s : PairData.Sample.values()) {
            samples.put(s, complete.stream().filter(i -> d.hasBaseline() || s == PairData.Sample.STAR)
                    .filter(i -> d.valid(s, i)).mapToInt(Integer::intValue).toArray());
        }
        if (cand.isEmpty()) {
            return new Design(List.of(), samples, List.of(), notes);
        }
        int[] rows = samples.get(PairData.Sample.STAR);
        List<Integer> sample = java.util.Arrays.stream(rows).boxed().toList();
        if (sample.size() < 3) {
            throw new IllegalArgumentException("only " + sample.size() + " pairs have complete features and finite"
                    + " RM* rewards: too few for a regression");
        }
        // constant features
        List<VifRow> vif = new ArrayList<>();
        List<String> constantUser = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int j : cand) {
            Feature f = d.features.get(j);
            double first = d.fc[j][sample.getFirst()];
            boolean constant = true;
            for (int i : sample) {
                if (d.fc[j][i] != first || d.fr[j][i] != first) {
                    constant = false;
                    break;
                }
            }
            if (!constant) {
                kept.add(j);
            } else if (f.source().equals("built-in") && o.use().isEmpty()) {
                vif.add(new VifRow(f.name(), f.role().label(), Double.NaN, "dropped: constant (" + num(first) + ")"));
                notes.add("built-in " + f.name() + " is " + num(first) + " for every text: not regressed");
            } else {
                constantUser.add(f.name() + " (always " + num(first) + ")");
            }
        }
        if (!constantUser.isEmpty()) {
            throw new IllegalArgumentException("feature" + (constantUser.size() > 1 ? "s " : " ")
                    + String.join(", ", constantUser) + " take the same value for all " + 2 * sample.size()
                    + " texts of the analysis: no imprint can be estimated; --exclude "
                    + (constantUser.size() > 1 ? "them" : "it"));
        }
        // exact collinearity, then VIF
        Set<Integer> dropped = new LinkedHashSet<>();
        while (true) {
            List<Integer> cur = kept.stream().filter(j -> !dropped.contains(j)).toList();
            double[][] x = textDesign(d, cur, rows, true);
            List<Integer> aliased = Ols.aliased(x, cur.size() + 1);
            if (aliased.isEmpty()) {
                break;
            }
            List<String> al = aliased.stream().map(a -> d.features.get(cur.get(a - 1)).name()).toList();
            if (!config.dropCollinear()) {
                throw new IllegalArgumentException("feature" + (al.size() > 1 ? "s " : " ") + String.join(", ", al)
                        + (al.size() > 1 ? " are linear combinations" : " is a linear combination")
                        + " of the other features (and the intercept) on these texts: pass --drop-collinear to drop"
                        + " such features, or --exclude them");
            }
            for (int a : aliased) {
                int j = cur.get(a - 1);
                dropped.add(j);
                Feature f = d.features.get(j);
                vif.add(new VifRow(f.name(), f.role().label(), Double.POSITIVE_INFINITY, "dropped: aliased"));
                notes.add(f.name() + " dropped: a linear combination of the other features (--drop-collinear)");
            }
        }
        while (true) {
            List<Integer> cur = kept.stream().filter(j -> !dropped.contains(j)).toList();
            double[] v = Vif.of(textDesign(d, cur, rows, false));
            int worst = -1;
            for (int a = 0; a < v.length; a++) {
                if (v[a] > config.vifThreshold() && (worst < 0 || v[a] > v[worst])) {
                    worst = a;
                }
            }
            if (worst < 0 || !config.dropCollinear() || cur.size() == 1) {
                for (int a = 0; a < cur.size(); a++) {
                    Feature f = d.features.get(cur.get(a));
                    vif.add(new VifRow(f.name(), f.role().label(), v[a], v[a] > config.vifThreshold() ? "high" : "ok"));
                    if (v[a] > config.vifThreshold()) {
                        notes.add(f.name() + " has VIF " + num(v[a]) + " > " + num(config.vifThreshold())
                                + ": its coefficient is imprecise (--drop-collinear drops such features)");
                    }
                }
                break;
            }
            int j = cur.get(worst);
            dropped.add(j);
            Feature f = d.features.get(j);
            vif.add(new VifRow(f.name(), f.role().label(), v[worst], "dropped: VIF above " + num(config.vifThreshold())));
            notes.add(f.name() + " dropped: VIF " + num(v[worst]) + " > " + num(config.vifThreshold())
                    + " (--drop-collinear)");
        }
        List<Integer> finalSet = kept.stream().filter(j -> !dropped.contains(j)).toList();
        // report VIF rows in feature order
        Map<String, VifRow> byName = new LinkedHashMap<>();
        for (int j : cand) {
            String nm = d.features.get(j).name();
            vif.stream().filter(r -> r.feature().equals(nm)).reduce((a, b) -> b).ifPresent(r -> byName.put(nm, r));
        }
        return new Design(finalSet, samples, List.copyOf(byName.values()), notes);
    }

    /** Per-text design over the sample: rows 2i (chosen) and 2i+1 (rejected); with or without the intercept. */
    static double[][] textDesign(PairData d, List<Integer> feats, int[] sample, boolean intercept) {
        int off = intercept ? 1 : 0;
        double[][] x = new double[2 * sample.length][feats.size() + off];
        for (int s = 0; s < sample.length; s++) {
            int i = sample[s];
            if (intercept) {
                x[2 * s][0] = 1;
                x[2 * s + 1][0] = 1;
            }
            for (int a = 0; a < feats.size(); a++) {
                x[2 * s][a + off] = d.fc[feats.get(a)][i];
                x[2 * s + 1][a + off] = d.fr[feats.get(a)][i];
            }
        }
        return x;
    }

    /** A reward per text: pair index and side (0 chosen, 1 rejected). */
    private interface Reward {
        double of(int pair, int side);
    }

    /**
     * The data of one per-text model: two observations per pair (chosen, then rejected), in the order of {@code pairs}.
     *
     * @param pairs   the model's pairs (indices into {@link PairData})
     * @param cluster the pair id of each observation
     */
    public record TextData(int[] pairs, double[] y, List<Regression.Term> terms, List<double[]> columns,
                           String[] cluster) {}

    /** Fits one per-text model from its data. */
    public interface TextFit {
        Regression fit(String name, String response, TextData data);
    }

    /**
     * The per-text models, each on its own pairs: RM* on RM*'s, and with a baseline RM0 on RM0's and RM* − RM0 on the
     * pairs both scored.
     */
    public static List<Regression> perText(PairData d, Design design, double confidence, List<String> notes) {
        return perText(d, design, notes, (name, response, t) -> Regression.clustered(name, response, t.y(), t.terms(),
                t.columns(), t.cluster(), confidence));
    }

    /** The per-text models of {@link #perText(PairData, Design, double, List)}, each fitted by {@code fit}. */
    public static List<Regression> perText(PairData d, Design design, List<String> notes, TextFit fit) {
        List<Regression> out = new ArrayList<>();
        if (design.features().isEmpty()) {
            return out;
        }
        addIfFitted(out, textModel(d, design, PairData.Sample.STAR, "RM*", "reward per text",
                (i, side) -> side == 0 ? d.cStar[i] : d.rStar[i], fit, notes));
        if (d.hasBaseline()) {
            addIfFitted(out, textModel(d, design, PairData.Sample.BASE, "RM0", "reward per text",
                    (i, side) -> side == 0 ? d.c0[i] : d.r0[i], fit, notes));
            addIfFitted(out, textModel(d, design, PairData.Sample.JOINT, "RM* − RM0", "reward change per text",
                    (i, side) -> side == 0 ? d.cStar[i] - d.c0[i] : d.rStar[i] - d.r0[i], fit, notes));
        }
        return out;
    }

    private static Regression textModel(PairData d, Design design, PairData.Sample sample, String name,
                                        String response, Reward reward, TextFit fit, List<String> notes) {
        int[] s = design.sample(sample);
        int n = 2 * s.length;
        String[] cluster = new String[n];
        double[] y = new double[n];
        for (int a = 0; a < s.length; a++) {
            int i = s[a];
            cluster[2 * a] = cluster[2 * a + 1] = d.ids.get(i);
            y[2 * a] = reward.of(i, 0);
            y[2 * a + 1] = reward.of(i, 1);
        }
        List<Regression.Term> terms = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        double[][] x = textDesign(d, design.features(), s, false);
        for (int a = 0; a < design.features().size(); a++) {
            Feature f = d.features.get(design.features().get(a));
            terms.add(new Regression.Term(f.name(), f));
            double[] col = new double[n];
            for (int r = 0; r < n; r++) {
                col[r] = x[r][a];
            }
            cols.add(col);
        }
        if (!fits(terms, cols, s.length, n, notes, name + " per-text")) {
            return null;
        }
        return fit.fit(name, response, new TextData(s, y, terms, cols, cluster));
    }

    /**
     * The per-pair models, margin ~ feature differences, each on its own pairs like {@link #perText}. The terms are
     * chosen on RM*'s pairs (a feature that never differs within a pair has no difference to regress on).
     */
    public static List<Regression> perPair(PairData d, Design design, double confidence, List<String> notes) {
        List<Regression> out = new ArrayList<>();
        int[] s = design.sample(PairData.Sample.STAR);
        List<Integer> differing = new ArrayList<>();
        for (int j : design.features()) {
            boolean any = false;
            for (int i : s) {
                any |= d.fc[j][i] != d.fr[j][i];
            }
            if (any) {
                differing.add(j);
            } else {
                notes.add(d.features.get(j).name() + " never differs within a pair: not in the pair-level (margin)"
                        + " models");
            }
        }
        // drop, once for every model, what is aliased in the difference design on RM*'s pairs (e.g. two features
        // that always differ together); a model on other pairs drops what is aliased on those too
        List<Regression.Term> terms = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        differenceColumns(d, differing, s, terms, cols);
        if (s.length > terms.size() + 1) {
            dropAliased(terms, cols, s.length, notes, "pair-level");
        }
        differing.removeIf(j -> terms.stream().noneMatch(t -> t.feature().equals(d.features.get(j))));
        if (differing.isEmpty()) {
            return out;
        }
        addIfFitted(out, pairModel(d, differing, design.sample(PairData.Sample.STAR), "RM*", "margin per pair",
                i -> d.cStar[i] - d.rStar[i], confidence, notes));
        if (d.hasBaseline()) {
            addIfFitted(out, pairModel(d, differing, design.sample(PairData.Sample.BASE), "RM0", "margin per pair",
                    i -> d.c0[i] - d.r0[i], confidence, notes));
            addIfFitted(out, pairModel(d, differing, design.sample(PairData.Sample.JOINT), "RM* − RM0",
                    "margin change per pair", i -> (d.cStar[i] - d.rStar[i]) - (d.c0[i] - d.r0[i]), confidence, notes));
        }
        return out;
    }

    private static Regression pairModel(PairData d, List<Integer> features, int[] s, String name, String response,
                                        java.util.function.IntToDoubleFunction margin, double confidence,
                                        List<String> notes) {
        List<Regression.Term> terms = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        differenceColumns(d, features, s, terms, cols);
        if (!fits(terms, cols, s.length, s.length, notes, name + " pair-level")) {
            return null;
        }
        double[] y = java.util.Arrays.stream(s).mapToDouble(margin).toArray();
        return Regression.robust(name, response, y, terms, cols, confidence);
    }

    /** The terms Δf and their columns (chosen − rejected over the pairs {@code s}) of {@code features}. */
    private static void differenceColumns(PairData d, List<Integer> features, int[] s, List<Regression.Term> terms,
                                          List<double[]> cols) {
        for (int j : features) {
            Feature f = d.features.get(j);
            double[] col = new double[s.length];
            for (int a = 0; a < s.length; a++) {
                col[a] = d.fc[j][s[a]] - d.fr[j][s[a]];
            }
            terms.add(new Regression.Term("Δ" + f.name(), f));
            cols.add(col);
        }
    }

    /**
     * Drops the columns R would alias on these observations, then says whether a model with the remaining terms can
     * be fitted on {@code pairs} pairs ({@code n} observations): something to estimate, more observations than
     * coefficients and at least two pairs. A model that cannot is noted, not fitted.
     */
    private static boolean fits(List<Regression.Term> terms, List<double[]> cols, int pairs, int n,
                                List<String> notes, String where) {
        if (!terms.isEmpty() && n > terms.size() + 1 && pairs >= 2) {
            dropAliased(terms, cols, n, notes, where);
        }
        if (terms.isEmpty() || n <= terms.size() + 1 || pairs < 2) {
            notes.add("no " + where + " model: " + pairs + " pairs with complete features for "
                    + terms.size() + " terms");
            return false;
        }
        return true;
    }

    private static void addIfFitted(List<Regression> out, Regression r) {
        if (r != null) {
            out.add(r);
        }
    }

    /** Removes columns R would alias (with an intercept), noting each. */
    static void dropAliased(List<Regression.Term> terms, List<double[]> cols, int n, List<String> notes, String where) {
        double[][] x = new double[n][cols.size() + 1];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            for (int j = 0; j < cols.size(); j++) {
                x[i][j + 1] = cols.get(j)[i];
            }
        }
        List<Integer> al = Ols.aliased(x, cols.size() + 1);
        for (int a = al.size() - 1; a >= 0; a--) {
            int j = al.get(a) - 1;
            notes.add(terms.get(j).name() + " dropped from the " + where + " model: a linear combination of its other"
                    + " terms there");
            terms.remove(j);
            cols.remove(j);
        }
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
