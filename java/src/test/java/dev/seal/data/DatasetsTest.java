package dev.seal.data;

import static dev.seal.data.Fixtures.bad;
import static dev.seal.data.Fixtures.msg;
import static dev.seal.data.Fixtures.obj;
import static dev.seal.data.Fixtures.ok;
import static dev.seal.data.Fixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection and whole-input errors. */
class DatasetsTest {
    private static final String HH =
            obj("chosen", "\n\nHuman: q\n\nAssistant: a", "rejected", "\n\nHuman: q\n\nAssistant: b");
    private static final String GENERIC = obj("prompt", "q", "chosen", "a", "rejected", "b");

    @TempDir
    Path dir;

    @Test
    void detectsFromTheExtensionAndTheFirstRow() throws IOException {
        assertEquals(Format.HH_RLHF, Datasets.detect(Fixtures.lines(dir, "a.jsonl", HH)));
        assertEquals(Format.HH_RLHF, Datasets.detect(Fixtures.lines(dir, "a.json", "", "{bad", obj("x", 1), HH)));
        byte[] gz = Fixtures.gzip((HH + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(Format.HH_RLHF, Datasets.detect(Fixtures.bytes(dir, "a.json.gz", gz)));
        assertEquals(Format.JSONL, Datasets.detect(Fixtures.lines(dir, "b.jsonl", GENERIC)));
        assertEquals(Format.JSONL, Datasets.detect(Fixtures.lines(dir, "c.jsonl",
                obj("prompt", "x", "chosen", "\n\nHuman: q\n\nAssistant: a",
                        "rejected", "\n\nHuman: q\n\nAssistant: b"))));
        assertEquals(Format.JSONL, Datasets.detect(Fixtures.lines(dir, "d.jsonl",
                obj("chosen", List.of(msg("user", "q"), msg("assistant", "a")), "rejected", List.of()))));
        assertEquals(Format.JSONL,
                Datasets.detect(Fixtures.lines(dir, "e.jsonl", obj("chosen", "plain", "rejected", "text"))));
        assertEquals(Format.JSONL, Datasets.detect(Fixtures.bytes(dir, "f.jsonl.gz", Fixtures.gzip(new byte[0]))));
        assertEquals(Format.CSV, Datasets.detect(Fixtures.lines(dir, "t.CSV", "prompt,chosen,rejected")));
        assertEquals(Format.CSV, Datasets.detect(Fixtures.bytes(dir, "t.csv.gz", new byte[0])));
        assertEquals(Format.PARQUET, Datasets.detect(Fixtures.bytes(dir, "t.parquet", new byte[0])));
    }

    @Test
    void autoReadsHhRowsAsDialogues() throws IOException {
        PreferencePair p = ok(readAll(Fixtures.lines(dir, "a.jsonl", HH), Format.AUTO).getFirst());
        assertEquals(List.of(new Turn("user", "q")), p.chosen().prompt());
        assertEquals("a", p.chosen().response());
        PreferencePair g = ok(readAll(Fixtures.lines(dir, "b.jsonl", GENERIC), Format.AUTO).getFirst());
        assertEquals("\n\nHuman: q\n\nAssistant: a", g.chosen().raw());
    }

    @Test
    void anEmptyResponseIsEmptyTextInEveryFormat() throws Exception {
        Path jsonl = Fixtures.lines(dir, "e.jsonl", obj("id", "a", "prompt", "q", "chosen", "", "rejected", "b"));
        Path csv = Fixtures.lines(dir, "e.csv", "id,prompt,chosen,rejected", "a,q,,b", "b,q,\"\",b");
        Path parquet = dir.resolve("e.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT 'a' AS id, 'q' AS prompt, '' AS chosen, 'b' AS rejected) TO '"
                    + parquet.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        for (Path p : List.of(jsonl, csv, parquet)) {
            for (PairReader.Row row : readAll(p, Format.AUTO)) {
                RowError e = bad(row);
                assertEquals(RowError.EMPTY_TEXT, e.reason(), p + ": " + e);
                assertTrue(e.detail().endsWith("field 'chosen': empty text"), p + ": " + e.detail());
            }
        }
    }

    @Test
    void anExplicitFormatOverridesTheName() throws IOException {
        PreferencePair p = ok(readAll(Fixtures.lines(dir, "data.txt", GENERIC), Format.JSONL).getFirst());
        assertEquals("a", p.chosen().response());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.open(dir.resolve("data.txt"), Format.AUTO));
        assertTrue(e.getMessage().contains("data.txt") && e.getMessage().contains(".jsonl"), e.getMessage());
    }

    @Test
    void namesTheFileThatIsMissing() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Datasets.open(missing, Format.AUTO));
        assertTrue(e.getMessage().contains("nope.jsonl") && e.getMessage().contains("not found"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Datasets.open(dir.resolve("nope.parquet"), Format.PARQUET));
        IOException d = assertThrows(IOException.class, () -> Datasets.open(Files.createDirectory(dir.resolve("x.csv")),
                Format.AUTO));
        assertTrue(d.getMessage().contains("directory"), d.getMessage());
    }

    @Test
    void namesAnUnreadableGzipHeader() throws IOException {
        Path p = Fixtures.bytes(dir, "bad.jsonl.gz", new byte[] {0x1f, (byte) 0x8b, 0x01, 0x02, 0x03});
        IOException e = assertThrows(IOException.class, () -> Datasets.open(p, Format.AUTO));
        assertTrue(e.getMessage().contains("bad.jsonl.gz") && e.getMessage().contains("gzip header"), e.getMessage());
    }
}
