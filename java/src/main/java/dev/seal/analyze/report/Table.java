package dev.seal.analyze.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A result table: typed columns and rows of values (String, Number, Boolean or null). The one shape every output
 * format is written from, so CSV, JSON and Parquet always agree.
 */
public final class Table {
    /** Column types, named as DuckDB/Parquet logical types. */
    public enum Type { VARCHAR, BIGINT, DOUBLE, BOOLEAN }

    public record Column(String name, Type type, String description) {}

    private final String name;
    private final String description;
    private final List<Column> columns = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    public Table(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public Table text(String col, String desc) {
        columns.add(new Column(col, Type.VARCHAR, desc));
        return this;
    }

    public Table integer(String col, String desc) {
        columns.add(new Column(col, Type.BIGINT, desc));
        return this;
    }

    public Table real(String col, String desc) {
        columns.add(new Column(col, Type.DOUBLE, desc));
        return this;
    }

    public Table bool(String col, String desc) {
        columns.add(new Column(col, Type.BOOLEAN, desc));
        return this;
    }

    /** Appends a row; values in column order. */
    public Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(name + ": row has " + values.length + " values for " + columns.size()
                    + " columns: " + Arrays.toString(values));
        }
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            boolean ok = switch (columns.get(i).type()) {
                case VARCHAR -> v == null || v instanceof String;
                case BIGINT -> v == null || v instanceof Integer || v instanceof Long;
                case DOUBLE -> v == null || v instanceof Double || v instanceof Float || v instanceof Integer;
                case BOOLEAN -> v == null || v instanceof Boolean;
            };
            if (!ok) {
                throw new IllegalArgumentException(name + "." + columns.get(i).name() + ": " + v + " is not "
                        + columns.get(i).type());
            }
        }
        rows.add(values.clone());
        return this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<Column> columns() {
        return List.copyOf(columns);
    }

    public List<Object[]> rows() {
        return rows;
    }

    public int column(String col) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(col)) {
                return i;
            }
        }
        return -1;
    }
}
