package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.analyze.input.ScoreFile;
import dev.seal.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seal analyze} reads scores written as a directory of Parquet parts, as a Spark job writes them. */
class PartDirectoryTest {
    @TempDir
    Path dir;

    /** The study's RM* scores split into two part files beside Spark's _SUCCESS and checksum files. */
    private Path parts(Path scores) throws Exception {
        Path out = Files.createDirectory(dir.resolve("scores.parquet.d"));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (int part = 0; part < 2; part++) {
                st.execute("COPY (SELECT * FROM read_parquet('" + scores + "') WHERE row % 2 = " + part + ") TO '"
                        + out.resolve("part-0000" + part + "-c000.snappy.parquet") + "' (FORMAT parquet)");
            }
        }
        Files.writeString(out.resolve("_SUCCESS"), "");
        Files.writeString(out.resolve(".part-00000-c000.snappy.parquet.crc"), "not parquet");
        return out;
    }

    @Test
    void readsADirectoryOfPartsAsOneTable() throws Exception {
        AnalyzeFixtures.Study s = AnalyzeFixtures.study(dir, 120, 5);
        Path parts = parts(s.star());
        Map<String, ScoreFile.Row> whole = ScoreFile.read(s.star(), null).byId();
        Map<String, ScoreFile.Row> split = new HashMap<>(ScoreFile.read(parts, null).byId());
        assertEquals(120, whole.size());
        assertEquals(whole, split);

        Path report = dir.resolve("report");
        assertEquals(0, Main.run("analyze", "--scores", parts.toString(), "--baseline", s.base().toString(), "--out",
                report.toString()));
        assertTrue(Files.list(report).findAny().isPresent());
    }

    @Test
    void aDirectoryWithoutPartsIsAClearError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("_SUCCESS"), "");
        IOException e = assertThrows(IOException.class, () -> ScoreFile.read(empty, null));
        assertTrue(e.getMessage().contains("is a directory without .parquet part files"), e.getMessage());
    }
}
