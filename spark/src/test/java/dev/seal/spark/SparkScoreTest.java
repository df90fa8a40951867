package dev.seal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.Main;
import dev.seal.data.Format;
import dev.seal.engine.NativeTests;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring in Spark's local mode ({@link LocalSpark}: two task threads, up to four attempts per task) with the tiny
 * test model on the first 200 pairs of the real hh-rlhf file (part {@code data}, beside the clone: see {@link Parts}).
 */
class SparkScoreTest {
    private static final int PAIRS = 200;
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Path data;
    private static Path model;

    @BeforeAll
    static void start() throws IOException {
        NativeTests.requireNative();
        List<String> lines = Parts.hhRlhfHarmlessBaseLines(PAIRS);
        data = Files.write(dir.resolve("hh-200.jsonl"), lines);
        model = NativeTests.tinyLlama();
        spark = LocalSpark.session();
    }

    private static ScoringSettings settings() {
        return ScoringSettings.defaults(model.toString(), Format.HH_RLHF, data.toString());
    }

    /**
     * The Spark output equals seal score's on the same file, row for row, with --exact on both and the same batches:
     * four partitions of 50 consecutive rows, as seal score cuts 200 rows with --chunk-pairs 50. (Batches of other
     * pairs move --exact rewards by f32 rounding: up to about 2e-6 relative on this model.)
     */
    @Test
    void sparkOutputEqualsSealScore() {
        Path cli = dir.resolve("cli.parquet");
        assertEquals(0, Main.run("score", "--model", model.toString(), "--data", data.toString(), "--out", cli.toString(),
                "--exact", "--in-process", "-q", "--chunk-pairs", "50"));
        String out = dir.resolve("spark.parquet").toString();
        assertEquals(0, SparkScore.run(spark, "--model", model.toString(), "--data", data.toString(), "--out", out,
                "--exact", "--partitions", "4", "--chunk-pairs", "50"));

        Dataset<Row> expected = spark.read().parquet(cli.toString());
        Dataset<Row> actual = spark.read().parquet(out);
        assertEquals(names(expected), names(actual), "the columns of seal score's scores file, same names and types");
        List<Row> e = expected.orderBy("row").collectAsList();
        List<Row> a = actual.orderBy("row").collectAsList();
        assertEquals(PAIRS, e.size());
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            Row x = e.get(i);
            Row y = a.get(i);
            for (String c : expected.columns()) {
                switch (c) {
                    case "margin", "agreement" -> { } // derived from the rewards: checked below
                    case String f when x.getAs(c) instanceof Float -> {
                        float fx = x.getAs(c);
                        float fy = y.getAs(c);
                        assertTrue(Math.abs(fx - fy) <= 1e-6 * Math.max(Math.abs(fx), Math.abs(fy)),
                                "row " + x.getAs("row") + " " + f + ": " + fx + " vs " + fy);
                    }
                    default -> assertEquals((Object) x.getAs(c), y.getAs(c), "row " + x.getAs("row") + " " + c);
                }
            }
            float chosen = y.getAs("chosen_reward");
            float rejected = y.getAs("rejected_reward");
            assertEquals(chosen - rejected, (float) y.getAs("margin"), "row " + x.getAs("row") + " margin");
            // the agreement may differ only where the rewards are within rounding of a tie
            if (Math.abs((float) x.getAs("margin")) > 1e-6 * (Math.abs(chosen) + Math.abs(rejected))) {
                assertEquals((Object) x.getAs("agreement"), y.getAs("agreement"), "row " + x.getAs("row") + " agreement");
            }
        }
        assertEquals(0, spark.read().parquet(SparkJob.defaultErrors(out)).count());
    }

    /**
     * Table rows from Parquet (a message-list prompt, hostile rows) through Spark's row conversion give what seal score
     * reads from the same file through DuckDB: the same scores and the same row errors, with the same reasons.
     */
    @Test
    void parquetTableRowsMatchSealScoreScoresAndErrors() throws IOException {
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String prompt = switch (i) {
                case 5 -> "null";
                case 12 -> "[{\"role\": \"system\", \"content\": \"be brief\"}]";
                default -> "[{\"role\": \"user\", \"content\": \"question " + i + "?\"}]";
            };
            String rejected = i == 9 ? "" : "no " + "idea ".repeat(i % 4 + 1);
            rows.add("{\"id\": \"p" + i + "\", \"prompt\": " + prompt + ", \"chosen\": \"answer " + i + " is "
                    + "yes ".repeat(i % 5 + 1) + "\", \"rejected\": \"" + rejected + "\"}");
        }
        String table = dir.resolve("table.parquet").toString();
        spark.read().schema("id STRING, prompt ARRAY<STRUCT<role: STRING, content: STRING>>, chosen STRING, rejected STRING")
                .json(spark.createDataset(rows, Encoders.STRING())).coalesce(1).write().parquet(table);
        Path part;
        try (var files = Files.list(Path.of(table))) {
            part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        Path cli = dir.resolve("table-cli.parquet");
        assertEquals(0, Main.run("score", "--model", model.toString(), "--data", part.toString(), "--out", cli.toString(),
                "--exact", "--in-process", "-q"));
        String out = dir.resolve("table-spark.parquet").toString();
        assertEquals(0, SparkScore.run(spark, "--model", model.toString(), "--data", table, "--out", out, "--exact"));

        List<Row> expected = spark.read().parquet(cli.toString()).orderBy("row").collectAsList();
        List<Row> actual = spark.read().parquet(out).orderBy("row").collectAsList();
        assertEquals(27, expected.size());
        assertEquals(expected.stream().map(r -> r.getAs("id") + " " + r.getAs("chosen_tokens") + " " + r.getAs("rejected_tokens")).toList(),
                actual.stream().map(r -> r.getAs("id") + " " + r.getAs("chosen_tokens") + " " + r.getAs("rejected_tokens")).toList());
        Dataset<Row> errors = spark.read().parquet(SparkJob.defaultErrors(out)).orderBy("row");
        assertEquals(List.of("5 p5 null_value read row 5, field 'prompt': is null",
                "9 p9 empty_text read row 9, field 'rejected': empty text",
                "12 p12 unparseable_dialogue read row 12, field 'prompt': no user message before the response"),
                errors.collectAsList().stream().map(r -> r.getAs("row") + " " + r.getAs("id") + " " + r.getAs("reason")
                        + " " + r.getAs("stage") + " " + r.getAs("detail")).toList());
        List<String> cliErrors = Files.readAllLines(dir.resolve("table-cli.errors.jsonl"));
        assertEquals(3, cliErrors.size());
        for (Row r : errors.collectAsList()) {
            assertTrue(cliErrors.stream().anyMatch(l -> l.contains("\"row\":" + r.getAs("row") + ",")
                    && l.contains("\"reason\":\"" + r.getAs("reason") + "\"") && l.contains("\"detail\":\"" + r.getAs("detail") + "\"")),
                    "seal score's errors file has " + r + ": " + cliErrors);
        }
    }

    private static List<String> names(Dataset<Row> d) {
        return java.util.Arrays.stream(d.schema().fields()).map(f -> f.name() + " " + f.dataType().simpleString()).toList();
    }

    /** Failures injected by {@link #failOnce}: one, on the first attempt of partition 1. */
    static final AtomicInteger INJECTED = new AtomicInteger();

    /** Kills the first attempt of partition 1 after it has passed on 20 scored rows (to the writer). */
    private static final MapPartitionsFunction<Row, Row> failOnce = rows -> {
        TaskContext task = TaskContext.get();
        boolean fail = task.partitionId() == 1 && task.attemptNumber() == 0;
        return new java.util.Iterator<>() {
            int passed;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (fail && passed == 20) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected: task killed mid-partition");
                }
                passed++;
                return rows.next();
            }
        };
    };

    /** A task killed mid-partition is retried; the written output still holds each row and id once. */
    @Test
    void killedTaskIsRetriedWithoutDuplicatesOrGaps() {
        ScoringSettings s = new ScoringSettings(model.toString(), -1, 0, 0, 0, true, false, false, null,
                dev.seal.format.PairFormatter.Truncation.ERROR, dev.seal.format.PairFormatter.ContentTokens.PARSE, 16,
                1 << 24, Format.HH_RLHF, data.toString());
        Dataset<Row> input = spark.read().text(data.toString());
        Dataset<Row> scored = SparkScoring.scoreJsonLines(input, s, 3);
        Dataset<Row> faulty = scored.mapPartitions(failOnce, Encoders.row(scored.schema()));
        String out = dir.resolve("retried.parquet").toString();
        String errors = dir.resolve("retried.errors.parquet").toString();
        SparkScoring.scores(faulty).write().parquet(out);
        SparkScoring.errors(scored).write().parquet(errors);
        assertEquals(1, INJECTED.get(), "the first attempt of partition 1 was killed");

        OutputCheck.Counts c = OutputCheck.check(input, true, spark.read().parquet(out), spark.read().parquet(errors));
        assertEquals(PAIRS, c.scored() + c.errors());
        Dataset<Row> written = spark.read().parquet(out);
        assertEquals(written.count(), written.select("id").distinct().count());
        assertEquals(1, Engines.loads(new Engines.Key(s.setup(), null)), "the retried task reused the loaded model");
    }

    /** Several partitions and tasks on one executor load the model once. */
    @Test
    void modelLoadsOncePerExecutorNotPerTask() {
        ScoringSettings s = settings().withGpuLayers(0);
        Dataset<Row> scored = SparkScoring.scoreJsonLines(spark.read().text(data.toString()), s, 6);
        assertEquals(6, scored.rdd().getNumPartitions());
        assertEquals(PAIRS, scored.count());
        assertEquals(PAIRS, scored.filter(scored.col("chosen_reward").isNotNull()).count());
        assertEquals(1, Engines.loads(new Engines.Key(s.setup(), null)));
    }

    /** The check after a job names input rows that are missing or doubled in the written output. */
    @Test
    void outputCheckNamesMissingAndDoubledRows() {
        Dataset<Row> input = spark.read().text(data.toString());
        Dataset<Row> scores = spark.range(1, PAIRS + 1).selectExpr("concat('r', id) AS id", "id AS row")
                .filter("row != 7").union(spark.range(3, 4).selectExpr("'r3x' AS id", "id AS row"));
        Dataset<Row> errors = spark.range(0).selectExpr("'x' AS id", "id AS row");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> OutputCheck.check(input, true, scores, errors));
        assertTrue(e.getMessage().contains("input rows written more than once (3 x2)"), e.getMessage());
        assertTrue(e.getMessage().contains("input rows with no output row (row 7)"), e.getMessage());
    }
}
