package dev.seal.spark;

import dev.seal.data.Datasets;
import dev.seal.data.PairReader;
import dev.seal.label.PairLabeler;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Labels one partition: its rows go through seal's row mapping into the labeling step of {@code seal label}
 * ({@link PairLabeler.Batch}), a batch of --batch readable pairs at a time, as {@code seal label} cuts a file. Output:
 * a labeled pair's two feature-table rows (chosen, then rejected), or one error row for a row that could not be read
 * or labeled. Only a failure of the labeler as a whole (the model cannot be loaded) fails the task. A task given GPU
 * addresses labels on the first (see {@link Engines#labeler}).
 *
 * @param columns the feature table's columns (see {@link PairLabeler#columns(dev.seal.label.Taxonomy)})
 * @param lines   the rows are JSON Lines text (column {@code value}), not table fields
 */
record LabelPartition(LabelingSettings settings, List<String> columns, boolean lines)
        implements MapPartitionsFunction<Row, Row> {
    LabelPartition {
        columns = List.copyOf(columns);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskContext task = TaskContext.get();
        Engines.SharedLabeler labeler = Engines.labeler(settings.labeler(),
                task == null ? null : GpuAddress.of(task.resourcesJMap()));
        Datasets.Rows rows = Datasets.rows(settings.format(), settings.source());
        return new Chunked(input, (in, ready) -> {
            PairLabeler.Batch batch = labeler.batch(settings.source());
            while (!batch.full() && in.hasNext()) {
                PairReader.Row r = PairFields.pair(rows, in.next(), lines);
                if (r != null) {
                    batch.add(r);
                }
            }
            for (PairLabeler.Outcome o : labeler.flush(batch)) {
                output(o, ready);
            }
        });
    }

    /** The output rows of one input row: see {@link SparkLabeling#schema}. */
    private void output(PairLabeler.Outcome outcome, ArrayDeque<Row> ready) {
        switch (outcome) {
            case PairLabeler.Labeled l -> {
                ready.add(text(l, "chosen", l.chosen()));
                ready.add(text(l, "rejected", l.rejected()));
            }
            case PairLabeler.Failed f -> {
                Object[] values = new Object[columns.size() + 1 + SparkScoring.ERROR_COLUMNS.size()];
                values[0] = f.error().id();
                values[columns.size()] = f.error().row();
                SparkScoring.errorCells(values, columns.size() + 1, f.stage(), f.error());
                ready.add(RowFactory.create(values));
            }
        }
    }

    private Row text(PairLabeler.Labeled l, String side, double[] features) {
        Object[] values = new Object[columns.size() + 1 + SparkScoring.ERROR_COLUMNS.size()];
        values[0] = l.pair().id();
        values[1] = side;
        for (int i = 0; i < features.length; i++) {
            // NaN (no value) as null, as seal label writes it
            values[2 + i] = Double.isNaN(features[i]) ? null : features[i];
        }
        if (l.verdict() != null) {
            values[2 + features.length] = l.verdict();
        }
        values[columns.size()] = l.pair().row();
        return RowFactory.create(values);
    }
}
