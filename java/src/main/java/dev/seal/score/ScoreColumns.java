package dev.seal.score;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The column layout of a scores file, shared by every format so CSV, JSONL and Parquet always agree.
 *
 * <p>Fixed columns: id, prompt_id (empty/null when the input has none), row, chosen_reward, rejected_reward, margin, agreement, chosen_tokens, rejected_tokens,
 * shared_tokens, flags. With more than one label, a {@code chosen_<label>}, {@code rejected_<label>} pair follows for
 * every label in order (label 0 included, so each label reads the same way); chosen_reward/rejected_reward repeat
 * label 0, the primary reward.
 */
public final class ScoreColumns {
    /** The column types, named as DuckDB/Parquet logical types. */
    public enum Type { VARCHAR, BIGINT, FLOAT, BOOLEAN, INTEGER }

    /** One column: its name in the file and its type. */
    public record Column(String name, Type type) {}

    private static final List<Column> FIXED = List.of(
            new Column("id", Type.VARCHAR),
            new Column("prompt_id", Type.VARCHAR),
            new Column("row", Type.BIGINT),
            new Column("chosen_reward", Type.FLOAT),
            new Column("rejected_reward", Type.FLOAT),
            new Column("margin", Type.FLOAT),
            new Column("agreement", Type.BOOLEAN),
            new Column("chosen_tokens", Type.INTEGER),
            new Column("rejected_tokens", Type.INTEGER),
            new Column("shared_tokens", Type.INTEGER),
            new Column("flags", Type.VARCHAR));

    private final List<String> labels;
    private final List<Column> columns;

    private ScoreColumns(List<String> labels, List<Column> columns) {
        this.labels = labels;
        this.columns = columns;
    }

    /**
     * The layout for a model with these output labels (at least one).
     *
     * @throws IllegalArgumentException when labels is empty
     */
    public static ScoreColumns of(List<String> labels) {
        List<String> copy = List.copyOf(labels);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a reward model has at least one label");
        }
        List<Column> cols = new ArrayList<>(FIXED);
        if (copy.size() > 1) {
            Set<String> taken = new HashSet<>();
            FIXED.forEach(c -> taken.add(c.name()));
            for (int i = 0; i < copy.size(); i++) {
                String base = sanitize(copy.get(i), i);
                // Two labels can sanitize alike ("Help-ful", "help ful"), and a label can collide with a fixed column
                // ("reward" -> chosen_reward): number the later one rather than silently overwrite a column.
                String suffix = base;
                for (int k = 2; taken.contains("chosen_" + suffix) || taken.contains("rejected_" + suffix); k++) {
                    suffix = base + "_" + k;
                }
                taken.add("chosen_" + suffix);
                taken.add("rejected_" + suffix);
                cols.add(new Column("chosen_" + suffix, Type.FLOAT));
                cols.add(new Column("rejected_" + suffix, Type.FLOAT));
            }
        }
        return new ScoreColumns(copy, List.copyOf(cols));
    }

    /**
     * A label as a column-name part: lower case (DuckDB and many SQL engines ignore case, so "Safety" and "safety"
     * must not be two columns), runs of anything but [a-z0-9] become one '_', no leading/trailing '_';
     * "label{index}" when nothing is left.
     */
    static String sanitize(String label, int index) {
        StringBuilder sb = new StringBuilder();
        boolean pendingUnderscore = false;
        for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingUnderscore && !sb.isEmpty()) {
                    sb.append('_');
                }
                pendingUnderscore = false;
                sb.append(c);
            } else {
                pendingUnderscore = true;
            }
        }
        return sb.isEmpty() ? "label" + index : sb.toString();
    }

    /** The model's labels as given. */
    public List<String> labels() {
        return labels;
    }

    /** All columns, in file order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column names, in file order. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Receives one row's values in column order, each through the method of its column's type.
     *
     * @param <E> what the sink throws (IOException for files, SQLException for DuckDB)
     */
    public interface CellSink<E extends Exception> {
        /** A text, or null for none (an empty CSV field, a JSON null, a Parquet null). */
        void string(String v) throws E;

        void int64(long v) throws E;

        void float32(float v) throws E;

        void bool(boolean v) throws E;

        void int32(int v) throws E;
    }

    /**
     * Feeds the record's values to the sink in column order: the one place that maps a record to cells, so the
     * formats cannot drift apart. The caller has checked that the record has this layout's label count.
     */
    public <E extends Exception> void emit(ScoreRecord r, CellSink<E> s) throws E {
        s.string(r.id());
        s.string(r.promptId());
        s.int64(r.row());
        s.float32(r.chosenReward());
        s.float32(r.rejectedReward());
        s.float32(r.margin());
        s.bool(r.agreement());
        s.int32(r.chosenTokens());
        s.int32(r.rejectedTokens());
        s.int32(r.sharedTokens());
        s.string(r.flagsJoined());
        if (labels.size() > 1) {
            for (int i = 0; i < labels.size(); i++) {
                s.float32(r.chosen(i));
                s.float32(r.rejected(i));
            }
        }
    }
}
