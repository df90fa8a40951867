package dev.seal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.Main;
import dev.seal.data.Format;
import dev.seal.engine.NativeTests;
import dev.seal.label.Taxonomy;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe-mode labeling in Spark's local mode ({@link LocalSpark}) with the tiny instruct model the label tests use, on the
 * first 50 pairs of the real hh-rlhf file (part {@code data}: see {@link Parts}) plus two rows that must be errors.
 */
class SparkLabelTest {
    private static final int PAIRS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path model;
    private static Path data;
    @TempDir
    static Path dir;

    /**
     * The pairs, with a line that is not JSON at row 5 and a pair far longer than --max-tokens at row 30: 52 rows.
     * Two partitions of 26 consecutive rows with --batch 25 then get the batches seal label cuts from the file: rows
     * 1-26 (25 readable pairs), 27-51 and 52.
     */
    @BeforeAll
    static void start() throws IOException {
        model = NativeTests.tinyInstruct(); // skips the class without libseal, or fails when it is required
        List<String> lines = new ArrayList<>(Parts.hhRlhfHarmlessBaseLines(PAIRS));
        lines.add(4, "{not json");
        String longAnswer = "and then the chain again ".repeat(400);
        lines.add(29, JSON.writeValueAsString(Map.of("chosen", "\n\nHuman: how do I fix a bike?\n\nAssistant: " + longAnswer,
                "rejected", "\n\nHuman: how do I fix a bike?\n\nAssistant: No.")));
        data = Files.write(dir.resolve("hh-52.jsonl"), lines);
    }

    /**
     * The Spark feature table equals seal label's on the same file, row for row (same columns, names, types, values
     * within 1e-6), its errors are seal label's errors, the labeler was loaded once for both partitions, and seal
     * analyze reads the Parquet directory as it reads seal label's file: the same feature analysis.
     */
    @Test
    void sparkFeatureTableEqualsSealLabelsAndAnalyzeReadsIt() throws IOException {
        SparkSession spark = LocalSpark.session();
        Path cli = dir.resolve("cli.parquet");
        assertEquals(0, Main.run("label", "--model", model.toString(), "--data", data.toString(), "--out", cli.toString(),
                "--exact", "--max-tokens", "1024", "--batch", "25"));
        String out = dir.resolve("spark.parquet").toString();
        assertEquals(0, SparkLabel.run(spark, "--model", model.toString(), "--data", data.toString(), "--out", out,
                "--exact", "--max-tokens", "1024", "--batch", "25", "--partitions", "2"));
        LabelingSettings.Labeler setup = new LabelingSettings.Labeler(model.toString(), -1, Taxonomy.defaults(), false,
                null, 25, 1024, 0, true);
        assertEquals(1, Engines.loads(Engines.labelerKey(setup, null)), "one load for the two partitions of the executor");

        Dataset<Row> expected = spark.read().parquet(cli.toString());
        Dataset<Row> actual = spark.read().parquet(out);
        assertEquals(names(expected), names(actual), "seal label's columns, same names and types");
        List<Row> e = expected.orderBy("id", "side").collectAsList();
        List<Row> a = actual.orderBy("id", "side").collectAsList();
        assertEquals(2 * PAIRS, e.size(), "the hh-rlhf pairs, two texts each (the too-long pair is an error)");
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            for (String c : expected.columns()) {
                Object x = e.get(i).getAs(c);
                Object y = a.get(i).getAs(c);
                String where = e.get(i).getAs("id") + " " + e.get(i).getAs("side") + " " + c;
                if (x instanceof Double dx && y instanceof Double dy) {
                    assertTrue(Math.abs(dx - dy) <= 1e-6, where + ": " + dx + " vs " + dy);
                } else {
                    assertEquals(x, y, where);
                }
            }
        }

        List<String> cliErrors = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("cli.errors.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            cliErrors.add(n.get("row").asLong() + " " + n.get("id").asText("") + " " + n.get("reason").asText() + " "
                    + n.get("stage").asText() + " " + n.get("detail").asText());
        }
        List<String> sparkErrors = spark.read().parquet(SparkJob.defaultErrors(out)).orderBy("row").collectAsList().stream()
                .map(r -> r.getAs("row") + " " + (r.getAs("id") == null ? "" : r.getAs("id")) + " " + r.getAs("reason")
                        + " " + r.getAs("stage") + " " + r.getAs("detail")).toList();
        assertEquals(2, cliErrors.size(), cliErrors.toString());
        assertEquals(cliErrors, sparkErrors);

        assertEquals(analyze(cli.toString(), "cli-report"), analyze(out, "spark-report"));
    }

    /** seal analyze's feature analysis (features.csv) of the pairs' scores (the tiny RM) with this feature table. */
    private static String analyze(String features, String name) throws IOException {
        Path scores = dir.resolve("scores.jsonl");
        if (!Files.exists(scores)) {
            assertEquals(0, Main.run("score", "--model", NativeTests.tinyLlama().toString(), "--data", data.toString(),
                    "--out", scores.toString(), "--in-process", "-q"));
        }
        Path report = dir.resolve(name);
        assertEquals(0, Main.run("analyze", "--scores", scores.toString(), "--data", data.toString(), "--features",
                features, "--out", report.toString(), "--drop-incomplete"));
        String table = Files.readString(report.resolve("features.csv"));
        for (String k : Taxonomy.defaults().keys()) {
            assertTrue(table.contains(k), k + " missing from the analysis's features: " + table);
        }
        return table.replace(features, "FEATURES"); // the source column names the file
    }

    /** The check after a labeling job names ids not labeled as one pair, error rows written twice, and missing rows. */
    @Test
    void labelCheckNamesDoubledIdsAndMissingRows() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> input = spark.read().text(data.toString());
        Dataset<Row> features = spark.range(1, 49).selectExpr("concat('r', id) AS id", "explode(array('chosen', 'rejected')) AS side")
                .union(spark.range(7, 8).selectExpr("'r7' AS id", "'chosen' AS side"));
        Dataset<Row> errors = spark.range(5, 6).union(spark.range(5, 6)).selectExpr("'x' AS id", "id AS row");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OutputCheck.checkLabels(input, true, features, errors));
        assertTrue(e.getMessage().contains("input rows written more than once (5 x2)"), e.getMessage());
        assertTrue(e.getMessage().contains("ids whose texts are not one chosen and one rejected row (r7 x3)"), e.getMessage());
        assertTrue(e.getMessage().contains("52 input rows, but 48 labeled pairs and 2 error rows"), e.getMessage());
    }

    private static List<String> names(Dataset<Row> d) {
        return Arrays.stream(d.schema().fields()).map(f -> f.name() + " " + f.dataType().simpleString()).toList();
    }
}
