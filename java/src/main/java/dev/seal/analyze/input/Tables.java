package dev.seal.analyze.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBStruct;

/**
 * Reads a whole CSV, JSON Lines or Parquet table through embedded DuckDB, picking the reader by the file name
 * (.csv[.gz], .jsonl[.gz] / .json[.gz], .parquet). CSV is read as RFC 4180 with every column as text (so "007" stays
 * "007" and "NaN" can be parsed by the caller); JSON and Parquet keep their types. Values come back as Java objects:
 * String, Number, Boolean, List (for arrays), Map (for structs) or null.
 */
public final class Tables {
    private static final String CSV = "read_csv(?, header=true, all_varchar=true, allow_quoted_nulls=false,"
            + " delim=',', quote='\"', escape='\"', comment='', skip=0, encoding='utf-8', max_line_size=33554432)";
    private static final String JSONL = "read_json(?, format='newline_delimited', maximum_object_size=33554432)";
    private static final String PARQUET = "read_parquet(?)";
    private static final int MAX_MESSAGE = 400;

    private Tables() {}

    /** A table read into memory: column names in file order and rows of values in that order. */
    public record Table(Path path, List<String> columns, List<Object[]> rows) {
        public int column(String name) {
            return columns.indexOf(name);
        }

        /** The first of {@code names} the table has, or null. */
        public String first(List<String> names) {
            for (String n : names) {
                if (columns.contains(n)) {
                    return n;
                }
            }
            return null;
        }
    }

    /** The kind of table a file name says it is. */
    public enum Kind { CSV, JSONL, PARQUET }

    public static Kind kind(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Kind.PARQUET;
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return Kind.CSV;
        }
        for (String ext : List.of(".jsonl", ".json", ".jsonl.gz", ".json.gz", ".ndjson")) {
            if (name.endsWith(ext)) {
                return Kind.JSONL;
            }
        }
        throw new IllegalArgumentException(path + ": cannot tell the table format from the file name; expected .csv,"
                + " .csv.gz, .jsonl, .jsonl.gz, .json, .json.gz or .parquet");
    }

    /**
     * Reads every row of the table: a file, or a directory of Parquet part files (a Spark job's output), read as one.
     *
     * @throws IOException              the file is missing or DuckDB cannot read it as its kind
     * @throws IllegalArgumentException the file name has none of the known extensions
     */
    public static Table read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        boolean parts = Files.isDirectory(path);
        Kind kind = parts ? Kind.PARQUET : kind(path);
        String source = switch (kind) {
            case CSV -> CSV;
            case JSONL -> JSONL;
            case PARQUET -> parts ? "read_parquet(" + partFiles(path) + ")" : PARQUET;
        };
        Properties props = new Properties();
        props.setProperty("jdbc_stream_results", "true");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:", props);
             PreparedStatement ps = db.prepareStatement("SELECT * FROM " + source)) {
            if (!parts) {
                ps.setString(1, path.toString());
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<String> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(rs.getMetaData().getColumnLabel(i));
                }
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = plain(rs.getObject(i + 1));
                    }
                    rows.add(row);
                }
                return new Table(path, List.copyOf(columns), rows);
            }
        } catch (SQLException e) {
            throw new IOException(path + ": cannot read as " + kind.name().toLowerCase(Locale.ROOT) + ": " + brief(e), e);
        }
    }

    /**
     * The Parquet part files of a directory, as a DuckDB list literal: a dataset as Spark (or another engine) writes it,
     * part-*.parquet beside _SUCCESS and checksum files; names starting with '.' or '_' are not data, as in Spark.
     */
    private static String partFiles(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (var listing = Files.list(dir)) {
            for (Path p : listing.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")
                        && Files.isRegularFile(p)) {
                    files.add("'" + p.toString().replace("'", "''") + "'");
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(dir + ": is a directory without .parquet part files; a table is a file, or a directory of"
                    + " Parquet parts");
        }
        return "[" + String.join(", ", files) + "]";
    }

    /** A DuckDB value as a plain Java value (arrays to lists, structs to maps). */
    private static Object plain(Object v) throws SQLException {
        return switch (v) {
            case null -> null;
            case Array a -> {
                List<Object> list = new ArrayList<>();
                for (Object e : (Object[]) a.getArray()) {
                    list.add(plain(e));
                }
                yield list;
            }
            case DuckDBStruct s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : s.getMap().entrySet()) {
                    m.put(e.getKey(), plain(e.getValue()));
                }
                yield m;
            }
            case Object[] arr -> {
                List<Object> list = new ArrayList<>();
                for (Object e : arr) {
                    list.add(plain(e));
                }
                yield list;
            }
            default -> v;
        };
    }

    /** DuckDB's message up to its first blank line, without quoted input lines. */
    static String brief(SQLException e) {
        List<String> kept = new ArrayList<>();
        for (String l : String.valueOf(e.getMessage()).strip().split("\\R")) {
            if (l.isBlank() || l.startsWith("LINE 1:") || l.startsWith("Possible ")) {
                break;
            }
            if (!l.startsWith("Original Line:")) {
                kept.add(l.strip());
            }
        }
        String m = String.join(" | ", kept);
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
    }

    /** Up to {@code max} examples from a list, for messages: "a, b, c and 12 more". */
    public static String examples(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    static String describe(List<String> columns) {
        return Arrays.toString(columns.toArray());
    }
}
