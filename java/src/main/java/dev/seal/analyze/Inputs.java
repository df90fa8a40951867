package dev.seal.analyze;

import dev.seal.analyze.input.ScoreFile;
import dev.seal.analyze.input.Tables;
import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and joins the inputs of an analysis by pair id — never by position — and records every id that is in one
 * input but not another in {@link Problems}. The analysis covers every pair either score file has: a pair only one
 * model scored counts in that model's statistics and is left out of what compares the two ({@link PairData.Sample}).
 */
public final class Inputs {
    public static final String MISSING_IN_BASELINE = "missing_in_baseline";
    public static final String MISSING_IN_SCORES = "missing_in_scores";
    public static final String MISSING_IN_DATA = "missing_in_data";
    public static final String DATA_ROW_ERROR = "data_row_error";
    public static final String DATA_NOT_SCORED = "data_not_scored";
    public static final String MISSING_FEATURES = "missing_features";
    public static final String FEATURES_NOT_SCORED = "features_not_scored";

    private Inputs() {}

    /** What was loaded: the joined pairs and the facts a report states about the inputs. */
    public record Loaded(PairData pairs, ScoreFile scores, ScoreFile baseline, ScoreFile perturbed, List<String> notes,
                         Map<String, PreferencePair> texts, FeatureSource features) {}

    /**
     * Computes the feature vector of any pair id in the layout of {@link PairData#features}: values from the feature
     * files (keyed by id, so perturbed copies can have their own rows) followed by the built-in features (from the
     * pair's texts and token counts).
     */
    public static final class FeatureSource {
        private final FeatureTable table;
        private final List<BuiltinFeatures.Def> builtins;
        private final List<Feature> features = new ArrayList<>();

        FeatureSource(FeatureTable table, List<Map.Entry<BuiltinFeatures.Def, Feature>> builtins) {
            this.table = table;
            if (table != null) {
                features.addAll(table.features());
            }
            this.builtins = builtins.stream().map(Map.Entry::getKey).toList();
            builtins.forEach(e -> features.add(e.getValue()));
        }

        public List<Feature> features() {
            return List.copyOf(features);
        }

        /** Whether a computed feature needs token counts from a scores file. */
        boolean usesTokens() {
            return builtins.stream().anyMatch(BuiltinFeatures.Def::needsTokens);
        }

        /** [0 = chosen, 1 = rejected][feature]; NaN where a value is not available. */
        public double[][] vector(String id, PreferencePair text, ScoreFile.Row scores) {
            int k = features.size();
            double[][] v = new double[2][k];
            Arrays.fill(v[0], Double.NaN);
            Arrays.fill(v[1], Double.NaN);
            int off = 0;
            if (table != null) {
                double[][] t = table.values().get(id);
                if (t != null) {
                    System.arraycopy(t[0], 0, v[0], 0, t[0].length);
                    System.arraycopy(t[1], 0, v[1], 0, t[1].length);
                }
                off = table.features().size();
            }
            if (text != null) {
                for (int b = 0; b < builtins.size(); b++) {
                    BuiltinFeatures.Def d = builtins.get(b);
                    int ct = 0;
                    int rt = 0;
                    if (d.needsTokens()) {
                        if (scores == null || scores.chosenTokens() < 0) {
                            continue;
                        }
                        ct = scores.chosenTokens() - scores.sharedTokens();
                        rt = scores.rejectedTokens() - scores.sharedTokens();
                    }
                    v[0][off + b] = d.compute().applyAsDouble(new BuiltinFeatures.Text(text.chosen().response(), ct));
                    v[1][off + b] = d.compute().applyAsDouble(new BuiltinFeatures.Text(text.rejected().response(), rt));
                }
            }
            return v;
        }
    }

