package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.DemoCommandAccess;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import dev.seal.testing.Parts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "must show": {@code seal analyze} on Anthropic hh-rlhf (harmless-base test) scored by two different tiny
 * reward models (seeds 42 and 7; RM0 and RM*), with seal's built-in features, writes the report, and the report passes
 * the headless-browser check. A prefix of the file keeps the test near a minute on two cores
 * ({@code -Dseal.hh.pairs=N} to change it, 0 for the whole file).
 */
class HhRlhfAnalyzeTest {
    @TempDir
    Path dir;

    @Test
    void analyzesHhRlhfScoredByTwoTinyModelsAndTheReportRenders() throws IOException, InterruptedException {
        Path hh = Parts.hhRlhfHarmlessBaseTest();
        NativeTests.requireNative();
        int pairs = Integer.getInteger("seal.hh.pairs", 150);
        Path data = pairs <= 0 ? hh : prefix(hh, dir.resolve("hh-prefix.jsonl.gz"), pairs);
        Path rm0 = NativeTests.tinyLlama();
        Path rmStar = DemoModel.write(dir.resolve("tiny-llama-seed7.gguf"),
                DemoModel.Spec.defaults().withSeed(7).withChatTemplate(DemoCommandAccess.TEMPLATE));
        Path base = dir.resolve("rm0.parquet");
        Path star = dir.resolve("rmstar.parquet");
        long t0 = System.nanoTime();
        for (Path[] ms : new Path[][] {{rm0, base}, {rmStar, star}}) {
            dev.seal.cli.CliRun.Run r = dev.seal.cli.CliRun.seal("score", "--model", ms[0].toString(), "--data", data.toString(), "--out",
                    ms[1].toString(), "-q");
            assertEquals(0, r.code(), r.err());
        }
        long t1 = System.nanoTime();
        Path out = dir.resolve("report");
        dev.seal.cli.CliRun.Run r = dev.seal.cli.CliRun.seal("analyze", "--scores", star.toString(), "--baseline", base.toString(),
                "--data", data.toString(), "--out", out.toString(), "--drop-collinear", "--title",
                "SEAL analysis — hh-rlhf harmless-base test, two tiny RMs");
        long t2 = System.nanoTime();
        assertEquals(0, r.code(), r.err() + r.out());
        System.out.printf("seal-test: hh-rlhf %d pairs: scoring twice %.1f s, analyze %.1f s%n", pairs,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode in = summary.get("inputs");
        int scored = in.get("scores_pairs").asInt();
        assertEquals(scored, in.get("joined_pairs").asInt(), "both models scored the same pairs");
        assertTrue(scored >= (pairs <= 0 ? 2000 : pairs - 5), "scored " + scored);
        for (String set : List.of("RM*", "RM0", "both")) {
            assertEquals(scored, summary.get("pair_sets").get(set).get("pairs").asInt(), set);
        }
        // built-in features were computed from the texts and regressed
        List<String> regressed = new ArrayList<>();
        summary.get("regressed_features").forEach(n -> regressed.add(n.asText()));
        assertTrue(regressed.contains("length_tokens") && regressed.contains("refusal_phrase"), regressed.toString());
        assertEquals(4, summary.get("tables").get("regimes").size());
        int regimeTotal = 0;
        for (JsonNode g : summary.get("tables").get("regimes")) {
            regimeTotal += g.get("n").asInt();
        }
        assertEquals(scored, regimeTotal);
        assertEquals(3, summary.get("tables").get("imprint_models").findValues("response").stream()
                .filter(v -> v.asText().contains("per text")).count());
        for (String f : List.of("report.html", "pairs.csv", "texts.csv", "imprint.csv", "angles.csv", "errors.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        String html = Files.readString(out.resolve("report.html"));
        int explorerRows = ReportTest.count(html, "<tr data-flags=");
        assertTrue(explorerRows > 0 && explorerRows <= 100, explorerRows + " rows");

        Browser browser = Browser.require(dir);
        Path png = Path.of(System.getProperty("java.io.tmpdir")).resolve("seal-analyze-hh-report.png");
        browser.checkReport(out.resolve("report.html"), explorerRows, 9, png);
        System.out.println("seal-test: hh-rlhf report screenshot " + png);
    }

    /** The first {@code n} lines of a gzip JSON Lines file. */
    static Path prefix(Path from, Path to, int n) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(from)),
                StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(to)), StandardCharsets.UTF_8)) {
            String line;
            for (int i = 0; i < n && (line = in.readLine()) != null; i++) {
                out.write(line);
                out.write('\n');
            }
        }
        return to;
    }
}
