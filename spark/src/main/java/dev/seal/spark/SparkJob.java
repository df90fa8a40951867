package dev.seal.spark;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** What the spark-submit entry points share: reading --data and writing the output and the errors. */
final class SparkJob {
    /**
     * The input as read.
     *
     * @param rows   table rows, or the lines of a JSON Lines file (one column, value)
     * @param lines  the rows are JSON Lines text
     * @param format how seal maps the rows: PARQUET for table rows, else the JSON Lines format
     */
    record Input(Dataset<Row> rows, boolean lines, Format format) {}

    private SparkJob() {}

    /** A spark-submit main: runs the command on the application's session, stops it, exits with the command's code. */
    static void main(String appName, java.util.function.BiFunction<SparkSession, String[], Integer> command,
                     String[] args) {
        SparkSession spark = SparkSession.builder().appName(appName).getOrCreate();
        int code;
        try {
            code = command.apply(spark, args);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /**
     * Reads --data: JSON Lines by the name (.jsonl/.json, gzipped or not), as seal decides; else Parquet. The path may
     * be on any file system Spark reads (hdfs:, s3a:).
     *
     * @param format --format: for JSON Lines with AUTO, told from the first rows when the driver can read the file,
     *               else JSONL
     */
    static Input read(SparkSession spark, String data, Format format) throws IOException {
        boolean parquet = !data.toLowerCase(Locale.ROOT).matches(".*\\.jsonl?(\\.gz)?");
        Format rows = parquet ? Format.PARQUET : format != Format.AUTO ? format
                : Files.isRegularFile(Path.of(data)) ? Datasets.detect(Path.of(data)) : Format.JSONL;
        return new Input(parquet ? spark.read().parquet(data) : spark.read().text(data), !parquet, rows);
    }

    /**
     * Writes a job's output as two Parquet directories with Spark's output commit protocol: {@code done} of it to
     * {@code out}, its error rows to {@code errors}. The output is computed once for both.
     */
    static void write(Dataset<Row> output, UnaryOperator<Dataset<Row>> done, String out, String errors) {
        Dataset<Row> kept = output.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            done.apply(kept).write().parquet(out);
            SparkScoring.errors(kept).write().parquet(errors);
        } finally {
            kept.unpersist();
        }
    }

    /** Checks a written output against its input (OutputCheck.check or checkLabels). */
    interface Check {
        OutputCheck.Counts apply(Dataset<Row> input, boolean lines, Dataset<Row> out, Dataset<Row> errors);
    }

    /**
     * The entry points' common end: writes {@code output} (see {@link #write}), checks what was written against the
     * input, and prints the counts, the rate since {@code startNanos} and both paths.
     *
     * @param done  what of an output row goes to {@code out} (its columns)
     * @param verb  "scored" or "labeled"
     * @param what  the name of the {@code out} directory's table ("scores", "features")
     */
    static void finish(SparkSession spark, Input in, Dataset<Row> output, UnaryOperator<Dataset<Row>> done, Check check,
                       String out, String errors, long startNanos, String verb, String what) {
        write(output, done, out, errors);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        OutputCheck.Counts c = check.apply(in.rows(), in.lines(), spark.read().parquet(out), spark.read().parquet(errors));
        System.out.printf(Locale.ROOT, "%-15s%,d%nerrors         %,d%nseconds        %.1f (%.1f pairs/s)%n%s: %s%nerrors: %s%n",
                "pairs " + verb, c.scored(), c.errors(), seconds, c.scored() / seconds, what, out, errors);
    }

    /** {@code <out less .parquet>.errors.parquet}, beside --out. */
    static String defaultErrors(String out) {
        String stem = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
        if (stem.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            stem = stem.substring(0, stem.length() - ".parquet".length());
        }
        return stem + ".errors.parquet";
    }
}
