package dev.seal.score;

import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes scored pairs to a CSV, JSONL or Parquet file (see {@link ScoreColumns} for the layout).
 *
 * <p>Rows go to a hidden temporary file in the output's directory ({@code .<name>.<random>.tmp}); {@link #close()}
 * renames it onto the output. A crash or kill therefore never leaves a truncated file under the output's name, only
 * a stray temp file. A writer whose {@link #write} failed discards its temp file on close instead of publishing it.
 * On any other failure of the job, call {@link #abort()} so a partial run is not published either — note that a
 * try-with-resources block closes (publishes) before its catch clause runs, so abort inside the block.
 *
 * <p>Not thread-safe: one thread writes.
 */
public abstract sealed class ScoreWriter implements AutoCloseable
        permits CsvScoreWriter, JsonlScoreWriter, ParquetScoreWriter {

    private enum State { OPEN, FAILED, CLOSED }

    private final Path target;
    private final Path temp;
    private final ScoreFormat format;
    private final ScoreColumns columns;
    private State state = State.OPEN;
    private long rows;

    ScoreWriter(Path target, Path temp, ScoreFormat format, ScoreColumns columns) {
        this.target = target;
        this.temp = temp;
        this.format = format;
        this.columns = columns;
    }

    /**
     * Opens a writer for {@code out}, its format chosen by the extension (.csv, .jsonl, .parquet), for a model with
     * these output labels (label 0 is the primary reward). The output's directory must exist; an existing output
     * file is replaced on close.
     *
     * @throws IllegalArgumentException for an unsupported extension (the message names the supported ones) or no labels
     */
    public static ScoreWriter open(Path out, List<String> labels) throws IOException {
        ScoreFormat format = ScoreFormat.of(out);
        ScoreColumns columns = ScoreColumns.of(labels);
        Path target = out.toAbsolutePath();
        Path temp = AtomicFiles.tempSibling(target, "tmp");
        return switch (format) {
            case CSV -> new CsvScoreWriter(target, temp, columns);
            case JSONL -> new JsonlScoreWriter(target, temp, columns);
            case PARQUET -> new ParquetScoreWriter(target, temp, columns);
        };
    }

    /**
     * Appends one scored pair.
     *
     * @throws IllegalArgumentException when the record's label count differs from the labels this writer was opened with
     * @throws IllegalStateException    when the writer is closed or an earlier write failed
     */
    public final void write(ScoreRecord record) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("score writer for " + target + " is " + state.name().toLowerCase());
        }
        if (record.labels() != columns.labels().size()) {
            // A caller error, checked before anything is written, so the file stays consistent and usable.
            throw new IllegalArgumentException("record " + record.id() + " has " + record.labels()
                    + " rewards per side, the output was opened for labels " + columns.labels());
        }
        try {
            writeRow(record);
            rows++;
        } catch (IOException | RuntimeException e) {
            // A row may be half written: the file can no longer be trusted.
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * Finishes the file and renames it onto the output. If a write failed, discards the temp file instead (the
     * output is left as it was). Idempotent.
     */
    @Override
    public final void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        boolean publish = state == State.OPEN;
        state = State.CLOSED;
        if (!publish) {
            discard();
            return;
        }
        try {
            finish();
            AtomicFiles.replace(temp, target);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Drops everything written so far, leaving no output and no temp file. Idempotent; after close, does nothing. */
    public final void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        discard();
    }

    private void discard() {
        releaseQuietly();
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .tmp file does not look like a finished output.
        }
    }

    /** The output file (absolute). It exists only after a successful {@link #close()}. */
    public final Path path() {
        return target;
    }

    /** The temporary file rows go to before close. */
    public final Path tempPath() {
        return temp;
    }

    public final ScoreFormat format() {
        return format;
    }

    /** The column names, in file order. */
    public final List<String> columns() {
        return columns.names();
    }

    /** Rows written so far. */
    public final long rows() {
        return rows;
    }

    final ScoreColumns layout() {
        return columns;
    }

    /** Writes one row to the temp file. */
    abstract void writeRow(ScoreRecord record) throws IOException;

    /** Completes and closes the temp file so it can be renamed. */
    abstract void finish() throws IOException;

    /** Closes whatever is open without completing the file; must not throw. */
    abstract void releaseQuietly();
}
