package dev.seal.perturb;

import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Parquet copies: rows go to a JSON Lines staging file (prompts as message lists, so every row has one schema), which
 * DuckDB converts in one pass at the end, single-threaded so row order and bytes do not depend on the machine.
 */
final class ParquetCopies extends CopyWriter.Jsonl {
    private final Path parquetTemp;

    ParquetCopies(Path out) throws IOException {
        super(out, AtomicFiles.tempSibling(out, "jsonl"), false, true);
        this.parquetTemp = AtomicFiles.tempSibling(out, "tmp");
    }

    @Override
    void finish() throws IOException {
        complete();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            st.execute("SET threads = 1");
            st.execute("COPY (SELECT id, prompt, chosen, rejected FROM read_json(" + literal(temp)
                    + ", format = 'newline_delimited', columns = {id: 'VARCHAR',"
                    + " prompt: 'STRUCT(role VARCHAR, content VARCHAR)[]', chosen: 'VARCHAR', rejected: 'VARCHAR'}))"
                    + " TO " + literal(parquetTemp) + " (FORMAT parquet)");
        } catch (SQLException e) {
            Files.deleteIfExists(parquetTemp);
            throw new IOException(out + ": cannot write Parquet: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
        AtomicFiles.syncFile(parquetTemp);
        AtomicFiles.publish(parquetTemp, out);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        super.close();
        Files.deleteIfExists(parquetTemp);
    }

    private static String literal(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
