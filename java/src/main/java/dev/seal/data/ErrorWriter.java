package dev.seal.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The errors file: JSON Lines, one object per row that could not be scored, with keys
 * source, row, id, reason, detail (from {@link RowError}) and stage (where it failed: "read", "format", "tokenize",
 * "score", "perturb", ...). Every command with an errors file (score, perturb) writes it with this class, so the
 * files read the same. Unlike the output file it is written in place and flushed after every line, so it can be
 * tailed during a run and survives a crash up to the last error.
 *
 * <p>Also counts errors per reason for the summary. Thread-safe.
 */
public final class ErrorWriter implements AutoCloseable {
    // no root separator: each object is followed by the '\n' this writer adds, nothing else
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    /** Stage of a row that failed while reading or parsing the dataset. */
    public static final String STAGE_READ = "read";
    /** Stage of a row whose conversation could not be formatted (chat template). */
    public static final String STAGE_FORMAT = "format";
    /** Stage of a row that failed tokenization (e.g. longer than the context). */
    public static final String STAGE_TOKENIZE = "tokenize";
    /** Stage of a row the engine failed to score. */
    public static final String STAGE_SCORE = "score";

    private final Path path;
    private final JsonGenerator gen;
    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;
    private boolean closed;

    private ErrorWriter(Path path, Writer out) throws IOException {
        this.path = path;
        this.gen = JSON.createGenerator(out);
    }

    /** Creates (or truncates) the errors file. */
    public static ErrorWriter open(Path path) throws IOException {
        return new ErrorWriter(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    }

    /** Appends one error and flushes it to the file. */
    public synchronized void write(String stage, RowError error) throws IOException {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(error, "error");
        if (closed) {
            throw new IllegalStateException("errors file " + path + " is closed");
        }
        gen.writeStartObject();
        writeStringOrNull("source", error.source());
        gen.writeNumberField("row", error.row());
        writeStringOrNull("id", error.id());
        writeStringOrNull("reason", error.reason());
        writeStringOrNull("detail", error.detail());
        gen.writeStringField("stage", stage);
        gen.writeEndObject();
        gen.writeRaw('\n');
        gen.flush();
        byReason.merge(reasonKey(error.reason()), 1L, Long::sum);
        total++;
    }

    /** The key an error is counted under: its reason, or "unknown" when it has none. */
    public static String reasonKey(String reason) {
        return reason == null || reason.isEmpty() ? "unknown" : reason;
    }

    private void writeStringOrNull(String field, String value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeStringField(field, value);
        }
    }

    /** Errors written so far. */
    public synchronized long total() {
        return total;
    }

    /** Errors written so far per reason, sorted by reason; a snapshot. */
    public synchronized Map<String, Long> countsByReason() {
        return Collections.unmodifiableMap(new TreeMap<>(byReason));
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        gen.close();
    }
}
