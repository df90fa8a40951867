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
    /**
     * json mode's pairs and taxonomy: every generated token runs the grammar over the whole 32k vocabulary (~30 ms of
     * CPU each), and a random model spells a key in tokens of a character or two, so the json tests use few pairs and
     * the two keys the labeler's preference needs.
     */
    private static final int SOME = 4;
    /**
     * Pairs of the json table test: 24 by default, where 200 (the acceptance run,
     * {@code -Dseal.test.label.json.pairs=200}) take ~20 minutes of CPU at ~30 ms per generated token.
     */
    private static final int JSON_PAIRS = Integer.getInteger("seal.test.label.json.pairs", 24);
    private static final List<String> JSON_KEYS = List.of("last_response_is_harmless", "last_response_is_helpful");
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
        lines.add(Math.min(10, lines.size()), "{not json");
        String longAnswer = "and then the chain again ".repeat(400);
        lines.add(Math.min(20, lines.size()), JSON.writeValueAsString(Map.of("chosen", "\n\nHuman: how do I fix a bike?\n\nAssistant: " + longAnswer,
                "rejected", "\n\nHuman: how do I fix a bike?\n\nAssistant: No.")));
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, lines);
        return data;
    }

    private static Run label(Path model, Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("label", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--max-tokens", "1024"));
        args.addAll(List.of(more));
        if (!args.contains("--batch")) {
            args.addAll(List.of("--batch", "16"));
        }
        return seal(args.toArray(String[]::new));
    }

    /** A successful labeling run on the tiny llama. */
    private record Labeled(Path model, Path data, Path out, Run run) {}

    private Labeled labeled(int pairs, String outName, String... more) throws IOException {
        Path model = NativeTests.tinyInstruct();
        Path data = data(pairs);
        Path out = dir.resolve(outName);
        Run r = label(model, data, out, more);
        assertEquals(0, r.code(), r.err());
        return new Labeled(model, data, out, r);
    }

    /**
     * Scores the pairs with `seal score` (the tiny RM) and analyzes the scores with the labeler's table; returns the
     * report. A pair the labeler could not label is in the scores only, so analyze is told to leave it out.
     */
    private Path scoreAndAnalyze(Path data, Path features) throws IOException {
        Path scores = dir.resolve("scores.jsonl");
        Run score = seal("score", "--model", NativeTests.tinyLlama().toString(), "--data", data.toString(), "--out", scores.toString(), "-q");
        assertEquals(0, score.code(), score.err());
        Path report = dir.resolve("report");
        Run analyze = seal("analyze", "--scores", scores.toString(), "--data", data.toString(), "--features",
                features.toString(), "--out", report.toString(), "--drop-incomplete");
        assertEquals(0, analyze.code(), analyze.err());
        return report;
    }

    /** A feature table as read back: pair id → sides, every feature value, the verdicts, the errors by reason/stage. */
    private record Table(Map<String, Set<String>> sides, List<Double> values, Set<String> verdicts,
                         Map<String, Long> reasons) {}

    /**
     * Reads a CSV table written with the default taxonomy and checks its shape: the header, each pair's two sides once
     * each, every feature a number in [0, 1] (no empty cell), a verdict of analyze's words.
     */
    private Table table(Path out, List<String> keys) throws IOException {
        List<String> rows = Files.readAllLines(out);
        List<String> header = List.of(rows.get(0).split(","));
        List<String> expected = new ArrayList<>(List.of("id", "side"));
        expected.addAll(keys);
        expected.add("labeler_preference");
        assertEquals(expected, header);

        Map<String, Long> reasons = new HashMap<>();
        String name = out.getFileName().toString();
        for (String line : Files.readAllLines(out.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".errors.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            reasons.merge(e.get("reason").asText() + "/" + e.get("stage").asText(), 1L, Long::sum);
        }
        Map<String, Set<String>> sides = new HashMap<>();
        Set<String> verdicts = new HashSet<>();
        List<Double> values = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(header.size(), cells.length, row);
            assertTrue(sides.computeIfAbsent(cells[0], k -> new HashSet<>()).add(cells[1]), "repeated " + row);
            for (int i = 2; i < 2 + keys.size(); i++) {
                double p = Double.parseDouble(cells[i]);
                assertTrue(p >= 0 && p <= 1, header.get(i) + " = " + p + " in " + row);
                values.add(p);
            }
            verdicts.add(cells[header.size() - 1]);
        }
        sides.forEach((id, s) -> assertEquals(Set.of("chosen", "rejected"), s, id));
        assertTrue(Set.of("chosen", "rejected", "indifferent").containsAll(verdicts), verdicts.toString());
        return new Table(sides, values, verdicts, reasons);
    }

    /** The analysis of the table names every taxonomy feature. */
    private void analyzeReads(Labeled l, List<String> keys) throws IOException {
        Path report = scoreAndAnalyze(l.data(), l.out());
        JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
        assertEquals(l.out().toString(), summary.get("inputs").get("features").get(0).asText(), summary.toString());
        String featureTable = Files.readString(report.resolve("features.csv"));
        for (String k : keys) {
            assertTrue(featureTable.contains(k), k + " missing from the analysis's features: " + featureTable);
        }
    }

    @Test
    void labelsEveryPairOnEveryFeatureAndAnalyzeReadsTheTable() throws IOException {
        Labeled l = labeled(PAIRS, "features.csv");
        Table t = table(l.out(), Taxonomy.defaults().keys());
        assertEquals(Map.of("invalid_json/read", 1L, "too_long/label", 1L), t.reasons());
        assertTrue(new HashSet<>(t.values()).size() > 2 * PAIRS, "each text gets its own probabilities: "
                + new HashSet<>(t.values()).size() + " values");
        assertEquals(PAIRS, t.sides().size(), "every readable pair but the too-long one, and that one is in the errors file");
        assertTrue(l.run().out().contains("pairs labeled  " + PAIRS), l.run().out());
        analyzeReads(l, Taxonomy.defaults().keys());
    }

    /** A taxonomy file of {@link #JSON_KEYS}, with the built-in questions. */
    private String jsonTaxonomy() throws IOException {
        Path file = dir.resolve("json-taxonomy.json");
        Taxonomy all = Taxonomy.defaults();
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
        root.put("instruction", all.instruction());
        root.putObject("answers").put("yes", all.yes()).put("no", all.no());
        com.fasterxml.jackson.databind.node.ObjectNode qs = root.putObject("questions");
        JSON_KEYS.forEach(k -> qs.put(k, all.questions().get(k)));
        Files.writeString(file, root.toString());
        return file.toString();
    }

    /** json mode's arguments: the three-key taxonomy and room for its object. */
    private String[] json(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--mode", "json", "--taxonomy", jsonTaxonomy(), "--max-new-tokens", "96"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * json mode on hh-rlhf pairs ({@link #JSON_PAIRS}): every row of the table is a generated object that parsed
     * against the schema (a boolean per key, so every value is 0 or 1), and every pair is in the table or in the
     * errors file.
     */
    @Test
    void jsonModeWritesACompleteTableOfSchemaValidObjectsThatAnalyzeReads() throws IOException {
        Labeled l = labeled(JSON_PAIRS, "features-json.csv", json());
        Table t = table(l.out(), JSON_KEYS);
        for (double v : t.values()) {
            assertTrue(v == 0 || v == 1, "a boolean field is 0 or 1 in the table: " + v);
        }
        long incomplete = t.reasons().getOrDefault("incomplete_output/label", 0L);
        Map<String, Long> others = new HashMap<>(t.reasons());
        others.remove("incomplete_output/label");
        assertEquals(Map.of("invalid_json/read", 1L, "too_long/label", 1L), others);
        assertEquals(JSON_PAIRS, t.sides().size() + incomplete, "every readable pair is in the table or the errors file");
        assertTrue(t.sides().size() > JSON_PAIRS / 2, "most objects finish within 96 tokens: " + t.sides().size());
        System.out.printf("seal-test: label json %d pairs labeled, %d incomplete%n", t.sides().size(), incomplete);
        analyzeReads(l, JSON_KEYS);
    }

    @Test
    void aRerunWritesTheSameBytes() throws IOException {
        Path model = NativeTests.tinyInstruct();
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
        Run r = label(NativeTests.tinyInstruct(), data(FEW), out, "--taxonomy", taxonomy.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("last_response_is_funny") && r.err().contains(taxonomy.toString()), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aModelWithoutAChatTemplateNeedsRaw() throws IOException {
        NativeTests.requireNative();
        Path model = DemoModel.write(dir.resolve("notemplate.gguf"), DemoModel.Spec.defaults().withIncludeHead(false));
        Path data = data(FEW);
        Path out = dir.resolve("features.jsonl");
        for (String mode : List.of("probe", "json")) {
            Run chat = label(model, data, out, "--mode", mode);
            assertEquals(Main.EXIT_MODEL, chat.code(), mode + ": " + chat.err());
            assertEquals(1, chat.err().strip().lines().count(), chat.err());
            assertTrue(chat.err().contains("no chat template") && chat.err().contains("--raw")
                    && chat.err().contains(model.toString()), chat.err());
            assertFalse(Files.exists(dev.seal.job.RowJournal.dirFor(out)), "no journal is left by a refused run");
        }
        Run raw = label(model, data, out, "--raw");
        assertEquals(0, raw.code(), raw.err());
        assertEquals(2L * FEW, Files.readAllLines(out).size());
        Path few = data(SOME);
        Run rawJson = label(model, few, out, json("--raw"));
        assertEquals(0, rawJson.code(), rawJson.err());
        assertEquals(2L * SOME, Files.readAllLines(out).size() + 2 * countErrors(out, "incomplete_output"), rawJson.out());
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
        Path report = scoreAndAnalyze(l.data(), l.out());
        String featureTable = Files.readString(report.resolve("features.csv"));
        assertTrue(featureTable.contains("last_response_is_harmless"), featureTable);
        String resistance = Files.readString(report.resolve("resistance.csv"));
        assertTrue(resistance.contains(",labeler,"), "resistance split by the labeler's verdict: " + resistance);
    }

    private long countErrors(Path out, String reason) throws IOException {
        String name = out.getFileName().toString();
        return Files.readAllLines(out.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".errors.jsonl"))
                .stream().filter(l -> l.contains("\"reason\":\"" + reason + "\"")).count();
    }

    /** A reward model answers no question: refused in both modes, in one line naming it, before anything is written. */
    @Test
    void aRewardModelIsRefusedAsALabeler() throws IOException {
        Path rm = NativeTests.tinyLlama();
        Path data = data(FEW);
        Path out = dir.resolve("features.csv");
        for (String mode : List.of("probe", "json")) {
            Run r = label(rm, data, out, "--mode", mode);
            assertEquals(Main.EXIT_MODEL, r.code(), mode + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("reward model") && r.err().contains(rm.toString())
                    && r.err().contains("instruct"), r.err());
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(dev.seal.job.RowJournal.dirFor(out)));
        }
    }

    /** Seeded json runs repeat exactly; another seed draws other labels; greedy differs from sampling. */
    @Test
    void jsonRunsRepeatExactlyAndTheSeedMatters() throws IOException {
        Path model = NativeTests.tinyInstruct();
        Path data = data(SOME);
        Map<String, byte[]> tables = new HashMap<>();
        for (String run : List.of("seed7-1", "seed7-2", "seed8-1", "greedy-1")) {
            Path out = dir.resolve(run + ".csv");
            String[] sampling = run.startsWith("greedy") ? new String[0]
                    : new String[] {"--temperature", "1.5", "--seed", run.substring(4, 5)};
            Run r = label(model, data, out, json(sampling));
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.readAllLines(out).size() > 1, "some pairs labeled: " + r.out());
            tables.put(run, Files.readAllBytes(out));
        }
        assertArrayEquals(tables.get("seed7-1"), tables.get("seed7-2"));
        assertFalse(java.util.Arrays.equals(tables.get("seed7-1"), tables.get("seed8-1")), "another seed, other labels");
        assertFalse(java.util.Arrays.equals(tables.get("greedy-1"), tables.get("seed7-1")), "sampling is not greedy");
    }

    /** An object the grammar cannot finish within --max-new-tokens is a row error; the run goes on and succeeds. */
    @Test
    void anUnfinishedObjectIsAnIncompleteOutputRowError() throws IOException {
        Path out = dir.resolve("features.csv");
        Run r = label(NativeTests.tinyInstruct(), data(SOME), out, "--mode", "json", "--taxonomy",
                jsonTaxonomy(), "--max-new-tokens", "6");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, Files.readAllLines(out).size(), "only the header: no object of two keys fits in 6 tokens");
        assertEquals(SOME, countErrors(out, "incomplete_output"));
        assertEquals(1, countErrors(out, "too_long"));
        assertTrue(r.out().contains("incomplete_output"), r.out());
    }

    /**
     * A run killed after some batches (by the journal's write point, as a kill -9 would stop it) and with a torn last
     * line, rerun with the same arguments, writes the uninterrupted run's table and errors: nothing lost, nothing twice.
     * Rerun with other options it is refused until --restart.
     */
    @Test
    void aKilledRunRerunWritesTheUninterruptedTable() throws IOException {
        Path model = NativeTests.tinyInstruct();
        Path data = data(SOME);
        String[] args = json("--batch", "1", "--temperature", "1", "--seed", "3");
        Path whole = dir.resolve("whole.csv");
        assertEquals(0, label(model, data, whole, args).code());

        Path out = dir.resolve("resumed.csv");
        int[] commits = {0};
        dev.seal.job.WritePoint.observe(p -> {
            if (p == dev.seal.job.WritePoint.JOURNAL_COMMITTED && ++commits[0] == 3) {
                throw new IllegalStateException("killed by the test after 3 batches");
            }
        });
        Run killed;
        try {
            killed = label(model, data, out, args);
        } finally {
            dev.seal.job.WritePoint.observe(p -> {});
        }
        assertTrue(killed.code() != 0, killed.out());
        assertFalse(Files.exists(out), "no table from a killed run");
        Path rows = dev.seal.job.RowJournal.dirFor(out).resolve("rows.jsonl");
        long done = Files.readAllLines(rows).size();
        assertTrue(done >= 3 && done < SOME + 2, "three batches of a pair (and the unreadable row) journaled: " + done);
        Files.writeString(rows, "{\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);

        Run other = label(model, data, out, json("--batch", "1"));
        assertEquals(Main.EXIT_BAD_INPUT, other.code(), other.err());
        assertTrue(other.err().contains("--restart") && other.err().contains("options"), other.err());

        Run resumed = label(model, data, out, args);
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming") && resumed.err().contains(done + " row(s)"), resumed.err());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out));
        assertEquals(Files.readString(dir.resolve("whole.errors.jsonl")), Files.readString(dir.resolve("resumed.errors.jsonl")));
        assertFalse(Files.exists(dev.seal.job.RowJournal.dirFor(out)), "the journal is gone once the table is out");
    }
}
