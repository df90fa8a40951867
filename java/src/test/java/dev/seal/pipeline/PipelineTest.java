package dev.seal.pipeline;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.cli.CliRun.Run;
import dev.seal.cli.DemoCommandAccess;
import dev.seal.cli.Main;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import dev.seal.job.CrashingMain;
import dev.seal.job.FileDigests;
import dev.seal.job.ShardedJob;
import dev.seal.job.WritePoint;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal run`: the pipeline end to end on real hh-rlhf pairs with tiny models, its skips, reruns and resume. */
class PipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("typos", "positive", "refusal");

    @TempDir
    Path dir;

    /** The first {@code n} harmless-base test pairs, as a JSON Lines file in the test's folder. */
    private Path hhPairs(int n) throws IOException {
        return Files.write(dir.resolve("pairs.jsonl"), Parts.hhRlhfHarmlessBaseLines(n));
    }

    private Path rm0() throws IOException {
        return DemoModel.write(dir.resolve("rm0.gguf"), DemoModel.Spec.defaults().withSeed(11)
                .withChatTemplate(DemoCommandAccess.TEMPLATE));
    }

    /** A config with every model; {@code more} overrides or adds keys. */
    private Path config(Path data, Map<String, Object> more) throws IOException {
        ObjectNode c = JSON.createObjectNode().put("data", data.toString())
                .put("rm_star", NativeTests.tinyLlama().toString()).put("rm0", rm0().toString())
                .put("labeler", NativeTests.tinyInstruct().toString())
                .put("embedder", NativeTests.tinyEmbedder().toString()).put("seed", 1).put("threshold", 0.5)
                .put("out", dir.resolve("run").toString());
        KINDS.forEach(c.putArray("kinds")::add);
        more.forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        return Files.writeString(dir.resolve("pipeline.json"), c.toString());
    }

    /** What `seal run` said of each step: the first word after its name (ran, skipped, resumed), by step. */
    private static Map<String, String> steps(Run r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.out().lines().toList()) {
            String name = line.length() > 15 ? line.substring(0, 14).strip() : "";
            if (Pipeline.STEPS.contains(name)) {
                out.put(name, line.substring(15).split("[ (:]")[0]);
            }
        }
        return out;
    }

    private static Map<String, String> all(String what) {
        Map<String, String> m = new LinkedHashMap<>();
        Pipeline.STEPS.forEach(s -> m.put(s, what));
        return m;
    }

    /** The robustness table's flip rate by kind. */
    private static Map<String, Double> flipRates(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        int kind = header.indexOf("kind");
        int rate = header.indexOf("flip_rate");
        assertTrue(kind >= 0 && rate >= 0, "kind and flip_rate columns: " + header);
        Map<String, Double> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            out.put(cells[kind].replace("\"", ""), Double.parseDouble(cells[rate]));
        }
        return out;
    }

    @Test
    void endToEndWritesFlipRatesPerKindThenSkipsAndRerunsOnlyWhatChanged() throws IOException {
        Path data = hhPairs(200);
        Path config = config(data, Map.of());
        Run first = seal("run", config.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(all("ran"), steps(first), first.out());
        Path report = dir.resolve("run/report/report.html");
        assertTrue(first.out().strip().endsWith("report: " + report), first.out());
        String html = Files.readString(report);
        assertTrue(html.contains("<section id=\"robustness\">"), "the report has a robustness section");
        Map<String, Double> rates = flipRates(dir.resolve("run/report/robustness.csv"));
        assertEquals(new java.util.TreeSet<>(List.of("all", "typos", "positive", "refusal")), rates.keySet(), rates.toString());
        rates.values().forEach(v -> assertTrue(v >= 0 && v <= 1, "a rate: " + rates));
        assertTrue(first.out().contains("label          ran (first run): "), first.out());

        Run second = seal("run", config.toString());
        assertEquals(0, second.code(), second.err());
        assertEquals(all("skipped"), steps(second), second.out());
        assertTrue(second.out().contains("skipped (done; inputs and options unchanged)"), second.out());

        // scoring as written: every score step reruns, and analyze after them; the copies and labels stand
        config(data, Map.of("raw", true));
        Run raw = seal("run", config.toString());
        assertEquals(0, raw.code(), raw.err());
        Map<String, String> want = all("ran");
        want.putAll(Map.of("perturb", "skipped", "similarity", "skipped", "label", "skipped"));
        assertEquals(want, steps(raw), raw.out());
        assertTrue(raw.out().contains("score rm_star  ran (changed: option raw)"), raw.out());

        // a deleted output reruns its step alone (its rerun writes the same bytes, so nothing after it changes)
        Files.delete(dir.resolve("run/scores-rm0.jsonl"));
        Run rescored = seal("run", config.toString());
        assertEquals(0, rescored.code(), rescored.err());
        Map<String, String> onlyRm0 = all("skipped");
        onlyRm0.put("score rm0", "ran");
        assertEquals(onlyRm0, steps(rescored), rescored.out());
        assertTrue(rescored.out().contains("score rm0      ran (scores-rm0.jsonl is missing)"), rescored.out());
    }

    @Test
    void anInterruptedScoreStepResumes() throws Exception {
        NativeTests.requireNative();
        Path data = hhPairs(40);
        Path config = Files.writeString(dir.resolve("pipeline.json"), JSON.createObjectNode()
                .put("data", data.toString()).put("rm_star", NativeTests.tinyLlama().toString())
                .put("kinds", "case").put("shard_rows", 4).put("out", "run").toString());
        // a child halted as a kill would, in the first score step: at its third manifest write, after two shards
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dseal.test.crash=" + CrashingMain.at(WritePoint.MANIFEST_PARTIAL, 3)));
        for (String p : List.of("seal.native.dir", "seal.library", FileDigests.PROPERTY)) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingMain.class.getName(), "run",
                config.toString()));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(CrashingMain.HALTED, p.exitValue(), Files.readString(log));
        Path scores = dir.resolve("run/scores-rm_star.jsonl");
        assertTrue(Files.isDirectory(ShardedJob.dirFor(scores)), "the score step's job directory is left");
        assertFalse(Files.exists(scores));

        Run resumed = seal("run", config.toString());
        assertEquals(0, resumed.code(), resumed.err());
        Map<String, String> want = new LinkedHashMap<>(Map.of("perturb", "skipped", "similarity", "skipped",
                "score rm_star", "resumed", "score rm0", "skipped", "score copies", "ran", "label", "skipped",
                "analyze", "ran"));
        assertEquals(new TreeMap<>(want), new TreeMap<>(steps(resumed)), resumed.out());
        // two shards of 4 rows were committed before the halt at the third manifest write
        assertTrue(resumed.out().contains("resumed (the earlier run was interrupted): after row 8; 40 pairs scored"),
                resumed.out());
        assertEquals(40, Files.readAllLines(scores).size() + Files.readAllLines(
                dir.resolve("run/scores-rm_star.errors.jsonl")).size(), "every row once: scored or an error");
    }

    @Test
    void aBadConfigIsOneLineNamingTheFileAndTheKey() throws IOException {
        Path config = dir.resolve("pipeline.json");
        Files.writeString(config, "{\"data\": \"d.jsonl\", \"rm_star\": \"m.gguf\", \"kinds\": [\"typos\"],"
                + " \"out\": \"run\", \"treshold\": 0.8}");
        Run unknown = seal("run", config.toString());
        assertEquals(Main.EXIT_BAD_INPUT, unknown.code(), unknown.err());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().contains(config.toString()) && unknown.err().contains("unknown key 'treshold'"),
                unknown.err());

        Files.writeString(config, "{\"data\": \"d.jsonl\", \"rm_star\": \"m.gguf\", \"kinds\": [\"typos\"],"
                + " \"out\": \"run\", \"copies\": \"two\"}");
        Run wrongType = seal("run", config.toString());
        assertEquals(Main.EXIT_BAD_INPUT, wrongType.code(), wrongType.err());
        assertTrue(wrongType.err().contains(config + ": 'copies' must be a whole number"), wrongType.err());

        Files.writeString(config, "{\"data\": \"d.jsonl\", \"kinds\": [\"typos\"], \"out\": \"run\"}");
        Run missing = seal("run", config.toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.code(), missing.err());
        assertTrue(missing.err().contains(config + ": 'rm_star' is required"), missing.err());

        Files.writeString(config, "{\"data\": \"d.jsonl\", \"rm_star\": \"m.gguf\", \"kinds\": [\"typos\"],"
                + " \"out\": \"run\"}");
        Run noData = seal("run", config.toString());
        assertEquals(Main.EXIT_BAD_INPUT, noData.code(), noData.err());
        assertTrue(noData.err().contains("no such file: " + dir.resolve("d.jsonl")), noData.err());
        assertFalse(Files.exists(dir.resolve("run")), "nothing written");
    }
}
