package dev.seal.spark;

import static org.apache.spark.sql.functions.col;

import dev.seal.data.RowError;
import dev.seal.engine.Model;
import dev.seal.score.ScoreColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame of preference pairs with a GGUF reward model on Spark's executors: the Spark form of
 * {@code seal score}.
 *
 * <p>Input: the rows {@code seal score} reads, either as table columns ({@code prompt}/{@code chosen}/{@code rejected},
 * {@code id}/{@code pair_id}; a Parquet dataset, see {@link #score}) or as the lines of a JSON Lines file, hh-rlhf or
 * generic ({@code spark.read().text(...)}, see {@link #scoreJsonLines}). Rows are numbered in the DataFrame's order
 * from 1, as seal numbers a file's rows, so ids derived from the row number ("r" + row) match {@code seal score}'s on
 * the same file.
 *
 * <p>Output: one row per input row, with the columns of {@code seal score}'s scores file (same names and types, see
 * {@link ScoreColumns}) and the error columns {@value #ERROR_STAGE}, {@value #ERROR_REASON}, {@value #ERROR_DETAIL},
 * {@value #ERROR_SOURCE}, null on a scored row; on an error row they hold what {@code seal score}'s errors file holds
 * (stage, reason code, detail, source) and of the score columns only id (when known) and row are set.
 */
public final class SparkScoring {
    public static final String ERROR_STAGE = "error_stage";
    public static final String ERROR_REASON = "error_reason";
    public static final String ERROR_DETAIL = "error_detail";
    public static final String ERROR_SOURCE = "error_source";
    static final List<String> ERROR_COLUMNS = List.of(ERROR_STAGE, ERROR_REASON, ERROR_DETAIL, ERROR_SOURCE);
    /** The 1-based row number this class puts first in the rows it hands the executors. */
    static final String ROW = "_seal_row";
    static final int ROW_INDEX = 0;

    private SparkScoring() {}

    /**
     * Scores table rows (the columns {@code seal score} reads from Parquet or CSV).
     *
     * @param partitions how many tasks score the rows (their rows spread by row number); 0 keeps the input's partitions
     */
    public static Dataset<Row> score(Dataset<Row> pairs, ScoringSettings settings, int partitions) {
        return run(pairs, settings, partitions, false);
    }

    /** Scores the lines of a JSON Lines file, read with {@code spark.read().text(path)} (one column, {@code value}). */
    public static Dataset<Row> scoreJsonLines(Dataset<Row> lines, ScoringSettings settings, int partitions) {
        requireLines(lines);
        return run(lines, settings, partitions, true);
    }

    /** @throws IllegalArgumentException {@code lines} is not what {@code spark.read().text(...)} gives */
    static void requireLines(Dataset<Row> lines) {
        StructType s = lines.schema();
        if (s.fields().length != 1 || !s.fields()[0].dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("expected the lines of a text file (one string column), got " + s.simpleString());
        }
    }

    private static Dataset<Row> run(Dataset<Row> pairs, ScoringSettings settings, int partitions, boolean lines) {
        List<String> labels = labels(settings.modelPath());
        return spread(pairs, partitions).mapPartitions(new ScorePartition(settings, labels, lines),
                Encoders.row(schema(labels)));
    }

    /** The rows {@link #numbered}, in {@code partitions} {@link #inRanges ranges} (0: the input's partitions). */
    static Dataset<Row> spread(Dataset<Row> pairs, int partitions) {
        return partitions > 0 ? inRanges(numbered(pairs), partitions) : numbered(pairs);
    }

    /**
     * The model's labels, read on the driver from a vocabulary-only load (no weights), so the output schema is known
     * before any executor loads the model.
     */
    static List<String> labels(String modelPath) {
        try (Model m = Model.load(Path.of(modelPath), new Model.Options(0, true, true))) {
            return m.info().labels();
        }
    }

    /** The rows with their 1-based number in the DataFrame's order as a first column, {@value #ROW}. */
    static Dataset<Row> numbered(Dataset<Row> pairs) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
        fields.addAll(List.of(pairs.schema().fields()));
        JavaRDD<Row> rows = pairs.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().length() + 1];
            v[0] = t._2() + 1;
            for (int i = 0; i < t._1().length(); i++) {
                v[i + 1] = t._1().get(i);
            }
            return RowFactory.create(v);
        });
        return pairs.sparkSession().createDataFrame(rows, DataTypes.createStructType(fields));
    }

    /**
     * The numbered rows spread over {@code n} partitions of consecutive rows, in row order within each: partition k
     * holds the k-th n-th of the input. Each partition's rows then reach the engine in the batches {@code seal score}
     * would make of them, and each part file of the output is in input order.
     */
    static Dataset<Row> inRanges(Dataset<Row> numbered, int n) {
        long total = numbered.count();
        JavaRDD<Row> ranged = numbered.javaRDD().keyBy(r -> r.getLong(ROW_INDEX))
                .repartitionAndSortWithinPartitions(new RowRanges(n, total)).values();
        return numbered.sparkSession().createDataFrame(ranged, numbered.schema());
    }

    /** Row k of {@code total} (from 1) to partition floor((k - 1) * n / total). */
    private static final class RowRanges extends org.apache.spark.Partitioner {
        private final int n;
        private final long total;

        RowRanges(int n, long total) {
            this.n = n;
            this.total = Math.max(1, total);
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object row) {
            return (int) Math.min(n - 1, Math.floorDiv(((Long) row - 1) * n, total));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RowRanges r && r.n == n && r.total == total;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(total) * 31 + n;
        }
    }

    /** The output schema for a model with these labels: the scores file's columns, then the error columns. */
    public static StructType schema(List<String> labels) {
        List<StructField> fields = new ArrayList<>();
        for (ScoreColumns.Column c : ScoreColumns.of(labels).columns()) {
            fields.add(DataTypes.createStructField(c.name(), type(c.type()), true));
        }
        for (String e : ERROR_COLUMNS) {
            fields.add(DataTypes.createStructField(e, DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType type(ScoreColumns.Type t) {
        return switch (t) {
            case VARCHAR -> DataTypes.StringType;
            case BIGINT -> DataTypes.LongType;
            case FLOAT -> DataTypes.FloatType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INTEGER -> DataTypes.IntegerType;
        };
    }

    /** An error row's error columns, from {@code at}: the errors file's stage, reason, detail and source. */
    static void errorCells(Object[] values, int at, String stage, RowError error) {
        values[at] = stage;
        values[at + 1] = error.reason();
        values[at + 2] = error.detail();
        values[at + 3] = error.source();
    }

    /** The scored rows of {@link #score}'s output, with exactly the scores file's columns. */
    public static Dataset<Row> scores(Dataset<Row> scored) {
        return done(scored, List.of());
    }

    /** The rows of an output with no error, without the error columns and {@code drop}. */
    static Dataset<Row> done(Dataset<Row> output, List<String> drop) {
        List<String> keep = new ArrayList<>(List.of(output.columns()));
        keep.removeAll(ERROR_COLUMNS);
        keep.removeAll(drop);
        return output.filter(col(ERROR_STAGE).isNull()).select(keep.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /** The error rows of {@link #score}'s output, with the errors file's columns: source, row, id, reason, detail, stage. */
    public static Dataset<Row> errors(Dataset<Row> scored) {
        return scored.filter(col(ERROR_STAGE).isNotNull()).select(col(ERROR_SOURCE).as("source"), col("row"), col("id"),
                col(ERROR_REASON).as("reason"), col(ERROR_DETAIL).as("detail"), col(ERROR_STAGE).as("stage"));
    }
}
