package dev.seal.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The check after a Spark scoring or labeling job, on the output as written: each input row is in the scores (or the
 * feature table) or the errors exactly once, and no id is scored (labeled) twice. Spark's output commit protocol keeps only one attempt of each task, so a retried
 * task or a lost executor should leave nothing missing or doubled; this proves it for the run at hand, and turns ids
 * that the input repeats across partitions (which one partition's id check cannot see) into a clear error.
 */
final class OutputCheck {
    /** Examples named per problem. */
    private static final int EXAMPLES = 5;

    /** @param scored the rows scored, or the pairs labeled */
    record Counts(long scored, long errors) {}

    private OutputCheck() {}

    /**
     * @param input the job's input as read (before numbering)
     * @param lines the input is JSON Lines text, whose blank lines are rows of no output
     * @throws IllegalStateException naming what is missing, doubled or repeated, with examples
     */
    static Counts check(Dataset<Row> input, boolean lines, Dataset<Row> scores, Dataset<Row> errors) {
        Dataset<Row> expected = expected(input, lines);
        Dataset<Row> written = scores.select("row").union(errors.select("row"));
        List<String> problems = new ArrayList<>();
        rows(expected, written, problems);
        List<Row> missing = expected.join(written, expected.col("row").equalTo(written.col("row")), "left_anti")
                .limit(EXAMPLES).collectAsList();
        if (!missing.isEmpty()) {
            problems.add("input rows with no output row (row " + examples(missing) + ")");
        }
        List<Row> repeated = scores.groupBy("id").count().filter(col("count").gt(1)).limit(EXAMPLES).collectAsList();
        if (!repeated.isEmpty()) {
            problems.add("ids scored more than once (" + examples(repeated) + "): " + UNIQUE_IDS);
        }
        return counts(problems, scores.count(), errors.count());
    }

    /**
     * The check after a Spark labeling job, whose feature table has ids and no row numbers: each id's texts are one
     * chosen and one rejected row, each error row is an input row written once, and the labeled pairs and the errors
     * together are as many as the input rows.
     *
     * @return the labeled pairs (not texts) and the errors
     * @throws IllegalStateException naming what is missing, doubled or repeated, with examples
     */
    static Counts checkLabels(Dataset<Row> input, boolean lines, Dataset<Row> features, Dataset<Row> errors) {
        Dataset<Row> expected = expected(input, lines);
        List<String> problems = new ArrayList<>();
        rows(expected, errors.select("row"), problems);
        List<Row> unpaired = features.groupBy("id").agg(count(lit(1)).as("n"), countDistinct("side").as("sides"))
                .filter(col("n").notEqual(2).or(col("sides").notEqual(2))).select("id", "n").limit(EXAMPLES)
                .collectAsList();
        if (!unpaired.isEmpty()) {
            problems.add("ids whose texts are not one chosen and one rejected row (" + examples(unpaired) + "): "
                    + UNIQUE_IDS);
        }
        long pairs = features.select("id").distinct().count();
        long errorRows = errors.count();
        long inputRows = expected.count();
        if (pairs + errorRows != inputRows) {
            problems.add(inputRows + " input rows, but " + pairs + " labeled pairs and " + errorRows + " error rows");
        }
        return counts(problems, pairs, errorRows);
    }

    private static final String UNIQUE_IDS = "the input repeats them; ids must be unique (rows with a prompt_id and no"
            + " id are numbered <prompt_id>#<n> within a partition only: give such input an id column)";

    /** The input's row numbers that must each be written once. */
    private static Dataset<Row> expected(Dataset<Row> input, boolean lines) {
        Dataset<Row> expected = SparkScoring.numbered(input);
        if (lines) {
            expected = expected.filter((FilterFunction<Row>) r -> !r.getString(SparkScoring.ROW_INDEX + 1).isBlank());
        }
        return expected.select(col(SparkScoring.ROW).as("row"));
    }

    /** Adds the rows {@code written} (column row) holds more than once, and those that are no input row. */
    private static void rows(Dataset<Row> expected, Dataset<Row> written, List<String> problems) {
        List<Row> doubled = written.groupBy("row").count().filter(col("count").gt(1)).limit(EXAMPLES).collectAsList();
        if (!doubled.isEmpty()) {
            problems.add("input rows written more than once (" + examples(doubled) + ")");
        }
        List<Row> stray = written.join(expected, written.col("row").equalTo(expected.col("row")), "left_anti")
                .limit(EXAMPLES).collectAsList();
        if (!stray.isEmpty()) {
            problems.add("output rows that are no input row (row " + examples(stray) + ")");
        }
    }

    private static Counts counts(List<String> problems, long done, long errors) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the written output does not hold each input row once: "
                    + String.join("; ", problems));
        }
        return new Counts(done, errors);
    }

    private static String examples(List<Row> rows) {
        List<String> each = new ArrayList<>();
        for (Row r : rows) {
            each.add(r.size() > 1 ? r.get(0) + " x" + r.get(1) : String.valueOf(r.get(0)));
        }
        return String.join(", ", each) + (rows.size() == EXAMPLES ? ", ..." : "");
    }
}
