package dev.seal.spark;

import dev.seal.data.Datasets;
import dev.seal.data.PairReader;
import dev.seal.data.RowError;
import dev.seal.score.ScoreColumns;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoringBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: its rows go through seal's row mapping (the readers' checks and ids) into {@link ScoreJob},
 * which batches them for the executor's shared engine exactly as {@code seal score} batches a file, {@code chunkPairs}
 * rows at a time so a partition streams instead of being held whole. One output row per input row: the scores, or
 * the reason the row could not be scored in the error columns. Only a failure of the engine as a whole (the model
 * cannot be loaded) fails the task.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private final ScoringSettings settings;
    private final List<String> labels;
    private final boolean lines;

    /**
     * @param labels the model's labels, read on the driver: the output schema's columns
     * @param lines  the rows are JSON Lines text (column {@code value}), not table fields
     */
    ScorePartition(ScoringSettings settings, List<String> labels, boolean lines) {
        this.settings = settings;
        this.labels = List.copyOf(labels);
        this.lines = lines;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskContext task = TaskContext.get();
        String gpu = task == null ? null : GpuAddress.of(task.resourcesJMap());
        ScoringBackend engine = Engines.get(new Engines.Key(settings.setup(), gpu));
        if (!engine.labels().equals(labels)) {
            throw new IllegalStateException(settings.modelPath() + " on this executor has the labels " + engine.labels()
                    + ", the driver's copy " + labels + ": every executor must see the same model file");
        }
        ScoreJob job = new ScoreJob(engine, settings.job(), note -> System.err.println("seal: " + note));
        return new Scored(input, Datasets.rows(settings.format(), settings.source()), job,
                ScoreColumns.of(labels));
    }

    /** The partition's output, scored a chunk of rows at a time as it is read. */
    private final class Scored implements Iterator<Row> {
        private final Iterator<Row> input;
        private final Datasets.Rows rows;
        private final ScoreJob job;
        private final ScoreColumns columns;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();

        Scored(Iterator<Row> input, Datasets.Rows rows, ScoreJob job, ScoreColumns columns) {
            this.input = input;
            this.rows = rows;
            this.job = job;
            this.columns = columns;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && input.hasNext()) {
                scoreChunk();
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

        private void scoreChunk() {
            List<PairReader.Row> chunk = new ArrayList<>();
            while (chunk.size() < settings.chunkPairs() && input.hasNext()) {
                PairReader.Row r = map(input.next());
                if (r != null) {
                    chunk.add(r);
                }
            }
            Iterator<PairReader.Row> it = chunk.iterator();
            PairReader reader = new PairReader() {
                @Override
                public Row next() {
                    return it.hasNext() ? it.next() : null;
                }

                @Override
                public void close() {}
            };
            try {
                job.run(reader, settings.source(), 0, Long.MAX_VALUE, e -> ready.add(output(e)), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the sink and reader above do no I/O
            }
        }

        private PairReader.Row map(Row in) {
            long row = in.getLong(SparkScoring.ROW_INDEX);
            if (!lines) {
                return rows.map(row, PairFields.of(in, SparkScoring.ROW_INDEX));
            }
            String line = in.getString(SparkScoring.ROW_INDEX + 1);
            // a JSON Lines file's byte-order mark, which seal's reader drops and Spark's text reader keeps
            return rows.mapLine(row, row == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line);
        }

        private Row output(ScoreJob.Entry e) {
            Object[] values = new Object[columns.columns().size() + SparkScoring.ERROR_COLUMNS.size()];
            switch (e) {
                case ScoreJob.Result r -> columns.emit(r.record(), new Cells(values));
                case ScoreJob.Error x -> {
                    RowError err = x.error();
                    values[columns.names().indexOf("id")] = err.id();
                    values[columns.names().indexOf("row")] = err.row();
                    int at = columns.columns().size();
                    values[at] = x.stage();
                    values[at + 1] = err.reason();
                    values[at + 2] = err.detail();
                    values[at + 3] = err.source();
                }
            }
            return RowFactory.create(values);
        }
    }

    /** Fills a row's values in column order. */
    private static final class Cells implements ScoreColumns.CellSink<RuntimeException> {
        private final Object[] values;
        private int at;

        Cells(Object[] values) {
            this.values = values;
        }

        @Override
        public void string(String v) {
            values[at++] = v;
        }

        @Override
        public void int64(long v) {
            values[at++] = v;
        }

        @Override
        public void float32(float v) {
            values[at++] = v;
        }

        @Override
        public void bool(boolean v) {
            values[at++] = v;
        }

        @Override
        public void int32(int v) {
            values[at++] = v;
        }
    }
}
