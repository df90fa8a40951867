package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBStruct;

/**
 * CSV and Parquet through embedded DuckDB, streamed row by row from a JDBC ResultSet (DuckDB keeps file order). Each
 * row becomes a JSON object so {@link TableRows} validates it exactly as it does a JSONL row; rows are numbered from 1,
 * not counting the CSV header.
 *
 * <p>CSV is read as RFC 4180 (comma, '"' quote and escape, a header row) with every column as text, so values such as
 * "007" or " yes " come through as written. CSV has no null: an empty cell, quoted ({@code ""}) or not, is an empty
 * text ({@code empty_text}, as an empty string is in JSONL and Parquet); only Parquet has nulls ({@code null_value}).
 * A CSV that DuckDB cannot parse (a row with the wrong number of
 * cells, bad quoting, invalid UTF-8) is a whole-input error: DuckDB cannot resume after it, and a quoting error can
 * shift every later row. The file is therefore checked in full when it is opened, so that such an error comes before
 * scoring starts rather than hours into it.
 */
final class TableReader implements PairReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // delimiter, quote and escape fixed: DuckDB's sniffer otherwise guesses a dialect (even one column) from bad rows;
    // comment='' and skip=0 stop it from dropping rows it takes for comments or a preamble
    private static final String CSV = "read_csv(?, header=true, all_varchar=true, allow_quoted_nulls=false,"
            + " delim=',', quote='\"', escape='\"', comment='', skip=0, encoding='utf-8', max_line_size=33554432)";
    private static final String PARQUET = "read_parquet(?)";
    private static final int MAX_MESSAGE = 400;

    private final String source;
    private final Connection db;
    private final PreparedStatement query;
    private final ResultSet rs;
    private final List<String> columns;
    private final RowMapper rows;
    /** Whether a NULL from DuckDB stands for an empty cell (CSV) rather than a real null (Parquet). */
    private final boolean nullIsEmpty;
    private long row;

    private TableReader(String source, Connection db, PreparedStatement query, List<String> columns,
                        boolean nullIsEmpty) throws SQLException {
        this.source = source;
        this.db = db;
        this.query = query;
        this.columns = columns;
        this.rs = query.executeQuery();
        this.rows = new TableRows(source);
        this.nullIsEmpty = nullIsEmpty;
    }

    static PairReader csv(Path path) throws IOException {
        return open(path, CSV, "CSV");
    }

    static PairReader parquet(Path path) throws IOException {
        return open(path, PARQUET, "Parquet");
    }

    private static PairReader open(Path path, String table, String kind) throws IOException {
        String file = path.toString();
        Connection db = null;
        try {
            Properties props = new Properties();
            props.setProperty("jdbc_stream_results", "true"); // without it the JDBC driver materializes the result
            db = DriverManager.getConnection("jdbc:duckdb:", props);
            Map<String, String> schema = schema(db, table, file);
            List<String> columns = needed(schema, path, kind);
            if (table.equals(CSV)) {
                validate(db, table, file);
            }
            String select = columns.stream().map(TableReader::quoteIdent).collect(Collectors.joining(", "));
            PreparedStatement query = db.prepareStatement("SELECT " + select + " FROM " + table);
            query.setString(1, file);
            return new TableReader(file, db, query, columns, table.equals(CSV));
        } catch (SQLException e) {
            closeQuietly(db);
            String expected = table.equals(CSV)
                    ? " (expected RFC 4180: UTF-8, comma-separated, '\"' quotes, a header row)"
                    : "";
            throw new IOException(file + ": cannot read as " + kind + expected + ": " + brief(e), e);
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /** Column name to DuckDB type, in file order. */
    private static Map<String, String> schema(Connection db, String table, String file) throws SQLException {
        Map<String, String> schema = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("DESCRIBE SELECT * FROM " + table)) {
            ps.setString(1, file);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    schema.put(r.getString("column_name"), r.getString("column_type"));
                }
            }
        }
        return schema;
    }

    /** The columns to read: the first pair id column present, prompt_id and prompt if present, chosen, rejected. */
    private static List<String> needed(Map<String, String> schema, Path path, String kind) {
        List<String> missing = new ArrayList<>();
        for (String c : List.of("chosen", "rejected")) {
            if (!schema.containsKey(c)) {
                missing.add(c);
            }
        }
        // plain-string responses need a prompt column; message lists carry their prompt with them
        boolean lists = schema.getOrDefault("chosen", "").endsWith("[]");
        if (!schema.containsKey("prompt") && !lists) {
            missing.add("prompt");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(path + ": " + kind + " file has no column " + String.join(", ", missing)
                    + " (it has: " + String.join(", ", schema.keySet()) + ")");
        }
        List<String> columns = new ArrayList<>();
        Ids.PAIR_KEYS.stream().filter(schema::containsKey).findFirst().ifPresent(columns::add);
        if (schema.containsKey(Ids.PROMPT_KEY)) {
            columns.add(Ids.PROMPT_KEY);
        }
        if (schema.containsKey("prompt")) {
            columns.add("prompt");
        }
        columns.add("chosen");
        columns.add("rejected");
        return columns;
    }

    /** Parses the whole CSV once, so a malformed line fails the open instead of a later {@link #next()}. */
    private static void validate(Connection db, String table, String file) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM " + table)) {
            ps.setString(1, file);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
            }
        }
    }

    @Override
    public Row next() throws IOException {
        ObjectNode fields = NODES.objectNode();
        try {
            if (!rs.next()) {
                return null;
            }
            row++;
            for (int i = 0; i < columns.size(); i++) {
                Object v = rs.getObject(i + 1);
                fields.set(columns.get(i), v == null && nullIsEmpty ? NODES.textNode("") : node(v));
            }
        } catch (SQLException e) {
            throw new IOException(source + ": read failed after row " + row + ": " + brief(e), e);
        }
        return rows.map(row, fields);
    }

    /** A DuckDB value as a JSON node; types with no JSON counterpart become POJO nodes, which mappers reject. */
    private static JsonNode node(Object v) throws SQLException {
        JsonNode scalar = Datasets.scalarNode(v);
        if (scalar != null) {
            return scalar;
        }
        return switch (v) {
            case Array a -> {
                ArrayNode list = NODES.arrayNode();
                for (Object e : (Object[]) a.getArray()) {
                    list.add(node(e));
                }
                yield list;
            }
            case DuckDBStruct s -> {
                ObjectNode obj = NODES.objectNode();
                for (Map.Entry<String, Object> e : s.getMap().entrySet()) {
                    obj.set(e.getKey(), node(e.getValue()));
                }
                yield obj;
            }
            case Struct s -> NODES.pojoNode(s);
            default -> NODES.pojoNode(v);
        };
    }

    private static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * DuckDB's message, cut to what a person needs: up to its first blank line or its suggestions (DuckDB options we
     * set on purpose) and parameter dump, without the "Original Line:" quote (a whole row, possibly megabytes).
     */
    private static String brief(SQLException e) {
        List<String> kept = new ArrayList<>();
        for (String l : String.valueOf(e.getMessage()).strip().split("\\R")) {
            if (l.isBlank() || l.startsWith("LINE 1:") || l.startsWith("Possible ")
                    || l.startsWith("The search space")) {
                break;
            }
            if (!l.startsWith("Original Line:")) {
                kept.add(l.strip());
            }
        }
        String m = String.join(" | ", kept);
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (db; query; rs) {
            // closes in reverse order: result, statement, connection
        } catch (SQLException e) {
            throw new IOException(source + ": close failed: " + brief(e), e);
        }
    }
}
