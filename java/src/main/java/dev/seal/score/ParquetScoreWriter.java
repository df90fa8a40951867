package dev.seal.score;

import dev.seal.io.AtomicFiles;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parquet through an embedded, in-memory DuckDB: rows stream into a table through the DuckDB appender (no SQL per
 * row), and close() runs {@code COPY ... (FORMAT parquet)} onto the temp file. Parquet cannot be appended to, so the
 * rows are held until then — about 100 bytes a pair, and DuckDB spills to a hidden directory next to the output
 * if memory runs short. Column types are the {@link ScoreColumns.Type}s; NaN is stored as a float NaN.
 */
final class ParquetScoreWriter extends ScoreWriter {
    private static final String TABLE = "scores";

    private final Path spill;
    private Connection conn;
    private DuckDBAppender appender;
    private final Sink sink = new Sink();

    ParquetScoreWriter(Path target, Path temp, ScoreColumns columns) throws IOException {
        super(target, temp, ScoreFormat.PARQUET, columns);
        this.spill = AtomicFiles.tempSibling(target, "spill");
        try {
            conn = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = conn.createStatement()) {
                // Left alone, an in-memory DuckDB spills into ./.tmp of whatever directory the CLI runs in.
                st.execute("SET temp_directory = " + literal(spill.toString()));
                st.execute("CREATE TABLE " + TABLE + " (" + columns.columns().stream()
                        .map(c -> ident(c.name()) + " " + c.type().name())
                        .collect(Collectors.joining(", ")) + ")");
            }
            appender = conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE);
        } catch (SQLException e) {
            releaseQuietly();
            throw new IOException("cannot start DuckDB for Parquet output " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    void writeRow(ScoreRecord record) throws IOException {
        try {
            appender.beginRow();
            layout().emit(record, sink);
            appender.endRow();
        } catch (SQLException e) {
            throw new IOException("cannot append row " + record.id() + " for " + path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void finish() throws IOException {
        try {
            appender.close(); // flushes the buffered rows into the table
            appender = null;
            try (Statement st = conn.createStatement()) {
                // FORMAT is explicit because the temp name ends in .tmp, not .parquet.
                st.execute("COPY " + TABLE + " TO " + literal(tempPath().toString()) + " (FORMAT parquet)");
            }
        } catch (SQLException e) {
            throw new IOException("cannot write Parquet " + path() + ": " + e.getMessage(), e);
        } finally {
            releaseQuietly();
        }
    }

    @Override
    void releaseQuietly() {
        try {
            if (appender != null) {
                appender.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // discarding anyway
        }
        appender = null;
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // discarding anyway
        }
        conn = null;
        deleteTree(spill);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // only spill scratch; never worth failing the run
        }
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A quoted SQL identifier ("row" is a keyword in some dialects). */
    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private final class Sink implements ScoreColumns.CellSink<SQLException> {
        @Override
        public void string(String v) throws SQLException {
            if (v == null) {
                appender.appendNull();
            } else {
                appender.append(v);
            }
        }

        @Override
        public void int64(long v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void float32(float v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void bool(boolean v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void int32(int v) throws SQLException {
            appender.append(v);
        }
    }
}
