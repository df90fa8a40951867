package dev.seal.analyze;

import dev.seal.analyze.input.ScoreFile;
import dev.seal.analyze.input.Tables;
import dev.seal.data.CopyIds;
import dev.seal.data.PreferencePair;
import dev.seal.stats.Wilson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alignment robustness: what happens to RM*'s preference when a pair's texts are perturbed (rewritten, paraphrased,
 * made more positive …).
 *
 * <p><b>Input format.</b> The perturbed copies are a dataset of their own, scored by RM* with {@code seal score}
 * ({@code --perturbed}); each copy's pair id says which original pair it perturbs and how, either
 * <ul>
 *   <li>in the id itself: {@code <source id>::<kind>} or {@code <source id>::<kind>::<n>} (n numbers several copies
 *       of one kind), e.g. {@code r17::positive_sentiment::2}; or</li>
 *   <li>in a map file ({@code --perturbation-map}, CSV/JSONL/Parquet) with columns {@code id} (the copy's id),
 *       {@code source_id} (the original pair's id) and {@code kind}.</li>
 * </ul>
 * Features of the copies come from the feature files (rows keyed by the copy's id) and, given the perturbed dataset
 * ({@code --perturbed-data}), from seal's built-in features, so feature changes are measured, not assumed.
 */
public final class Robustness {
    private Robustness() {}

    public static final String UNKNOWN_SOURCE = "perturbed_unknown_source";
    public static final String UNMAPPED = "perturbed_unmapped";
    public static final String NAN = "perturbed_nan_reward";
    public static final String SOURCE_NOT_SCORED = "perturbed_source_not_scored";

    /** A mean with a CR1 interval clustered by source pair. */
    public record Mean(int n, int clusters, double mean, double se, double lo, double hi) {}

    /**
     * Flip rates and reward changes of one kind of perturbation ("all" for every kind together).
     *
     * @param alignedBefore   copies whose original pair RM* aligned (chosen &gt; rejected)
     * @param toMisaligned    of those, copies RM* no longer aligns
     * @param misalignedBefore copies whose original pair RM* did not align
     * @param toAligned       of those, copies RM* aligns
     * @param flips           copies whose alignment differs from the original's
     */
    public record Row(String kind, int copies, int sources, int alignedBefore, int toMisaligned,
                      Wilson.Interval downRate, int misalignedBefore, int toAligned, Wilson.Interval upRate,
                      int flips, Wilson.Interval flipRate, Mean chosenChange, Mean rejectedChange, Mean marginChange) {}

    /** The statistics: one row per kind (and "all"), and Δreward ~ Δfeatures regressions per kind. */
    public record Result(List<Row> rows, List<Regression> regressions, List<String> notes) {}

    private record Copy(String id, String source, String kind, ScoreFile.Row row) {}

    public static Result run(PairData d, ScoreFile perturbed, Path map, Path perturbedData,
                             Inputs.FeatureSource features, Imprint.Design design, double confidence,
                             Problems problems) throws IOException {
        List<String> notes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < d.size(); i++) {
            index.put(d.ids.get(i), i);
        }
        Map<String, String[]> mapping = map == null ? null : readMap(map);
        List<Copy> copies = new ArrayList<>();
        int matched = 0;
        String example = null; // a copy that points nowhere, for the error when none points anywhere
        for (ScoreFile.Row r : perturbed.rows()) {
            String[] sk = mapping != null ? mapping.get(r.id()) : sourceAndKind(r.id());
            if (sk == null) {
                problems.add(UNMAPPED, mapping != null ? "perturbed copies in " + perturbed.path()
                        + " are not in the perturbation map" : "perturbed copies in " + perturbed.path()
                        + " have ids not of the form <source id>::<kind>[::<n>]", r.id(), "");
                continue;
            }
            if (!index.containsKey(sk[0])) {
                problems.add(UNKNOWN_SOURCE, "perturbed copies in " + perturbed.path() + " point to a pair that is"
                        + " not in the analysis", r.id(), "source " + sk[0]);
                example = example != null ? example : "copy " + r.id() + " points to " + sk[0];
                continue;
            }
            matched++;
            if (!d.valid(PairData.Sample.STAR, index.get(sk[0]))) {
                // a change of RM*'s reward needs RM*'s reward of the original (a pair only the baseline has, or NaN)
                problems.add(SOURCE_NOT_SCORED, "perturbed copies point to a pair without a finite RM* reward: left"
                        + " out", r.id(), "source " + sk[0]);
                continue;
            }
            if (!Double.isFinite(r.chosen()) || !Double.isFinite(r.rejected())) {
                problems.add(NAN, "perturbed copies have a NaN reward: left out", r.id(), "");
                continue;
            }
            copies.add(new Copy(r.id(), sk[0], sk[1], r));
        }
        if (matched == 0) {
            // every copy set aside: the copies of another dataset, or of pairs these scores never had
            throw new IllegalArgumentException("--perturbed " + perturbed.path() + ": none of its "
                    + perturbed.rows().size() + " copies points to a pair of the analysis ("
                    + (example != null ? example : mapping != null ? "none is in the perturbation map"
                    : "no id has the form <source id>::<kind>[::<n>]")
                    + "): give the scores of copies made from the analysed pairs");
        }
        if (mapping != null) {
            for (String id : mapping.keySet()) {
                if (!perturbed.byId().containsKey(id)) {
                    problems.add(UNMAPPED, "ids in the perturbation map have no scores in --perturbed", id, "");
                }
            }
        }
        Map<String, PreferencePair> texts = perturbedData == null ? Map.of()
                : Inputs.readData(perturbedData, problems, "perturbed_");
        List<String> kinds = new ArrayList<>(new LinkedHashSet<>(copies.stream().map(Copy::kind).toList()));
        java.util.Collections.sort(kinds);
        List<Row> rows = new ArrayList<>();
        List<Regression> regs = new ArrayList<>();
        List<String> groups = new ArrayList<>(kinds);
        if (kinds.size() > 1) {
            groups.add(0, "all");
        }
        for (String kind : groups) {
            List<Copy> cs = copies.stream().filter(c -> kind.equals("all") || c.kind().equals(kind)).toList();
            if (cs.isEmpty()) {
                continue;
            }
            rows.add(row(d, index, kind, cs, confidence));
            Regression reg = regression(d, index, kind, cs, features, texts, design, confidence, notes);
            if (reg != null) {
                regs.add(reg);
            }
        }
        if (copies.isEmpty()) {
            notes.add("no perturbed copy could be matched to an analysed pair");
        }
        return new Result(rows, regs, notes);
    }

    /** A copy id's {source, kind} (see {@link CopyIds}), or null when it has no such form. */
    private static String[] sourceAndKind(String id) {
        CopyIds.Parsed p = CopyIds.parse(id);
        return p == null ? null : new String[] {p.source(), p.kind()};
    }

    private static Map<String, String[]> readMap(Path map) throws IOException {
        Tables.Table t = Tables.read(map);
        List<String> missing = new ArrayList<>();
        for (String c : List.of("id", "source_id", "kind")) {
            if (t.column(c) < 0) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(map + ": perturbation map has no column " + String.join(", ", missing)
                    + " (it needs id, source_id, kind; it has " + String.join(", ", t.columns()) + ")");
        }
        int iId = t.column("id");
        int iSrc = t.column("source_id");
        int iKind = t.column("kind");
        Map<String, String[]> out = new LinkedHashMap<>();
        List<String> dup = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Object[] r : t.rows()) {
            String id = r[iId] == null ? "" : r[iId].toString();
            String src = r[iSrc] == null ? "" : r[iSrc].toString();
            String kind = r[iKind] == null ? "" : r[iKind].toString();
            if (id.isBlank() || src.isBlank() || kind.isBlank()) {
                empty.add(id.isBlank() ? "(no id)" : id);
                continue;
            }
            if (out.put(id, new String[] {src, kind}) != null) {
                dup.add(id);
            }
        }
        if (!dup.isEmpty() || !empty.isEmpty()) {
            throw new IllegalArgumentException(map + ": " + (dup.isEmpty() ? "" : dup.size() + " repeated ids ("
                    + Tables.examples(dup, 5) + ") ") + (empty.isEmpty() ? "" : empty.size()
                    + " rows with an empty id, source_id or kind (" + Tables.examples(empty, 5) + ")"));
        }
        return out;
    }

    private static Row row(PairData d, Map<String, Integer> index, String kind, List<Copy> cs, double confidence) {
        int alignedBefore = 0;
        int toMis = 0;
        int misBefore = 0;
        int toAl = 0;
        Set<String> sources = new LinkedHashSet<>();
        int n = cs.size();
        double[] dc = new double[n];
        double[] dr = new double[n];
        double[] dm = new double[n];
        String[] cl = new String[n];
        for (int a = 0; a < n; a++) {
            Copy c = cs.get(a);
            int i = index.get(c.source());
            sources.add(c.source());
            boolean before = d.cStar[i] > d.rStar[i];
            boolean after = c.row().chosen() > c.row().rejected();
            if (before) {
                alignedBefore++;
                if (!after) {
                    toMis++;
                }
            } else {
                misBefore++;
                if (after) {
                    toAl++;
                }
            }
            dc[a] = c.row().chosen() - d.cStar[i];
            dr[a] = c.row().rejected() - d.rStar[i];
            dm[a] = dc[a] - dr[a];
            cl[a] = c.source();
        }
        return new Row(kind, n, sources.size(), alignedBefore, toMis, Wilson.interval(toMis, alignedBefore, confidence),
                misBefore, toAl, Wilson.interval(toAl, misBefore, confidence), toMis + toAl,
                Wilson.interval(toMis + toAl, n, confidence), mean(dc, cl, confidence), mean(dr, cl, confidence),
                mean(dm, cl, confidence));
    }

    /**
     * Mean with a CR1 interval clustered by source pair, t with G − 1 df (the copies of one pair are not
     * independent): R's {@code m <- lm(v ~ 1); coefci(m, vcov. = vcovCL(m, cluster = ~source, type = "HC1"),
     * df = G - 1)}.
     */
    static Mean mean(double[] v, String[] cluster, double confidence) {
        double m = dev.seal.stats.Describe.mean(v);
        long g = java.util.Arrays.stream(cluster).distinct().count();
        if (v.length < 2 || g < 2) {
            return new Mean(v.length, (int) g, m, Double.NaN, Double.NaN, Double.NaN);
        }
        boolean constant = java.util.Arrays.stream(v).allMatch(x -> x == v[0]);
        if (constant) {
            return new Mean(v.length, (int) g, m, 0, m, m);
        }
        Regression r = Regression.clustered("mean", "", v, List.of(), List.of(), cluster, confidence);
        Regression.Coef c = r.coefs().getFirst();
        return new Mean(v.length, (int) g, c.estimate(), c.se(), c.ciLo(), c.ciHi());
    }

    /**
     * Δreward ~ Δfeatures per side of each copy, CR1 clustered by source pair with G − 1 df, as
     * {@code coeftest(m, vcov. = vcovCL(m, cluster = ~source, type = "HC1"), df = G - 1)}.
     */
    private static Regression regression(PairData d, Map<String, Integer> index, String kind, List<Copy> cs,
                                         Inputs.FeatureSource features, Map<String, PreferencePair> texts,
                                         Imprint.Design design, double confidence, List<String> notes) {
        if (design.features().isEmpty()) {
            return null;
        }
        // features measured on every perturbed text; the others (e.g. labeler features without rows for the copies)
        // cannot say what changed and are left out, with a note
        int k = design.features().size();
        List<double[][]> vectors = new ArrayList<>();
        boolean[] measured = new boolean[k];
        java.util.Arrays.fill(measured, true);
        for (Copy c : cs) {
            double[][] v = features.vector(c.id(), texts.get(c.id()), c.row());
            vectors.add(v);
            for (int a = 0; a < k; a++) {
                int j = design.features().get(a);
                measured[a] &= Double.isFinite(v[0][j]) && Double.isFinite(v[1][j]);
            }
        }
        List<String> unmeasured = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            if (!measured[a]) {
                unmeasured.add(d.features.get(design.features().get(a)).name());
            }
        }
        if (!unmeasured.isEmpty()) {
            notes.add(kind + ": " + String.join(", ", unmeasured) + (unmeasured.size() > 1 ? " are" : " is")
                    + " not measured on every perturbed copy (give the copies rows in --features, or --perturbed-data"
                    + " for built-in features): left out of its Δreward ~ Δfeatures regression");
        }
        List<double[]> dx = new ArrayList<>();
        List<Double> dy = new ArrayList<>();
        List<String> cl = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (int ci = 0; ci < cs.size(); ci++) {
            Copy c = cs.get(ci);
            int i = index.get(c.source());
            double[][] v = vectors.get(ci);
            double[][] rows = new double[2][k];
            boolean complete = true;
            for (int side = 0; side < 2; side++) {
                for (int a = 0; a < k; a++) {
                    int j = design.features().get(a);
                    double orig = side == 0 ? d.fc[j][i] : d.fr[j][i];
                    // an original with a missing value (kept out of the imprint by --drop-incomplete) has no change
                    complete &= !measured[a] || Double.isFinite(orig);
                    rows[side][a] = measured[a] ? v[side][j] - orig : 0;
                }
            }
            if (!complete) {
                incomplete.add(c.id());
                continue;
            }
            for (int side = 0; side < 2; side++) {
                dx.add(rows[side]);
                dy.add(side == 0 ? c.row().chosen() - d.cStar[i] : c.row().rejected() - d.rStar[i]);
                cl.add(c.source());
            }
        }
        if (!incomplete.isEmpty()) {
            notes.add(kind + ": " + incomplete.size() + " copies left out of its Δreward ~ Δfeatures regression: their"
                    + " original pair misses a feature value (" + Tables.examples(incomplete, 5) + ")");
        }
        List<Regression.Term> terms = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            if (!measured[a]) {
                continue;
            }
            double[] col = new double[dx.size()];
            boolean varies = false;
            for (int r = 0; r < col.length; r++) {
                col[r] = dx.get(r)[a];
                varies |= col[r] != col[0];
            }
            if (varies) {
                Feature f = d.features.get(design.features().get(a));
                terms.add(new Regression.Term("Δ" + f.name(), f));
                cols.add(col);
            }
        }
        long g = cl.stream().distinct().count();
        if (terms.isEmpty() || dx.size() < terms.size() + 2 || g < 2) {
            if (!dx.isEmpty()) {
                notes.add(kind + ": no feature changes measurably under this perturbation (or too few copies):"
                        + " no Δreward ~ Δfeatures regression");
            }
            return null;
        }
        Imprint.dropAliased(terms, cols, dx.size(), notes, kind + " robustness");
        double[] y = dy.stream().mapToDouble(Double::doubleValue).toArray();
        return Regression.clustered(kind, "RM* reward change per perturbed text", y, terms, cols, cl.toArray(String[]::new),
                confidence);
    }
}
