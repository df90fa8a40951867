package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun.Run;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import dev.seal.label.Taxonomy;
import dev.seal.testing.Parts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal label` in probe mode on real hh-rlhf pairs with a tiny random model: what the table holds, not what it says. */
class LabelCommandTest {
    /** The main test's pairs, as many as the acceptance run; the others use {@link #FEW}. */
    private static final int PAIRS = 200;
    private static final int FEW = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * The first {@code pairs} harmless-base test pairs, plus a line that is not JSON and a pair whose response is
     * far longer than --max-tokens: the two rows that must land in the errors file.
     */
    private Path data(int pairs) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Parts.hhRlhfHarmlessBaseTest())), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null && lines.size() < pairs; line = r.readLine()) {
                lines.add(line);
            }
        }
        lines.add(10, "{not json");
        String longAnswer = "and then the chain again ".repeat(400);
        lines.add(20, JSON.writeValueAsString(Map.of("chosen", "\n\nHuman: how do I fix a bike?\n\nAssistant: " + longAnswer,
                "rejected", "\n\nHuman: how do I fix a bike?\n\nAssistant: No.")));
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, lines);
        return data;
    }

    private static Run label(Path model, Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("label", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--max-tokens", "1024", "--batch", "16"));
        args.addAll(List.of(more));
        return seal(args.toArray(String[]::new));
    }

    /** A successful labeling run on the tiny llama. */
    private record Labeled(Path model, Path data, Path out, Run run) {}

    private Labeled labeled(int pairs, String outName) throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = data(pairs);
        Path out = dir.resolve(outName);
        Run r = label(model, data, out);
        assertEquals(0, r.code(), r.err());
        return new Labeled(model, data, out, r);
    }

    /**
     * Scores the pairs with `seal score` and analyzes the scores with the labeler's table; returns the report. A pair
     * the labeler could not label is in the scores only, so analyze is told to leave it out.
     */
    private Path scoreAndAnalyze(Path model, Path data, Path features) {
        Path scores = dir.resolve("scores.jsonl");
        Run score = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", scores.toString(), "-q");
        assertEquals(0, score.code(), score.err());
        Path report = dir.resolve("report");
        Run analyze = seal("analyze", "--scores", scores.toString(), "--data", data.toString(), "--features",
                features.toString(), "--out", report.toString(), "--drop-incomplete");
        assertEquals(0, analyze.code(), analyze.err());
        return report;
    }

    @Test
    void labelsEveryPairOnEveryFeatureAndAnalyzeReadsTheTable() throws IOException {
        Labeled l = labeled(PAIRS, "features.csv");
        Path model = l.model();
        Path data = l.data();
        Path out = l.out();
        Run r = l.run();

        List<String> keys = Taxonomy.defaults().keys();
        List<String> rows = Files.readAllLines(out);
        List<String> header = List.of(rows.get(0).split(","));
        List<String> expected = new ArrayList<>(List.of("id", "side"));
        expected.addAll(keys);
        expected.add("labeler_preference");
        assertEquals(expected, header);

        Map<String, Long> reasons = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("features.errors.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            reasons.merge(e.get("reason").asText() + "/" + e.get("stage").asText(), 1L, Long::sum);
        }
        assertEquals(Map.of("invalid_json/read", 1L, "too_long/label", 1L), reasons);

        // every good pair has both sides, every feature is a probability, the verdict is one of analyze's words
        Map<String, Set<String>> sides = new HashMap<>();
        Set<String> verdicts = new HashSet<>();
        Set<String> harmless = new HashSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(header.size(), cells.length, row);
            assertTrue(sides.computeIfAbsent(cells[0], k -> new HashSet<>()).add(cells[1]), "repeated " + row);
            for (int i = 2; i < 2 + keys.size(); i++) {
                double p = Double.parseDouble(cells[i]);
                assertTrue(p >= 0 && p <= 1, header.get(i) + " = " + p + " in " + row);
            }
            verdicts.add(cells[header.size() - 1]);
            harmless.add(cells[2]);
        }
        assertTrue(harmless.size() > PAIRS, "each text gets its own probability: " + harmless.size() + " values");
        assertEquals(PAIRS, sides.size(), "every readable pair but the too-long one, and that one is in the errors file");
        sides.forEach((id, s) -> assertEquals(Set.of("chosen", "rejected"), s, id));
        assertTrue(Set.of("chosen", "rejected", "indifferent").containsAll(verdicts), verdicts.toString());
        assertTrue(r.out().contains("pairs labeled  " + PAIRS), r.out());

        // the same pairs scored by seal score, then analyzed with the labels
        Path report = scoreAndAnalyze(model, data, out);
        JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
        assertEquals(out.toString(), summary.get("inputs").get("features").get(0).asText(), summary.toString());
        String featureTable = Files.readString(report.resolve("features.csv"));
        for (String k : keys) {
            assertTrue(featureTable.contains(k), k + " missing from the analysis's features: " + featureTable);
        }
    }

    @Test
    void aRerunWritesTheSameBytes() throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = data(FEW);
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        assertEquals(0, label(model, data, first).code());
        assertEquals(0, label(model, data, second).code());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertEquals(Files.readString(dir.resolve("first.errors.jsonl")),
                Files.readString(dir.resolve("second.errors.jsonl")));
        assertEquals(2L * FEW, Files.readAllLines(first).size());
    }

    @Test
    void anUnknownTaxonomyKeyIsOneLineAndExit3() throws IOException {
        Path taxonomy = dir.resolve("taxonomy.json");
        Files.writeString(taxonomy, """
                {"instruction": "Judge it.", "answers": {"yes": "Yes", "no": "No"},
                 "questions": {"last_response_is_harmless": "Harmless?", "last_response_is_funny": "Funny?"}}
                """);
        Path out = dir.resolve("features.csv");
        Run r = label(NativeTests.tinyLlama(), data(FEW), out, "--taxonomy", taxonomy.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("last_response_is_funny") && r.err().contains(taxonomy.toString()), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aModelWithoutAChatTemplateNeedsRaw() throws IOException {
        NativeTests.requireNative();
        Path model = DemoModel.write(dir.resolve("notemplate.gguf"), DemoModel.Spec.defaults());
        Path data = data(FEW);
        Path out = dir.resolve("features.jsonl");
        Run chat = label(model, data, out);
        assertEquals(Main.EXIT_MODEL, chat.code(), chat.err());
        assertTrue(chat.err().contains("no chat template") && chat.err().contains("--raw"), chat.err());
        Run raw = label(model, data, out, "--raw");
        assertEquals(0, raw.code(), raw.err());
        assertEquals(2L * FEW, Files.readAllLines(out).size());
    }

    @Test
    /** Told it cannot label, not that it lacks a chat template: the prober opens before the prompts are made. */
    void aClassifierIsRefusedAsALabeler() throws IOException {
        NativeTests.requireNative();
        Path bert = dev.seal.gguf.TinyModels.bertClassifier(dir.resolve("bert.gguf"),
                dev.seal.gguf.TinyModels.BertSpec.defaults());
        Path out = dir.resolve("features.csv");
        Run r = label(bert, data(FEW), out);
        assertEquals(Main.EXIT_MODEL, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("encoder"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aParquetTableIsReadByAnalyze() throws IOException {
        Labeled l = labeled(FEW, "features.parquet");
        Path report = scoreAndAnalyze(l.model(), l.data(), l.out());
        String featureTable = Files.readString(report.resolve("features.csv"));
        assertTrue(featureTable.contains("last_response_is_harmless"), featureTable);
        String resistance = Files.readString(report.resolve("resistance.csv"));
        assertTrue(resistance.contains(",labeler,"), "resistance split by the labeler's verdict: " + resistance);
    }
}
