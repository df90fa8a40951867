package dev.seal.analyze.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scores file written by {@code seal score} (see {@code dev.seal.score.ScoreColumns}), read back for analysis:
 * id, the chosen and rejected reward of one label, and, when present, token counts, row number and flags.
 *
 * <p>Rewards are 32-bit floats in seal's scores format, and are read as floats from every format (a CSV or JSONL cell
 * holds the float's shortest decimal form), so a CSV, a JSONL and a Parquet copy of the same scores give the same
 * analysis to the last bit. A missing reward (JSON null, empty CSV cell) and "NaN" are both NaN: such pairs are kept
 * and counted by the analysis, never dropped here. Bad input throws with a message that names the file, the
 * problem and how many ids it affects: a missing column, an empty or repeated id, a reward that is not a number.
 */
public final class ScoreFile {
    /** One pair's scores. Token counts are -1 when the file has no token columns. */
    public record Row(String id, long row, double chosen, double rejected, int chosenTokens, int rejectedTokens,
                      int sharedTokens, List<String> flags) {}

    private final Path path;
    private final String label;
    private final List<Row> rows;
    private final Map<String, Row> byId;
    private final boolean hasTokens;

    private ScoreFile(Path path, String label, List<Row> rows, boolean hasTokens) {
        this.path = path;
        this.label = label;
        this.rows = Collections.unmodifiableList(rows);
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.id(), r);
        }
        this.byId = Collections.unmodifiableMap(m);
        this.hasTokens = hasTokens;
    }

    public Path path() {
        return path;
    }

    /** The reward label read (null: the primary reward, chosen_reward/rejected_reward). */
    public String label() {
        return label;
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<String, Row> byId() {
        return byId;
    }

    public boolean hasTokens() {
        return hasTokens;
    }

    /**
     * Reads a scores file (.parquet, .csv, .jsonl, optionally .gz for the text formats).
     *
     * @param label null for the primary reward; else the model label whose {@code chosen_<label>} and
     *              {@code rejected_<label>} columns to read (the label is matched as seal names the columns:
     *              lower case, runs of other characters as '_')
     */
    public static ScoreFile read(Path path, String label) throws IOException {
        Tables.Table t = Tables.read(path);
        String cc = label == null ? "chosen_reward" : "chosen_" + sanitize(label);
        String rc = label == null ? "rejected_reward" : "rejected_" + sanitize(label);
        List<String> missing = new ArrayList<>();
        for (String c : List.of("id", cc, rc)) {
            if (!t.columns().contains(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            String hint = label != null ? " (--label " + label + ")" : "";
            throw new IllegalArgumentException(path + ": not a seal scores file: no column " + String.join(", ", missing)
                    + hint + "; it has " + String.join(", ", t.columns()));
        }
        int iId = t.column("id");
        int iC = t.column(cc);
        int iR = t.column(rc);
        int iRow = t.column("row");
        int iCt = t.column("chosen_tokens");
        int iRt = t.column("rejected_tokens");
        int iSt = t.column("shared_tokens");
        int iFlags = t.column("flags");
        boolean tokens = iCt >= 0 && iRt >= 0;
        List<Row> rows = new ArrayList<>(t.rows().size());
        Map<String, Long> seen = new LinkedHashMap<>();
        List<String> emptyIds = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> badRewards = new ArrayList<>();
        long n = 0;
        for (Object[] r : t.rows()) {
            n++;
            String id = r[iId] == null ? "" : r[iId].toString();
            if (id.isBlank()) {
                emptyIds.add("row " + n);
                continue;
            }
            if (seen.putIfAbsent(id, n) != null) {
                duplicates.add(id);
                continue;
            }
            double c;
            double rj;
            try {
                c = (float) number(r[iC]);
                rj = (float) number(r[iR]);
            } catch (NumberFormatException e) {
                badRewards.add(id);
                continue;
            }
            long row = iRow >= 0 && r[iRow] != null ? (long) number(r[iRow]) : n;
            int ct = tokens ? intOr(r[iCt]) : -1;
            int rt = tokens ? intOr(r[iRt]) : -1;
            int st = iSt >= 0 ? intOr(r[iSt]) : 0;
            List<String> flags = iFlags >= 0 && r[iFlags] != null && !r[iFlags].toString().isEmpty()
                    ? List.of(r[iFlags].toString().split(";")) : List.of();
            rows.add(new Row(id, row, c, rj, ct, rt, st, flags));
        }
        List<String> errors = new ArrayList<>();
        if (!emptyIds.isEmpty()) {
            errors.add(emptyIds.size() + " rows without an id (" + Tables.examples(emptyIds, 5) + ")");
        }
        if (!duplicates.isEmpty()) {
            errors.add(duplicates.size() + " repeated ids (" + Tables.examples(duplicates, 5)
                    + "): pairs are joined by id, so ids must be unique");
        }
        if (!badRewards.isEmpty()) {
            errors.add(badRewards.size() + " pairs whose " + cc + "/" + rc + " is not a number ("
                    + Tables.examples(badRewards, 5) + ")");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(path + ": " + String.join("; ", errors));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(path + ": no scored pairs in the file");
        }
        return new ScoreFile(path, label, rows, tokens);
    }

    /** A cell as a double: numbers as they are, text parsed ("NaN", "Infinity" too), null and "" as NaN. */
    static double number(Object v) {
        return switch (v) {
            case null -> Double.NaN;
            case Number num -> num.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case String s when s.isBlank() -> Double.NaN;
            case String s -> Double.parseDouble(s.strip());
            default -> throw new NumberFormatException("not a number: " + v);
        };
    }

    private static int intOr(Object v) {
        double d = number(v);
        return Double.isNaN(d) ? -1 : (int) d;
    }

    /** seal's column-name form of a label (dev.seal.score.ScoreColumns.sanitize). */
    static String sanitize(String label) {
        StringBuilder sb = new StringBuilder();
        boolean pending = false;
        for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pending && !sb.isEmpty()) {
                    sb.append('_');
                }
                pending = false;
                sb.append(c);
            } else {
                pending = true;
            }
        }
        return sb.toString();
    }
}
