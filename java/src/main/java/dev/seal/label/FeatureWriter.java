package dev.seal.label;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seal.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The per-text feature table in the layout {@code seal analyze --features} reads: one row per text with {@code id},
 * {@code side} (chosen/rejected), one column per feature and, when the taxonomy has what it needs, the pair-level
 * {@code labeler_preference} repeated on both rows. CSV, JSON Lines or Parquet by the output's extension; written to a
 * hidden sibling and published whole, so a failed run never leaves a half table under the output name.
 */
final class FeatureWriter implements AutoCloseable {
    private final Path out;
    private final Path temp;
    private final boolean csv;
    private final boolean parquet;
    private final List<String> columns;
    private final BufferedWriter writer;
    private final JsonGenerator json;
    private boolean finished;

    private FeatureWriter(Path out, List<String> columns) throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        this.csv = name.endsWith(".csv");
        this.parquet = name.endsWith(".parquet");
        if (!csv && !parquet && !name.endsWith(".jsonl")) {
            throw new IllegalArgumentException(out + ": the feature table's extension must be .csv, .jsonl or .parquet");
        }
        this.out = out;
        this.columns = List.copyOf(columns);
        this.temp = AtomicFiles.tempSibling(out, parquet ? "jsonl" : "tmp");
        this.writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        this.json = csv ? null : new JsonFactory().createGenerator(writer).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        if (csv) {
            writer.write(String.join(",", columns.stream().map(FeatureWriter::csvCell).toList()));
            writer.write('\n');
        }
    }

    /** @param columns every column in order: id, side, the features, then labeler_preference when written */
    static FeatureWriter open(Path out, List<String> columns) throws IOException {
        return new FeatureWriter(out, columns);
    }

    /**
     * One text's row.
     *
     * @param values one per feature (NaN written as null / an empty cell)
     * @param labeler the pair's labeler preference, or null when the table has no such column
     */
    void row(String id, String side, double[] values, String labeler) throws IOException {
        if (csv) {
            StringBuilder b = new StringBuilder(csvCell(id)).append(',').append(side);
            for (double v : values) {
                b.append(',');
                if (!Double.isNaN(v)) {
                    b.append(v);
                }
            }
            if (labeler != null) {
                b.append(',').append(labeler);
            }
            writer.write(b.append('\n').toString());
            return;
        }
        json.writeStartObject();
        json.writeStringField(columns.get(0), id);
        json.writeStringField(columns.get(1), side);
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(columns.get(2 + i));
            if (Double.isNaN(values[i])) {
                json.writeNull();
            } else {
                json.writeNumber(values[i]);
            }
        }
        if (labeler != null) {
            json.writeStringField(columns.get(columns.size() - 1), labeler);
        }
        json.writeEndObject();
        json.flush();
        writer.write('\n');
    }

    /** Completes the table and publishes it under the output name. */
    void finish() throws IOException {
        writer.close();
        Path done = temp;
        if (parquet) {
            done = AtomicFiles.tempSibling(out, "tmp");
            toParquet(temp, done);
            Files.deleteIfExists(temp);
        }
        AtomicFiles.syncFile(done);
        AtomicFiles.publish(done, out);
        finished = true;
    }

    /** DuckDB converts the staged JSON Lines in one single-threaded pass, so the bytes do not depend on the machine. */
    private void toParquet(Path jsonl, Path parquetFile) throws IOException {
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            boolean text = i < 2 || columns.get(i).equals(dev.seal.analyze.FeatureTable.LABELER);
            types.append(i == 0 ? "" : ", ").append('"').append(columns.get(i)).append("\": '")
                    .append(text ? "VARCHAR" : "DOUBLE").append('\'');
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            st.execute("SET threads = 1");
            st.execute("COPY (SELECT * FROM read_json(" + literal(jsonl) + ", format = 'newline_delimited', columns = {"
                    + types + "})) TO " + literal(parquetFile) + " (FORMAT parquet)");
        } catch (SQLException e) {
            Files.deleteIfExists(parquetFile);
            throw new IOException(out + ": cannot write Parquet: " + e.getMessage(), e);
        }
    }

    private static String literal(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            writer.close();
            Files.deleteIfExists(temp);
        }
    }
}
