package dev.seal.spark;

import dev.seal.analyze.FeatureTable;
import dev.seal.label.PairLabeler;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Labels a DataFrame of preference pairs with an LM labeler in probe mode on Spark's executors: the Spark form of
 * {@code seal label}. The input is what {@link SparkScoring} takes (table rows, or the lines of a JSON Lines file),
 * numbered the same way.
 *
 * <p>Output: the feature table {@code seal label} writes (same columns, names, types and values: {@code id},
 * {@code side}, a double per taxonomy key, {@code labeler_preference} when the taxonomy has what it needs), then
 * {@code row} (the input row number) and the error columns of {@link SparkScoring}. A labeled pair is two rows, chosen
 * then rejected, with null error columns; a row that could not be read or labeled is one row with the errors file's
 * stage, reason, detail and source, its id (when known) and row, and nulls elsewhere.
 */
public final class SparkLabeling {
    /** The input row number column, after the feature table's columns. */
    static final String ROW = "row";

    private SparkLabeling() {}

    /**
     * Labels table rows (the columns {@code seal label} reads from Parquet or CSV).
     *
     * @param partitions how many tasks label the rows (their rows spread by row number); 0 keeps the input's partitions
     */
    public static Dataset<Row> label(Dataset<Row> pairs, LabelingSettings settings, int partitions) {
        return run(pairs, settings, partitions, false);
    }

    /** Labels the lines of a JSON Lines file, read with {@code spark.read().text(path)} (one column, {@code value}). */
    public static Dataset<Row> labelJsonLines(Dataset<Row> lines, LabelingSettings settings, int partitions) {
        SparkScoring.requireLines(lines);
        return run(lines, settings, partitions, true);
    }

    private static Dataset<Row> run(Dataset<Row> pairs, LabelingSettings settings, int partitions, boolean lines) {
        List<String> columns = PairLabeler.columns(settings.labeler().taxonomy());
        return SparkScoring.spread(pairs, partitions).mapPartitions(new LabelPartition(settings, columns, lines),
                Encoders.row(schema(columns)));
    }

    /** The output schema for these feature-table columns: them, {@value #ROW}, then the error columns. */
    static StructType schema(List<String> columns) {
        List<StructField> fields = new ArrayList<>();
        for (String c : columns) {
            // the types seal label's Parquet table has (dev.seal.label.FeatureWriter)
            boolean text = c.equals("id") || c.equals("side") || c.equals(FeatureTable.LABELER);
            fields.add(DataTypes.createStructField(c, text ? DataTypes.StringType : DataTypes.DoubleType, true));
        }
        fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
        for (String e : SparkScoring.ERROR_COLUMNS) {
            fields.add(DataTypes.createStructField(e, DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The labeled texts of {@link #label}'s output, with exactly the feature table's columns. */
    public static Dataset<Row> features(Dataset<Row> labeled) {
        return SparkScoring.done(labeled, List.of(ROW));
    }

    /** The error rows of {@link #label}'s output, with the errors file's columns (as {@link SparkScoring#errors}). */
    public static Dataset<Row> errors(Dataset<Row> labeled) {
        return SparkScoring.errors(labeled);
    }
}
