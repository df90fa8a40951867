package dev.seal.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * A partition's output rows, made a chunk of input rows at a time as the input is read, so that a partition streams
 * through the engine instead of being held whole.
 */
final class Chunked implements Iterator<Row> {
    /** Reads one chunk of the input (at least one row) and adds its output rows. */
    interface Step {
        void chunk(Iterator<Row> input, ArrayDeque<Row> ready);
    }

    private final Iterator<Row> input;
    private final Step step;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();

    Chunked(Iterator<Row> input, Step step) {
        this.input = input;
        this.step = step;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
            step.chunk(input, ready);
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
