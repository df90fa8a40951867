package dev.seal.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.data.ErrorWriter;
import dev.seal.data.RowError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The resumable state of a job that handles its input rows in order and writes one outcome per row (seal label, seal
 * similarity): a directory next to the output with the job's identity (its inputs' digests and the options that
 * change what is computed) and an append-only file of outcome lines, one per input row, in input order. A rerun with
 * the same identity skips the rows the file already holds, so nothing is lost or written twice; the job builds its
 * output from the file when every row is in, then deletes the directory.
 *
 * <p>Lines are synced in batches ({@link #commit}); a kill leaves at most a torn last line, which {@link #open}
 * drops (that row is done again). A run with another identity is refused, not mixed in, unless told to restart.
 */
public final class RowJournal implements AutoCloseable {
    static final String IDENTITY = "identity.json";
    static final String ROWS = "rows.jsonl";
    private static final String LOCK = "lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel rows;
    private final OutputStream out;
    private final long resumed;
    private long appended;
    private boolean finished;

    private RowJournal(Path dir, FileChannel lockChannel, FileLock lock, FileChannel rows, long resumed) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.rows = rows;
        this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(rows), 1 << 16);
        this.resumed = resumed;
    }

    /** Digests of a job's input files, computed only once the job has checked them (a model can take minutes). */
    @FunctionalInterface
    public interface Inputs {
        Map<String, String> digests() throws IOException;

        /**
         * The digests of a job's data files (read each time: they are small next to a model) and of its model
         * (through the per-user digest cache, saying so through {@code notes} when it must hash it), by name.
         */
        static Inputs of(Map<String, Path> data, String modelName, Path model, Consumer<String> notes) {
            return () -> {
                Map<String, String> out = new TreeMap<>();
                for (Map.Entry<String, Path> e : data.entrySet()) {
                    out.put(e.getKey(), JobManifest.FileId.of(e.getValue(), null).sha256());
                }
                out.put(modelName, FileDigests.userCache().sha256(model, notes));
                return out;
            };
        }
    }

    /**
     * How a job resumes.
     *
     * @param inputs  its input files' digests: a rerun continues only with the same
     * @param restart discard an earlier unfinished run whatever its identity
     * @param notes   where the journal says it resumes or discards a run
     */
    public record Resume(Inputs inputs, boolean restart, Consumer<String> notes) {}

    /** The journal directory of an output file. */
    public static Path dirFor(Path out) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".journal");
    }

    /**
     * Opens the journal of {@code out}: resumes one left by an interrupted run with the same identity, or starts a
     * fresh one.
     *
     * @param options what else must be the same for a rerun to continue the earlier run (names → values)
     * @throws IllegalArgumentException when an unfinished run with another identity is there and restart is off
     */
    public static RowJournal open(Path out, Map<String, String> options, Resume resume) throws IOException {
        Map<String, String> identity = new TreeMap<>(resume.inputs().digests());
        identity.putAll(options);
        boolean restart = resume.restart();
        Consumer<String> notes = resume.notes();
        Path dir = dirFor(out);
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException(dir + " is in use by another run on the same output");
        }
        try {
            Path idFile = dir.resolve(IDENTITY);
            Path rowsFile = dir.resolve(ROWS);
            Map<String, String> wanted = new TreeMap<>(identity);
            // an earlier run that journaled no row has nothing to resume and nothing to lose
            Map<String, String> found = Files.exists(idFile) && Files.exists(rowsFile) && Files.size(rowsFile) > 0
                    ? readIdentity(idFile) : null;
            if (found != null && !restart && !found.equals(wanted)) {
                throw new IllegalArgumentException("an unfinished run on " + out + " was started with other inputs or"
                        + " options (" + differences(found, wanted) + "; its rows are in " + dir + "): pass --restart"
                        + " to discard them and start over, or rerun with the original arguments to resume it");
            }
            if (found == null || restart) {
                if (found != null) {
                    notes.accept("--restart: discarding the earlier unfinished run in " + dir);
                }
                Files.deleteIfExists(rowsFile);
                Durable.write(idFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(wanted), null);
            }
            FileChannel rows = FileChannel.open(rowsFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long complete = dropTornLine(rows);
            rows.position(rows.size());
            if (complete > 0) {
                notes.accept("resuming the unfinished run in " + dir + ": " + complete + " row(s) already done");
            }
            return new RowJournal(dir, lockChannel, lock, rows, complete);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static Map<String, String> readIdentity(Path idFile) {
        try {
            return new TreeMap<>(JSON.readValue(idFile.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            // a torn identity file (killed while starting): nothing after it can be trusted
            return Map.of("identity", "unreadable: " + e.getMessage());
        }
    }

    private static String differences(Map<String, String> found, Map<String, String> wanted) {
        List<String> diff = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(found.keySet());
        keys.addAll(wanted.keySet());
        for (String k : keys) {
            if (!Objects.equals(found.get(k), wanted.get(k))) {
                diff.add(k + " was " + found.get(k) + ", now " + wanted.get(k));
            }
        }
        return String.join("; ", diff);
    }

    /** Cuts the file after its last newline (a kill can tear the last line); returns the number of whole lines. */
    private static long dropTornLine(FileChannel ch) throws IOException {
        long size = ch.size();
        long lines = 0;
        long end = 0;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
        for (long pos = 0; pos < size; ) {
            b.clear();
            int n = ch.read(b, pos);
            for (int i = 0; i < n; i++) {
                if (b.get(i) == '\n') {
                    lines++;
                    end = pos + i + 1;
                }
            }
            pos += n;
        }
        if (end < size) {
            ch.truncate(end);
            ch.force(true);
        }
        return lines;
    }

    /** Rows an earlier run already wrote: the first this many input rows are skipped. */
    public long resumed() {
        return resumed;
    }

    /** One row's outcome, a single line of JSON (no newline in it). */
    public void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal line holds no newline");
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        appended++;
    }

    /** Makes the appended lines durable: after a kill, a rerun starts after them. */
    public void commit() throws IOException {
        out.flush();
        rows.force(false);
        WritePoint.JOURNAL_COMMITTED.pass();
    }

    /** Every line, the earlier runs' and this one's, in input order. */
    public Stream<String> lines() throws IOException {
        commit();
        BufferedReader r = Files.newBufferedReader(dir.resolve(ROWS), StandardCharsets.UTF_8);
        return r.lines().onClose(() -> {
            try {
                r.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The journal line of a row that went to the errors file. */
    public static String errorLine(String stage, RowError e) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode err = n.putObject("error");
        err.put("stage", stage);
        err.put("source", e.source());
        err.put("row", e.row());
        err.put("id", e.id());
        err.put("reason", e.reason());
        err.put("detail", e.detail());
        return n.toString();
    }

    /**
     * Writes the error of a line made by {@link #errorLine} to the errors file.
     *
     * @return the error's stage, or null when the line is not an error (nothing is written)
     */
    public static String replayError(JsonNode line, ErrorWriter errors) throws IOException {
        JsonNode e = line.get("error");
        if (e == null) {
            return null;
        }
        String stage = e.get("stage").asText();
        errors.write(stage, new RowError(text(e, "source"), e.get("row").asLong(), text(e, "id"), text(e, "reason"),
                text(e, "detail")));
        return stage;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Lines this run appended (the rest were resumed). */
    public long appended() {
        return appended;
    }

    /** The output is published: the journal is no longer needed (closing deletes it). */
    public void finish() {
        finished = true;
    }

    @Override
    public void close() throws IOException {
        try {
            out.flush();
            rows.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
        if (finished || resumed + appended == 0) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
