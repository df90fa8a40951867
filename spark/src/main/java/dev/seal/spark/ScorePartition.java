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
        return new Chunked(input, new Scored(Datasets.rows(settings.format(), settings.source()), job,
                ScoreColumns.of(labels)));
    }

    /** The partition's output, scored a chunk of rows at a time as it is read. */
    private final class Scored implements Chunked.Step {
        private final Datasets.Rows rows;
        private final ScoreJob job;
        private final ScoreColumns columns;

        Scored(Datasets.Rows rows, ScoreJob job, ScoreColumns columns) {
            this.rows = rows;
            this.job = job;
            this.columns = columns;
        }

        @Override
        public void chunk(Iterator<Row> input, ArrayDeque<Row> ready) {
            List<PairReader.Row> chunk = new ArrayList<>();
            while (chunk.size() < settings.chunkPairs() && input.hasNext()) {
                PairReader.Row r = PairFields.pair(rows, input.next(), lines);
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

        private Row output(ScoreJob.Entry e) {
            Object[] values = new Object[columns.columns().size() + SparkScoring.ERROR_COLUMNS.size()];
            switch (e) {
                case ScoreJob.Result r -> columns.emit(r.record(), new Cells(values));
                case ScoreJob.Error x -> {
                    RowError err = x.error();
                    values[columns.names().indexOf("id")] = err.id();
                    values[columns.names().indexOf("row")] = err.row();
                    SparkScoring.errorCells(values, columns.columns().size(), x.stage(), err);
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
