package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.NativeTests;
import dev.seal.gguf.SmallModels;
import dev.seal.job.CrashingMain;
import dev.seal.job.WritePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seal score --devices: one worker per listed device over the same sharded job. On a CPU build the only device is the
 * CPU (index 0), so --devices 0,0 runs two CPU workers: the scores and errors files must be byte for byte those of
 * one worker, also when the two-worker run is halted mid-job and resumed.
 */
class DevicesTest {
    @TempDir
    static Path dir;

    static Path model;
    static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        NativeTests.requireNative();
        model = SmallModels.rewardModel(dir.resolve("model"));
        List<String> lines = new ArrayList<>(TestData.pairs(60, 17));
        lines.set(21, "{\"id\": \"broken\", \"chosen\": ");  // an errors-file row in a middle shard
        data = TestData.write(dir.resolve("pairs.jsonl"), lines);
    }

    static List<String> args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("score", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "-q", "--shard-rows", "8", "--chunk-pairs", "4", "--threads", "1"));
        a.addAll(List.of(more));
        return a;
    }

    static Path run(String name, List<String> jvmArgs, int expectedCode, String... more) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name)).resolve("scores.jsonl");
        ChildCli.Run r = ChildCli.run(dir, jvmArgs, Map.of(), 0, args(out, more));
        assertEquals(expectedCode, r.code(), r.err());
        return out;
    }

    static void assertSameFiles(Path expected, Path got) throws IOException {
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(got), got + " differs from " + expected);
        Path errors = expected.resolveSibling("scores.errors.jsonl");
        assertArrayEquals(Files.readAllBytes(errors), Files.readAllBytes(got.resolveSibling("scores.errors.jsonl")));
    }

    @Test
    void twoCpuWorkersWriteWhatOneWrites() throws Exception {
        Path one = run("one", List.of(), 0);
        Path two = run("two", List.of(), 0, "--devices", "0,0");
        assertSameFiles(one, two);
        assertEquals(59, Files.readAllLines(two).size());

        // halted after its third shard (so with segments of both workers committed), then resumed with two workers
        Path halted = run("resumed", List.of("-Dseal.test.crash=" + CrashingMain.at(WritePoint.SHARD_RENAMED, 3)),
                CrashingMain.HALTED, "--devices", "0,0");
        ChildCli.Run again = ChildCli.run(dir, List.of(), Map.of(), 0, args(halted, "--devices", "0,0"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resuming the job"), again.err());
        assertTrue(again.out().contains("device: 2 workers: 0 CPU"), again.out());
        assertSameFiles(one, halted);
    }

    @Test
    void aDeviceTheEngineDoesNotSeeIsABadCommandLine() throws Exception {
        Path out = Files.createDirectories(dir.resolve("bad")).resolve("scores.jsonl");
        ChildCli.Run r = ChildCli.run(dir, List.of(), Map.of(), 0, args(out, "--devices", "0,7"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--devices': no device 7: the engine sees"), r.err());
        assertTrue(r.err().contains("0 CPU"), r.err());
    }
}
