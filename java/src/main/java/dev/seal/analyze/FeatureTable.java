package dev.seal.analyze;

import dev.seal.analyze.input.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Features per text (pair id × side × feature), read from a CSV, JSON Lines or Parquet file and coded as numbers.
 *
 * <p>Two layouts are accepted:
 * <ul>
 *   <li><b>one row per text</b>: a pair id column ({@code id}, {@code pair_id} or {@code row_id}), a side column
 *       ({@code side}, or {@code preference} as in the SEAL notebooks) holding "chosen"/"rejected", and one column per
 *       feature;</li>
 *   <li><b>one row per pair</b>: a pair id column and {@code chosen_<feature>} / {@code rejected_<feature>} column
 *       pairs; any other column is a pair-level feature that applies to both sides.</li>
 * </ul>
 * A pair-level column {@code labeler_preference} gives an LM labeler's verdict on the pair ("chosen", "rejected" or
 * "indifferent"/"tie"/"neither"/"both"/"equal"/"none", or 1/−1/0), which the analysis compares with the human label.
 *
 * <p>Values are coded column by column: booleans (true/false, yes/no, 0/1) as 0/1; sentiment
 * (negative/neutral/positive) as −1/0/1; numbers as they are; lists (or list-looking text such as "['a', 'b']") as
 * one 0/1 indicator per value, named {@code column=value}; other text with at most 30 distinct values as one
 * indicator per value. Nulls are missing values (NaN), which the analysis counts and never fills in. Every column
 * must be declared in the config (or covered by "undeclared"); free text must be declared "ignore".
 */
public final class FeatureTable {
    /** The labeler's verdict relative to the human label. */
    public static final String AGREES = "agrees";
    public static final String INDIFFERENT = "indifferent";
    public static final String DISAGREES = "disagrees";

    static final List<String> ID_COLUMNS = List.of("id", "pair_id", "row_id");
    static final List<String> SIDE_COLUMNS = List.of("side", "preference");
    public static final String LABELER = "labeler_preference";
    private static final int MAX_LEVELS = 30;

    private final List<Feature> features;
    private final Map<String, double[][]> values; // id -> [side][feature]
    private final Map<String, String> labeler;
    private final List<String> notes;

    FeatureTable(List<Feature> features, Map<String, double[][]> values, Map<String, String> labeler,
                 List<String> notes) {
        this.features = List.copyOf(features);
        this.values = values;
        this.labeler = labeler;
        this.notes = notes;
    }

    public List<Feature> features() {
        return features;
    }

    /** id → [0 = chosen, 1 = rejected][feature index]; NaN where missing. */
    public Map<String, double[][]> values() {
        return Collections.unmodifiableMap(values);
    }

    /** id → {@link #AGREES} / {@link #INDIFFERENT} / {@link #DISAGREES}, for ids with a labeler verdict. */
    public Map<String, String> labeler() {
        return Collections.unmodifiableMap(labeler);
    }

    /** What the reader decided that a person should know (expanded columns, reference levels). */
    public List<String> notes() {
        return notes;
    }

