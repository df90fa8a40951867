package dev.seal.analyze.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes {@link Table}s as CSV (RFC 4180, UTF-8, CRLF; doubles in shortest round-trip form, NaN as an empty cell),
 * JSON (an array of objects; NaN and infinities as null, since JSON has neither) and Parquet (through DuckDB; NaN as
 * null).
 */
public final class TableWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private TableWriter() {}

    public static void csv(Table t, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            boolean first = true;
            for (Table.Column c : t.columns()) {
                if (!first) {
                    w.write(',');
                }
                first = false;
                field(w, c.name());
            }
            w.write("\r\n");
            for (Object[] r : t.rows()) {
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    field(w, cell(r[i]));
                }
                w.write("\r\n");
            }
        }
    }

    static String cell(Object v) {
        return switch (v) {
            case null -> "";
            case Double d when !Double.isFinite(d) -> Double.isNaN(d) ? "" : d > 0 ? "Inf" : "-Inf";
            case Double d -> Double.toString(d);
            default -> v.toString();
        };
    }

    private static void field(Writer w, String s) throws IOException {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (quote) {
            w.write('"');
            w.write(s.replace("\"", "\"\""));
            w.write('"');
        } else {
            w.write(s);
        }
    }

    public static void json(Table t, Path file) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            g.useDefaultPrettyPrinter();
            array(t, g);
        }
    }

    /** Writes the table as a JSON array of objects into an open generator. */
    public static void array(Table t, JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (Object[] r : t.rows()) {
            g.writeStartObject();
            for (int i = 0; i < r.length; i++) {
                g.writeFieldName(t.columns().get(i).name());
                value(g, r[i]);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Double d when !Double.isFinite(d) -> g.writeNull();
            case Double d -> g.writeNumber(d);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    public static void parquet(Table t, Path file) throws IOException {
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE t (" + t.columns().stream().map(c -> ident(c.name()) + " " + c.type().name())
                        .collect(Collectors.joining(", ")) + ")");
            }
            try (DuckDBAppender a = conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
                for (Object[] r : t.rows()) {
                    a.beginRow();
                    for (int i = 0; i < r.length; i++) {
                        switch (t.columns().get(i).type()) {
                            case VARCHAR -> a.append((String) r[i]);
                            case BIGINT -> a.append(r[i] == null ? null : ((Number) r[i]).longValue());
                            case DOUBLE -> {
                                Double d = r[i] == null ? null : ((Number) r[i]).doubleValue();
                                a.append(d == null || Double.isNaN(d) ? null : d);
                            }
                            case BOOLEAN -> a.append((Boolean) r[i]);
                        }
                    }
                    a.endRow();
                }
            }
            try (Statement st = conn.createStatement()) {
                st.execute("COPY t TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
        } catch (SQLException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