    public static Loaded load(AnalyzeOptions o, AnalysisConfig config, Problems problems) throws IOException {
        List<String> notes = new ArrayList<>();
        ScoreFile star = ScoreFile.read(o.scores(), o.label());
        ScoreFile base = o.baseline() == null ? null : ScoreFile.read(o.baseline(), o.label());
        // every pair of either file, the scores' order first
        List<String> ids = new ArrayList<>();
        int common = 0;
        for (ScoreFile.Row r : star.rows()) {
            ids.add(r.id());
            if (base != null && !base.byId().containsKey(r.id())) {
                problems.add(MISSING_IN_BASELINE, "pairs in the scores are not in the baseline: in RM*'s statistics"
                        + " only, not in the comparisons of the two models", r.id(), o.baseline().toString());
            } else {
                common++;
            }
        }
        if (base != null) {
            for (ScoreFile.Row r : base.rows()) {
                if (!star.byId().containsKey(r.id())) {
                    ids.add(r.id());
                    problems.add(MISSING_IN_SCORES, "pairs in the baseline are not in the scores: in RM0's statistics"
                            + " only, not in the comparisons of the two models", r.id(), o.scores().toString());
                }
            }
        }
        if (o.requireAllPairs() && (problems.count(MISSING_IN_BASELINE) + problems.count(MISSING_IN_SCORES)) > 0) {
            throw new IllegalArgumentException("the scores and the baseline do not hold the same pairs (--require-all-pairs): "
                    + String.join("; ", problems.summaries()));
        }
        if (common == 0) {
            throw new IllegalArgumentException("no pair id is in both " + o.scores() + " and " + o.baseline()
                    + ": were they scored on the same dataset?");
        }
        int n = ids.size();
        double[] cs = new double[n];
        double[] rs = new double[n];
        double[] c0 = base == null ? null : new double[n];
        double[] r0 = base == null ? null : new double[n];
        boolean[] hasStar = new boolean[n];
        boolean[] hasBase = new boolean[n];
        // token counts (for token built-ins) from RM*'s file; a pair only the baseline has takes the baseline's
        ScoreFile.Row[] tokenRows = new ScoreFile.Row[n];
        List<List<String>> flags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScoreFile.Row r = star.byId().get(ids.get(i));
            ScoreFile.Row b = base == null ? null : base.byId().get(ids.get(i));
            hasStar[i] = r != null;
            hasBase[i] = b != null;
            cs[i] = r != null ? r.chosen() : Double.NaN;
            rs[i] = r != null ? r.rejected() : Double.NaN;
            if (base != null) {
                c0[i] = b != null ? b.chosen() : Double.NaN;
                r0[i] = b != null ? b.rejected() : Double.NaN;
            }
            tokenRows[i] = r != null ? r : b;
            Set<String> f = new LinkedHashSet<>(r != null ? r.flags() : List.of());
            if (b != null) {
                f.addAll(b.flags());
            }
            flags.add(List.copyOf(f));
        }

        ScoreFile perturbed = o.perturbed() == null ? null : ScoreFile.read(o.perturbed(), o.label());

        // texts
        Map<String, PreferencePair> texts = o.data() == null ? Map.of() : readData(o.data(), problems, "");
        PreferencePair[] textArr = null;
        if (o.data() != null) {
            textArr = new PreferencePair[n];
            Set<String> inScores = new LinkedHashSet<>(ids);
            for (int i = 0; i < n; i++) {
                textArr[i] = texts.get(ids.get(i));
                if (textArr[i] == null) {
                    problems.add(MISSING_IN_DATA, "scored pairs are not in --data (no texts or built-in features)",
                            ids.get(i), o.data().toString());
                }
            }
            if (!texts.isEmpty() && ids.stream().noneMatch(texts::containsKey)) {
                throw new IllegalArgumentException("none of the " + texts.size() + " pairs of " + o.data() + " has an id"
                        + " of the scored pairs (e.g. " + texts.keySet().iterator().next() + " vs " + ids.getFirst()
                        + "): were the scores made from this file?");
            }
            int notScored = 0;
            for (String id : texts.keySet()) {
                if (!inScores.contains(id)) {
                    notScored++;
                }
            }
            if (notScored > 0) {
                notes.add(notScored + " pairs of " + o.data() + " have no scores (or are outside the common ids) and"
                        + " are not part of the analysis");
            }
        }