    /** Reads and merges several feature files; a feature name in two of them is an error. */
    public static FeatureTable read(List<Path> files, AnalysisConfig config) throws IOException {
        List<Feature> features = new ArrayList<>();
        Map<String, double[][]> values = new LinkedHashMap<>();
        Map<String, String> labeler = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Path p : files) {
            FeatureTable t = readOne(p, config);
            for (Feature f : t.features) {
                for (Feature g : features) {
                    if (g.name().equals(f.name())) {
                        throw new IllegalArgumentException("feature " + f.name() + " is in both " + g.source()
                                + " and " + f.source() + ": keep it in one file");
                    }
                }
            }
            int offset = features.size();
            int k = offset + t.features.size();
            features.addAll(t.features);
            for (Map.Entry<String, double[][]> e : values.entrySet()) {
                e.setValue(widen(e.getValue(), k));
            }
            for (Map.Entry<String, double[][]> e : t.values.entrySet()) {
                double[][] v = values.computeIfAbsent(e.getKey(), id -> widen(new double[2][0], k));
                for (int s = 0; s < 2; s++) {
                    System.arraycopy(e.getValue()[s], 0, v[s], offset, t.features.size());
                }
            }
            for (Map.Entry<String, String> e : t.labeler.entrySet()) {
                String old = labeler.putIfAbsent(e.getKey(), e.getValue());
                if (old != null && !old.equals(e.getValue())) {
                    throw new IllegalArgumentException("pair " + e.getKey() + " has labeler verdicts " + old + " and "
                            + e.getValue() + " in different feature files");
                }
            }
            notes.addAll(t.notes);
        }
        return new FeatureTable(features, values, labeler, notes);
    }

    private static double[][] widen(double[][] v, int k) {
        if (v[0].length == k) {
            return v;
        }
        double[][] w = new double[2][k];
        for (int s = 0; s < 2; s++) {
            java.util.Arrays.fill(w[s], Double.NaN);
            System.arraycopy(v[s], 0, w[s], 0, v[s].length);
        }
        return w;
    }

    static FeatureTable readOne(Path path, AnalysisConfig config) throws IOException {
        Tables.Table t = Tables.read(path);
        String idCol = t.first(ID_COLUMNS);
        if (idCol == null) {
            throw new IllegalArgumentException(path + ": feature file has no pair id column (one of "
                    + String.join(", ", ID_COLUMNS) + "); it has " + String.join(", ", t.columns()));
        }
        String sideCol = sideColumn(t);
        // column name -> id -> [chosen value, rejected value]
        Map<String, Map<String, Object[]>> raw = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        if (sideCol != null) {
            perText(t, idCol, sideCol, raw, errors);
        } else {
            perPair(t, idCol, raw, errors);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(path + ": " + String.join("; ", errors));
        }
        Map<String, String> labeler = new LinkedHashMap<>();
        Map<String, Object[]> lab = raw.remove(LABELER);
        if (lab != null) {
            labeler(path, lab, labeler);
        }
        // declared roles; undeclared columns are an error unless the config says what they are
        List<String> undeclared = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        raw.values().forEach(m -> ids.addAll(m.keySet()));
        ids.addAll(labeler.keySet());
        List<Feature> features = new ArrayList<>();
        List<Map<String, double[]>> coded = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object[]>> col : raw.entrySet()) {
            String name = col.getKey();
            if (ID_COLUMNS.contains(name) || SIDE_COLUMNS.contains(name)) {
                notes.add(path.getFileName() + ": column " + name + " is an id/side column, never a feature");
                continue;
            }
            AnalysisConfig.Spec spec = config.spec(name);
            Feature.Role role;
            if (spec != null) {
                role = spec.role();
            } else if (config.undeclared() != null) {
                role = config.undeclared();
                notes.add(path.getFileName() + ": undeclared column " + name + " taken as " + role.label());
            } else {
                undeclared.add(name);
                continue;
            }
            if (role == Feature.Role.IGNORE) {
                continue;
            }
            code(path, name, role, spec, col.getValue(), config, features, coded, notes, errors);
        }
        if (!undeclared.isEmpty()) {
            errors.add(0, "unknown feature column" + (undeclared.size() > 1 ? "s " : " ") + String.join(", ", undeclared)
                    + ": declare each as target, spoiler, context or ignore in the config (\"features\": {\"name\":"
                    + " \"spoiler\"}), or set \"undeclared\"");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(path + ": " + String.join("; ", errors));
        }
        Map<String, double[][]> values = new LinkedHashMap<>();
        int k = features.size();
        for (String id : ids) {
            double[][] v = new double[2][k];
            for (int j = 0; j < k; j++) {
                double[] cr = coded.get(j).get(id);
                v[0][j] = cr == null ? Double.NaN : cr[0];
                v[1][j] = cr == null ? Double.NaN : cr[1];
            }
            values.put(id, v);
        }
        return new FeatureTable(features, values, labeler, notes);
    }

    /** The side column: "side", or "preference" when every value is chosen/rejected. */
    private static String sideColumn(Tables.Table t) {
        for (String c : SIDE_COLUMNS) {
            int i = t.column(c);
            if (i < 0) {
                continue;
            }
            boolean sides = true;
            for (Object[] r : t.rows()) {
                if (side(r[i]) < 0) {
                    sides = false;
                    break;
                }
            }
            if (sides || c.equals("side")) {
                return c;
            }
        }
        return null;
    }

    private static int side(Object v) {
        if (v == null) {
            return -1;
        }
        return switch (v.toString().strip().toLowerCase(Locale.ROOT)) {
            case "chosen" -> 0;
            case "rejected" -> 1;
            default -> -1;
        };
    }

    private static void perText(Tables.Table t, String idCol, String sideCol, Map<String, Map<String, Object[]>> raw,
                                List<String> errors) {
        int iId = t.column(idCol);
        int iSide = t.column(sideCol);
        List<String> badSide = new ArrayList<>();
        List<String> dup = new ArrayList<>();
        List<String> noId = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String c : t.columns()) {
            if (!c.equals(idCol) && !c.equals(sideCol)) {
                raw.put(c, new LinkedHashMap<>());
            }
        }
        long rowNo = 0;
        for (Object[] r : t.rows()) {
            rowNo++;
            String id = r[iId] == null ? "" : r[iId].toString();
            if (id.isBlank()) {
                noId.add("row " + rowNo);
                continue;
            }
            int s = side(r[iSide]);
            if (s < 0) {
                badSide.add(id + " (" + r[iSide] + ")");
                continue;
            }
            if (!seen.add(id + "\u0000" + s)) {
                dup.add(id + "/" + (s == 0 ? "chosen" : "rejected"));
                continue;
            }
            for (int c = 0; c < t.columns().size(); c++) {
                String name = t.columns().get(c);
                Map<String, Object[]> m = raw.get(name);
                if (m != null) {
                    m.computeIfAbsent(id, k -> new Object[] {MISSING, MISSING})[s] = r[c];
                }
            }
        }
        if (!noId.isEmpty()) {
            errors.add(noId.size() + " rows without a pair id (" + Tables.examples(noId, 5) + ")");
        }
        if (!badSide.isEmpty()) {
            errors.add(badSide.size() + " rows whose " + sideCol + " is not chosen or rejected ("
                    + Tables.examples(badSide, 5) + ")");
        }
        if (!dup.isEmpty()) {
            errors.add(dup.size() + " repeated id/side rows (" + Tables.examples(dup, 5) + ")");
        }
        // a pair-level column repeated on both rows must agree
        Map<String, Object[]> lab = raw.get(LABELER);
        if (lab != null) {
            List<String> clash = new ArrayList<>();
            for (Map.Entry<String, Object[]> e : lab.entrySet()) {
                Object a = e.getValue()[0];
                Object b = e.getValue()[1];
                if (a != MISSING && b != MISSING && a != null && b != null && !a.toString().equals(b.toString())) {
                    clash.add(e.getKey());
                }
            }
            if (!clash.isEmpty()) {
                errors.add(clash.size() + " pairs whose two rows give different " + LABELER + " ("
                        + Tables.examples(clash, 5) + ")");
            }
        }
    }

    /** Marks a side with no row at all (as opposed to a row with a null cell). */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no row>";
        }
    };

    private static void perPair(Tables.Table t, String idCol, Map<String, Map<String, Object[]>> raw,
                                List<String> errors) {
        int iId = t.column(idCol);
        Map<String, int[]> sides = new LinkedHashMap<>(); // feature -> [chosen col, rejected col]
        List<Integer> pairLevel = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            if (name.equals(idCol)) {
                continue;
            }
            if (name.startsWith("chosen_")) {
                sides.computeIfAbsent(name.substring(7), k -> new int[] {-1, -1})[0] = c;
            } else if (name.startsWith("rejected_")) {
                sides.computeIfAbsent(name.substring(9), k -> new int[] {-1, -1})[1] = c;
            } else {
                pairLevel.add(c);
            }
        }
        for (Map.Entry<String, int[]> e : sides.entrySet()) {
            if (e.getValue()[0] < 0 || e.getValue()[1] < 0) {
                errors.add("column " + (e.getValue()[0] < 0 ? "rejected_" : "chosen_") + e.getKey() + " has no "
                        + (e.getValue()[0] < 0 ? "chosen_" : "rejected_") + e.getKey() + " to go with it");
            }
            raw.put(e.getKey(), new LinkedHashMap<>());
        }
        for (int c : pairLevel) {
            raw.put(t.columns().get(c), new LinkedHashMap<>());
        }
        Set<String> seen = new TreeSet<>();
        List<String> dup = new ArrayList<>();
        List<String> noId = new ArrayList<>();
        long rowNo = 0;
        for (Object[] r : t.rows()) {
            rowNo++;
            String id = r[iId] == null ? "" : r[iId].toString();
            if (id.isBlank()) {
                noId.add("row " + rowNo);
                continue;
            }
            if (!seen.add(id)) {
                dup.add(id);
                continue;
            }
            for (Map.Entry<String, int[]> e : sides.entrySet()) {
                int[] cs = e.getValue();
                raw.get(e.getKey()).put(id, new Object[] {cs[0] < 0 ? null : r[cs[0]], cs[1] < 0 ? null : r[cs[1]]});
            }
            for (int c : pairLevel) {
                raw.get(t.columns().get(c)).put(id, new Object[] {r[c], r[c]});
            }
        }
        if (!noId.isEmpty()) {
            errors.add(noId.size() + " rows without a pair id (" + Tables.examples(noId, 5) + ")");
        }
        if (!dup.isEmpty()) {
            errors.add(dup.size() + " repeated pair ids (" + Tables.examples(dup, 5) + ")");
        }
    }

    private static void labeler(Path path, Map<String, Object[]> lab, Map<String, String> out) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : lab.entrySet()) {
            Object v = e.getValue()[0] == MISSING || e.getValue()[0] == null ? e.getValue()[1] : e.getValue()[0];
            if (v == null || v == MISSING) {
                continue;
            }
            String s = v.toString().strip().toLowerCase(Locale.ROOT);
            String verdict = switch (s) {
                case "chosen", "1", "1.0", "agree", "agrees" -> AGREES;
                case "rejected", "-1", "-1.0", "disagree", "disagrees" -> DISAGREES;
                case "indifferent", "tie", "neither", "both", "equal", "none", "0", "0.0" -> INDIFFERENT;
                default -> null;
            };
            if (verdict == null) {
                bad.add(e.getKey() + " (" + v + ")");
            } else {
                out.put(e.getKey(), verdict);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(path + ": " + bad.size() + " pairs with a " + LABELER + " that is not"
                    + " chosen, rejected or indifferent (" + Tables.examples(bad, 5) + ")");
        }
    }

    // ---- coding

    private enum Coding { BINARY, SENTIMENT, NUMERIC, LIST, CATEGORICAL, FREE_TEXT }

    private static void code(Path path, String name, Feature.Role role, AnalysisConfig.Spec spec,
                             Map<String, Object[]> cells, AnalysisConfig config, List<Feature> features,
                             List<Map<String, double[]>> coded, List<String> notes, List<String> errors) {
        List<Object> all = new ArrayList<>();
        for (Object[] cr : cells.values()) {
            for (Object v : cr) {
                if (v != null && v != MISSING) {
                    all.add(v);
                }
            }
        }
        Coding c = coding(all);
        String source = path.toString();
        int sign = spec == null ? 0 : spec.sign();
        String desc = spec == null || spec.description().isEmpty() ? "" : spec.description();
        switch (c) {
            case BINARY, SENTIMENT, NUMERIC -> {
                Map<String, double[]> m = new HashMap<>();
                List<String> bad = new ArrayList<>();
                for (Map.Entry<String, Object[]> e : cells.entrySet()) {
                    double[] v = new double[2];
                    for (int s = 0; s < 2; s++) {
                        Object x = e.getValue()[s];
                        v[s] = x == null || x == MISSING ? Double.NaN : scalar(x, c);
                        if (x != null && x != MISSING && Double.isNaN(v[s])) {
                            bad.add(e.getKey());
                        }
                    }
                    m.put(e.getKey(), v);
                }
                if (!bad.isEmpty()) {
                    errors.add("feature " + name + ": " + bad.size() + " values that are not numbers ("
                            + Tables.examples(bad, 5) + ")");
                }
                Feature.Kind kind = switch (c) {
                    case BINARY -> Feature.Kind.BINARY;
                    case SENTIMENT -> Feature.Kind.TERNARY;
                    default -> ternary(all) ? Feature.Kind.TERNARY : Feature.Kind.NUMERIC;
                };
                if (c == Coding.SENTIMENT && desc.isEmpty()) {
                    desc = "negative −1, neutral 0, positive +1";
                }
                features.add(new Feature(name, role, sign, kind, source, desc));
                coded.add(m);
            }
            case LIST, CATEGORICAL -> {
                TreeMap<String, Integer> counts = new TreeMap<>();
                Map<String, List<List<String>>> parsed = new HashMap<>();
                for (Map.Entry<String, Object[]> e : cells.entrySet()) {
                    List<List<String>> lv = new ArrayList<>(2);
                    for (int s = 0; s < 2; s++) {
                        Object x = e.getValue()[s];
                        lv.add(x == null || x == MISSING ? null
                                : c == Coding.LIST ? list(x) : List.of(x.toString().strip()));
                        if (lv.get(s) != null) {
                            for (String v : lv.get(s)) {
                                counts.merge(v, 1, Integer::sum);
                            }
                        }
                    }
                    parsed.put(e.getKey(), lv);
                }
                if (counts.size() > MAX_LEVELS && role.regressed()) {
                    errors.add("feature " + name + " has " + counts.size() + " distinct values, too many to regress"
                            + " on as indicators: declare it context or ignore");
                    return;
                }
                String reference = null;
                if (c == Coding.CATEGORICAL && role.regressed()) {
                    // one level is the baseline, or the indicators would sum to the intercept
                    reference = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    notes.add("feature " + name + ": indicator per value, reference level \"" + reference + "\"");
                } else {
                    notes.add("feature " + name + ": one indicator per value (" + counts.size() + ")");
                }
                for (String level : counts.keySet()) {
                    if (level.equals(reference)) {
                        continue;
                    }
                    Map<String, double[]> m = new HashMap<>();
                    for (Map.Entry<String, List<List<String>>> e : parsed.entrySet()) {
                        double[] v = new double[2];
                        for (int s = 0; s < 2; s++) {
                            List<String> l = e.getValue().get(s);
                            v[s] = l == null ? Double.NaN : l.contains(level) ? 1 : 0;
                        }
                        m.put(e.getKey(), v);
                    }
                    String n = name + "=" + level;
                    AnalysisConfig.Spec own = config.features().get(n);
                    Feature.Role r = own != null ? own.role() : role;
                    if (r == Feature.Role.IGNORE) {
                        continue;
                    }
                    features.add(new Feature(n, r, own != null ? own.sign() : 0, Feature.Kind.BINARY, source,
                            name + " is " + level));
                    coded.add(m);
                }
            }
            case FREE_TEXT -> errors.add("feature " + name + " holds free text (" + distinct(all) + " distinct values,"
                    + " e.g. \"" + abbreviate(all.getFirst().toString()) + "\"): declare it \"ignore\" in the config");
        }
    }

    private static Coding coding(List<Object> values) {
        if (values.isEmpty()) {
            return Coding.NUMERIC; // all missing: counted as missing later
        }
        boolean bin = true;
        boolean sent = true;
        boolean num = true;
        boolean list = false;
        for (Object v : values) {
            if (v instanceof List<?>) {
                list = true;
                bin = sent = num = false;
                continue;
            }
            String s = v.toString().strip().toLowerCase(Locale.ROOT);
            if (v instanceof String && looksLikeList(s)) {
                list = true;
            }
            bin &= v instanceof Boolean || s.equals("true") || s.equals("false") || s.equals("yes") || s.equals("no")
                    || isNumber(s) && (Double.parseDouble(s) == 0 || Double.parseDouble(s) == 1);
            sent &= s.equals("negative") || s.equals("neutral") || s.equals("positive");
            num &= v instanceof Number || isNumber(s);
        }
        if (bin) {
            return Coding.BINARY;
        }
        if (sent) {
            return Coding.SENTIMENT;
        }
        if (num) {
            return Coding.NUMERIC;
        }
        if (list) {
            return Coding.LIST;
        }
        return distinct(values) <= MAX_LEVELS ? Coding.CATEGORICAL : Coding.FREE_TEXT;
    }

    private static boolean ternary(List<Object> values) {
        for (Object v : values) {
            double d = Double.parseDouble(v.toString().strip());
            if (d != -1 && d != 0 && d != 1) {
                return false;
            }
        }
        return true;
    }

    private static long distinct(List<Object> values) {
        return values.stream().map(Object::toString).distinct().count();
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double scalar(Object v, Coding c) {
        String s = v.toString().strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case BINARY -> switch (s) {
                case "true", "yes" -> 1;
                case "false", "no" -> 0;
                default -> Double.parseDouble(s);
            };
            case SENTIMENT -> switch (s) {
                case "negative" -> -1;
                case "neutral" -> 0;
                default -> 1;
            };
            default -> v instanceof Number n ? n.doubleValue() : isNumber(s) ? Double.parseDouble(s) : Double.NaN;
        };
    }

    private static boolean looksLikeList(String s) {
        return s.startsWith("[") && s.endsWith("]");
    }

    /** A list value: a real list, or text written as a Python/JSON list ("['a', 'b']", "[\"a\"]"), or one value. */
    static List<String> list(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().filter(java.util.Objects::nonNull).map(o -> o.toString().strip()).toList();
        }
        String s = v.toString().strip();
        if (!looksLikeList(s)) {
            return List.of(s);
        }
        String inner = s.substring(1, s.length() - 1).strip();
        List<String> out = new ArrayList<>();
        if (inner.isEmpty()) {
            return out;
        }
        // quoted items separated by commas; quotes may be ' or "
        int i = 0;
        while (i < inner.length()) {
            char q = inner.charAt(i);
            if (q == '\'' || q == '"') {
                int j = inner.indexOf(q, i + 1);
                if (j < 0) {
                    j = inner.length();
                }
                out.add(inner.substring(i + 1, j).strip());
                i = inner.indexOf(',', j);
                i = i < 0 ? inner.length() : i + 1;
            } else {
                int j = inner.indexOf(',', i);
                j = j < 0 ? inner.length() : j;
                String item = inner.substring(i, j).strip();
                if (!item.isEmpty()) {
                    out.add(item);
                }
                i = j + 1;
            }
            while (i < inner.length() && inner.charAt(i) == ' ') {
                i++;
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
