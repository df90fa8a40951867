package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.cli.CliRun.Run;
import dev.seal.engine.Backend;
import dev.seal.engine.NativeTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * --device: the commands that load a model in this process put it on one device of the engine's list; an index the
 * engine lacks (a GPU's on a CPU-only build) is a bad command line that lists the devices there are.
 */
class DeviceOptionTest {
    @TempDir
    Path dir;

    private Path pairs() throws IOException {
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, List.of(
                "{\"chosen\": \"" + ScoreCommandTest.hh("hi?", "Hello!") + "\", \"rejected\": \""
                        + ScoreCommandTest.hh("hi?", "Go away.") + "\"}",
                "{\"chosen\": \"" + ScoreCommandTest.hh("Name a fruit.", "A pear.") + "\", \"rejected\": \""
                        + ScoreCommandTest.hh("Name a fruit.", "No.") + "\"}"));
        return data;
    }

    /** The command's arguments, all files in place, with --device at the end to be given. */
    private List<String> command(String name) throws IOException {
        String data = pairs().toString();
        String out = dir.resolve("out").toString();
        return new ArrayList<>(switch (name) {
            case "score" -> List.of("score", "--model", NativeTests.tinyLlama().toString(), "--data", data, "--out",
                    out + ".csv", "-q", "--in-process");
            case "label" -> List.of("label", "--model", NativeTests.tinyInstruct().toString(), "--data", data, "--out",
                    out + ".csv");
            case "similarity" -> List.of("similarity", "--model", NativeTests.tinyEmbedder().toString(), "--data", data,
                    "--perturbed", data, "--out", out + ".csv");
            case "perturb" -> List.of("perturb", "--data", data, "--out", out + ".jsonl", "--kinds", "paraphrase",
                    "--model", NativeTests.tinyInstruct().toString());
            case "bench" -> List.of("bench", "--model", NativeTests.tinyLlama().toString(), "--synthetic", "2",
                    "--repeats", "1", "--warmup", "0", "--batch-pairs", "2", "--budgets", "128", "--threads", "1");
            default -> throw new IllegalArgumentException(name);
        });
    }

    private static Backend.Device cpu(Backend b) {
        return b.devices().stream().filter(d -> d.type() == seal_h.SEAL_DEVICE_CPU()).findFirst()
                .orElseThrow(() -> new AssertionError("no CPU device in " + b.devices()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"score", "label", "similarity", "perturb", "bench"})
    void aDeviceTheEngineLacksIsABadCommandLineListingTheDevices(String name) throws IOException {
        NativeTests.requireNative();
        Backend b = Backend.ofThisBuild();
        int missing = b.devices().size();
        List<String> args = command(name);
        args.addAll(List.of("--device", String.valueOf(missing)));
        Run r = seal(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        Backend.Device cpu = cpu(b);
        assertTrue(r.err().contains("'--device'") && r.err().contains("no device " + missing)
                && r.err().contains(cpu.index() + " " + cpu.name() + " " + cpu.description()), r.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("pairs.jsonl")), left.toList(), "nothing written");
        }
    }

    @Test
    void scoreOnTheCpuDeviceWritesTheScoresOfNoGpuLayers() throws IOException {
        NativeTests.requireNative();
        int cpu = cpu(Backend.ofThisBuild()).index();
        Path data = pairs();
        List<String> scores = new ArrayList<>();
        for (String[] placement : new String[][] {{"--device", String.valueOf(cpu)}, {"--gpu-layers", "0"}}) {
            Path out = dir.resolve("s" + scores.size() + ".csv");
            Run r = seal("score", "--model", NativeTests.tinyLlama().toString(), "--data", data.toString(), "--out",
                    out.toString(), "-q", "--in-process", placement[0], placement[1]);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("backend: CPU (") && r.out().contains("device: CPU ("), r.out());
            scores.add(Files.readString(out));
        }
        assertEquals(3, scores.get(0).lines().count(), "a header and the two pairs: " + scores.get(0));
        assertEquals(scores.get(1), scores.get(0), "--device " + cpu + " (the CPU) against --gpu-layers 0");
    }

    @Test
    void scoreRefusesOneDeviceTogetherWithAWorkerPerDevice() throws IOException {
        NativeTests.requireNative();
        Run r = seal("score", "--model", NativeTests.tinyLlama().toString(), "--data", pairs().toString(), "--out",
                dir.resolve("s.csv").toString(), "--device", "0", "--devices", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--devices") && r.err().contains("--device (one device"), r.err());
    }
}