        // features: files first, then built-ins
        FeatureTable table = o.features().isEmpty() ? null : FeatureTable.read(o.features(), config);
        String[] labeler = null;
        if (table != null) {
            notes.addAll(table.notes());
            Set<String> inScores = new LinkedHashSet<>(ids);
            if (!table.values().isEmpty() && table.values().keySet().stream().noneMatch(inScores::contains)) {
                throw new IllegalArgumentException("none of the " + table.values().size() + " pair ids of the feature"
                        + " files is a scored pair id (e.g. " + table.values().keySet().iterator().next() + " vs "
                        + ids.getFirst() + "): the feature table must use the ids of the scores file");
            }
            for (String id : table.values().keySet()) {
                if (!inScores.contains(id) && (perturbed == null || !perturbed.byId().containsKey(id))) {
                    problems.add(FEATURES_NOT_SCORED, "pairs in the feature files have no scores: not used", id, "");
                }
            }
            if (!table.labeler().isEmpty()) {
                labeler = new String[n];
                for (int i = 0; i < n; i++) {
                    labeler[i] = table.labeler().get(ids.get(i));
                }
            }
        }
        FeatureSource source = new FeatureSource(table, o.data() != null && config.builtin()
                ? builtinFeatures(config, star, notes, table) : List.of());
        if (o.data() == null) {
            notes.add("no --data: built-in features, texts and ambiguity checks on texts are not available");
        }
        int k = source.features().size();
        double[][] fcArr = new double[k][n];
        double[][] frArr = new double[k][n];
        boolean sharedZero = false;
        for (int i = 0; i < n; i++) {
            String id = ids.get(i);
            if (table != null && !table.values().containsKey(id)) {
                problems.add(MISSING_FEATURES, "scored pairs have no row in the feature files", id, "");
            }
            ScoreFile.Row row = tokenRows[i];
            sharedZero |= row.sharedTokens() == 0;
            double[][] v = source.vector(id, textArr == null ? null : textArr[i], row);
            for (int j = 0; j < k; j++) {
                fcArr[j][i] = v[0][j];
                frArr[j][i] = v[1][j];
            }
        }
        int onlyBaseline = problems.count(MISSING_IN_SCORES);
        if (source.usesTokens() && onlyBaseline > 0) {
            notes.add("token-count features of the " + onlyBaseline + " pairs only the baseline has come from the"
                    + " baseline's token counts (RM*'s for every other pair)");
        }
        if (sharedZero && source.features().stream().anyMatch(f -> f.name().equals("length_tokens"))) {
            notes.add("length_tokens: some pairs were scored without a shared prefix (shared_tokens 0), so their"
                    + " token length includes the prompt; differences within a pair are still response lengths");
        }
        List<Feature> features = source.features();
        double[][] fc = fcArr;
        double[][] fr = frArr;
        PairData pairs = new PairData(ids, cs, rs, c0, r0, hasStar, hasBase, features, fc, fr, labeler, flags,
                textArr);
        return new Loaded(pairs, star, base, perturbed, notes, texts, source);
    }

    /** Reads a dataset into id → pair; rows that do not parse are problems of {@code kindPrefix + data_row_error}. */
    static Map<String, PreferencePair> readData(Path data, Problems problems, String kindPrefix) throws IOException {
        Map<String, PreferencePair> texts = new LinkedHashMap<>();
        try (PairReader reader = Datasets.open(data, Format.AUTO)) {
            for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                switch (row) {
                    case PairReader.Row.Ok(PreferencePair p) -> texts.put(p.id(), p);
                    case PairReader.Row.Bad(RowError e) -> problems.add(kindPrefix + DATA_ROW_ERROR,
                            "rows of " + data.getFileName() + " could not be read (as in seal score's errors file)",
                            e.id() != null ? e.id() : "row " + e.row(), e.reason() + ": " + e.detail());
                }
            }
        }
        return texts;
    }

    /** The built-in features to compute, with their roles from the config. */
    private static List<Map.Entry<BuiltinFeatures.Def, Feature>> builtinFeatures(AnalysisConfig config, ScoreFile star,
                                                                             List<String> notes,
                                                                             FeatureTable table) {
        List<Map.Entry<BuiltinFeatures.Def, Feature>> out = new ArrayList<>();
        for (BuiltinFeatures.Def d : BuiltinFeatures.DEFINITIONS) {
            if (table != null && table.features().stream().anyMatch(f -> f.name().equals(d.name()))) {
                notes.add("built-in " + d.name() + " not computed: a feature file has a column of that name");
                continue;
            }
            if (d.needsTokens() && !star.hasTokens()) {
                notes.add("built-in " + d.name() + " needs token counts, which " + star.path() + " does not have");
                continue;
            }
            AnalysisConfig.Spec spec = config.spec(d.name());
            Feature.Role role = spec != null ? spec.role() : d.role();
            if (d.name().equals("length_chars") && !star.hasTokens() && !config.explicit().contains("length_chars")) {
                role = Feature.Role.SPOILER; // the length spoiler when token counts are not there
            }
            if (role == Feature.Role.IGNORE) {
                continue;
            }
            out.add(Map.entry(d, new Feature(d.name(), role, spec != null ? spec.sign() : d.sign(), d.kind(),
                    "built-in", d.description())));
        }
        return out;
    }

    static String examples(List<String> ids) {
        return Tables.examples(ids, 5);
    }
}
