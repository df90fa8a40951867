package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun.Run;
import dev.seal.engine.Backend;
import dev.seal.engine.NativeTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal bench` on the tiny model: the table, the JSON and its numbers, the --gpu-layers warning, bad options. */
class BenchCommandTest {
    @TempDir
    Path dir;

    /** Small enough to run in seconds on 2 shared cores, with every kind of measurement present. */
    private static List<String> quick(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("bench", "--model", NativeTests.tinyLlama().toString(),
                "--repeats", "5", "--warmup", "1", "--batch-pairs", "4,8", "--budgets", "128,512",
                "--threads", "1"));  // one thread: two spin-wait each other out on a busy 2-core machine
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void theTableShowsEveryMeasurementAndTheBackend() throws IOException {
        Run r = seal(quick("--synthetic", "12", "--lengths", "16,48").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("backend     CPU (" + Backend.ofThisBuild().buildInfo() + ")"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("device      CPU (")), out);
        assertTrue(out.contains("12 from synthetic (16,48 tokens per side)"), out);
        for (String size : List.of("1", "4", "8")) {
            assertTrue(out.lines().anyMatch(l -> l.matches("  " + size + " +5 .*")), "latency row for " + size + ":\n" + out);
        }
        for (String budget : List.of("128", "512")) {
            assertTrue(out.lines().anyMatch(l -> l.matches("  " + budget + " +12 .*")), "throughput row for " + budget + ":\n" + out);
        }
        assertTrue(out.matches("(?s).*memory +host peak RSS [0-9.]+ MiB, JVM heap peak [0-9.]+ MiB, device n/a.*"), out);
        assertEquals("", r.err());
    }

    @Test
    void theJsonHasOrderedPercentilesAndPositiveRates() throws IOException {
        Path data = dir.resolve("pairs.jsonl");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add("{\"chosen\": \"" + ScoreCommandTest.hh("question " + i + "?", "A helpful answer " + i + ".")
                    + "\", \"rejected\": \"" + ScoreCommandTest.hh("question " + i + "?", "No.") + "\"}");
        }
        Files.write(data, rows);
        Run r = seal(quick("--data", data.toString(), "--json").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("CPU", j.get("backend").asText());
        assertEquals(10, j.get("pairs").asInt());
        assertEquals(0, j.get("failed_pairs").asLong());
        assertTrue(j.get("tokens_per_pair").asDouble() > 0, r.out());
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode l : j.get("latency")) {
            sizes.add(l.get("pairs").asInt());
            assertEquals(5, l.get("calls").asInt());
            double p50 = l.get("p50_ms").asDouble();
            double p90 = l.get("p90_ms").asDouble();
            double p99 = l.get("p99_ms").asDouble();
            assertTrue(0 < p50 && p50 <= p90 && p90 <= p99, "percentiles ordered and positive: " + l);
            assertTrue(l.get("pairs_per_s").asDouble() > 0, l.toString());
        }
        assertEquals(List.of(1, 4, 8), sizes);
        List<Integer> budgets = new ArrayList<>();
        for (JsonNode t : j.get("throughput")) {
            budgets.add(t.get("budget").asInt());
            assertEquals(10, t.get("pairs").asLong(), "every pair scored once per budget: " + t);
            assertTrue(t.get("tokens").asLong() > 10 && t.get("pairs_per_s").asDouble() > 0
                    && t.get("tokens_per_s").asDouble() > t.get("pairs_per_s").asDouble(), t.toString());
        }
        assertEquals(List.of(128, 512), budgets);
        JsonNode mem = j.get("memory");
        assertTrue(mem.get("host_peak_rss_bytes").asLong() > 1 << 20 && mem.get("jvm_heap_peak_bytes").asLong() > 0, mem.toString());
        assertTrue(mem.get("device_bytes").isNull(), "a CPU run has no device memory: " + mem);
    }

    @Test
    void theSweepMeasuresEveryFlashAndSharingSettingWithItsDriftFromExact() throws IOException {
        Run r = seal("bench", "--model", NativeTests.tinyLlama().toString(), "--synthetic", "6", "--lengths", "40,90",
                "--repeats", "1", "--warmup", "0", "--batch-pairs", "2", "--budgets", "128,256", "--threads", "1",
                "--flash-attn", "on,off", "--share-prefix", "on,off", "--rounds", "2", "--drift", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> grid = new ArrayList<>();
        for (JsonNode t : j.get("throughput")) {
            grid.add(t.get("budget").asInt() + "/" + t.get("flash_attn").asText() + "/" + t.get("share_prefix").asBoolean());
            assertEquals(2, t.get("rounds").asInt(), t.toString());
            assertEquals(6, t.get("pairs").asLong(), t.toString());
            JsonNode d = t.get("drift");
            assertEquals(6, d.get("pairs").asLong(), "every pair compared with its --exact rewards: " + t);
            double max = d.get("max_abs").asDouble();
            double mean = d.get("mean_abs").asDouble();
            // f16 KV cache against f32: rewards move, but by rounding only (README: within 1e-3 on CPU)
            assertTrue(0 <= mean && mean <= max && max < 1e-2, "drift from --exact: " + t);
        }
        assertEquals(List.of("128/on/true", "128/on/false", "128/off/true", "128/off/false",
                "256/on/true", "256/on/false", "256/off/true", "256/off/false"), grid);
        Run table = seal("bench", "--model", NativeTests.tinyLlama().toString(), "--synthetic", "2", "--lengths", "8",
                "--repeats", "1", "--warmup", "0", "--batch-pairs", "2", "--budgets", "128", "--threads", "1",
                "--flash-attn", "OFF", "--share-prefix", "off", "--drift");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("  128 +2 .* off +off +[0-9.]+e[-+][0-9]+ .* [0-9]+")),
                table.out());
        Run bad = seal("bench", "--model", NativeTests.tinyLlama().toString(), "--synthetic", "2", "--flash-attn", "maybe");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("'maybe' is not on, off, auto or default"), bad.err());
    }

    /** The smallest bench run: two short pairs, one timed call per series, one budget. */
    private static String[] tiny(String gpuLayers) throws IOException {
        return new String[] {"bench", "--model", NativeTests.tinyLlama().toString(), "--synthetic", "2", "--lengths", "8",
                "--repeats", "1", "--warmup", "0", "--batch-pairs", "2", "--budgets", "128", "--threads", "1", "--gpu-layers", gpuLayers};
    }

    @Test
    void gpuLayersOnACpuBuildWarnsOnceAndOnlyWhenGiven() throws IOException {
        NativeTests.requireNative();
        assertFalse(Backend.ofThisBuild().cuda(), "these tests run on the CPU build");
        Run given = seal(tiny("8"));
        assertEquals(0, given.code(), given.err());
        assertEquals(1, given.err().lines().count(), given.err());
        assertTrue(given.err().startsWith("seal: warning: --gpu-layers 8 has no effect"), given.err());
        Run cpuOnly = seal(tiny("0"));
        assertEquals("", cpuOnly.err(), "--gpu-layers 0 asks for the CPU: nothing to warn about");
    }

    @Test
    void aSourceIsRequiredAndLengthsNeedSynthetic() throws IOException {
        Run none = seal("bench", "--model", dir.resolve("m.gguf").toString());
        assertEquals(2, none.code(), none.err());
        assertEquals(1, none.err().lines().count(), none.err());
        Run both = seal("bench", "--model", dir.resolve("m.gguf").toString(), "--synthetic", "3", "--data", "x.jsonl");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Run lengths = seal("bench", "--model", NativeTests.tinyLlama().toString(), "--data",
                dir.resolve("x.jsonl").toString(), "--lengths", "8");
        assertEquals(2, lengths.code(), lengths.err());
        assertEquals("seal: --lengths applies to --synthetic pairs only (see seal bench --help)\n", lengths.err());
    }
}
