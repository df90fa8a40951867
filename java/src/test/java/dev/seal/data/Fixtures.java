package dev.seal.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Small files for the reader tests, and helpers to drain a reader. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** A JSON object from key/value pairs, keys in the given order (values: strings, numbers, lists, maps, null). */
    static String obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> msg(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    static Path lines(Path dir, String name, String... lines) throws IOException {
        return bytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static Path bytes(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    static List<PairReader.Row> readAll(Path path, Format format) throws IOException {
        List<PairReader.Row> rows = new ArrayList<>();
        try (PairReader r = Datasets.open(path, format)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    static PreferencePair ok(PairReader.Row row) {
        if (row instanceof PairReader.Row.Ok(PreferencePair p)) {
            return p;
        }
        throw new AssertionError("expected an Ok row, got " + row);
    }

    static RowError bad(PairReader.Row row) {
        if (row instanceof PairReader.Row.Bad(RowError e)) {
            return e;
        }
        throw new AssertionError("expected a Bad row, got " + row);
    }

    static List<String> reasons(List<PairReader.Row> rows) {
        return rows.stream().map(r -> r instanceof PairReader.Row.Bad(RowError e) ? e.reason() : "ok").toList();
    }
}
