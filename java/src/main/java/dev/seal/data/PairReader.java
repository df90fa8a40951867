package dev.seal.data;

import java.io.IOException;

/**
 * Streams a preference dataset row by row. One bad row is reported as a {@link Row.Bad}; it never ends the stream.
 * The ids of {@link Row.Ok} rows are unique: a reader reports a repeated id as a {@code duplicate_id} row error, so
 * consumers need no second check.
 */
public interface PairReader extends AutoCloseable {
    /** The next row, or null at the end of the input. Throws only when the input as a whole cannot be read. */
    Row next() throws IOException;

    @Override
    void close() throws IOException;

    /** A row of the input: a pair to score or an error to record. */
    sealed interface Row permits Row.Ok, Row.Bad {
        record Ok(PreferencePair pair) implements Row {}
        record Bad(RowError error) implements Row {}
    }
}
