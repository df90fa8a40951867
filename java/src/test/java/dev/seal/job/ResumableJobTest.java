package dev.seal.job;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.Main;
import dev.seal.data.RowError;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.SmallModels;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoreRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job directory's rules: a rerun with the same arguments resumes; a changed input, model or option is refused
 * (exit 3, the differences listed) unless --restart; a damaged shard is redone; --sha256 pins the model. Plus the
 * shard format and the worker protocol round trips.
 */
class ResumableJobTest {
    @TempDir
    Path dir;


    static List<String> lines(int n, String tag) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = "\\n\\nHuman: question " + tag + i + "?\\n\\nAssistant: ";
            l.add("{\"id\": \"q" + i + "\", \"chosen\": \"" + p + "Sure, here.\", \"rejected\": \"" + p + "No.\"}");
        }
        return l;
    }

    /** Leaves an unfinished job: a child JVM halted after its third shard's manifest update began. */
    private void unfinished(Path model, Path data, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dseal.test.crash=" + CrashPoints.MANIFEST_PARTIAL + "@3"));
        for (String p : List.of("seal.native.dir", "seal.library")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.seal.cli.Main", "score", "--model",
                model.toString(), "--data", data.toString(), "--out", out.toString(), "-q", "--shard-rows", "4"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(86, p.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(2, JobManifest.read(ShardedJob.dirFor(out).resolve("manifest.json")).shards().size());
    }

    @Test
    void changedInputsAreRefusedUnlessRestartedAndSameArgumentsResume() throws Exception {
        NativeTests.requireNative();
        Path model = SmallModels.rewardModel(dir.resolve("m"));
        Path data = Files.write(dir.resolve("d.jsonl"), lines(20, "a"));
        Path out = dir.resolve("s.csv");
        unfinished(model, data, out);

        Path other = Files.write(dir.resolve("d.jsonl"), lines(20, "b"));
        Run changed = seal("score", "--model", model.toString(), "--data", other.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "4");
        assertEquals(Main.EXIT_BAD_INPUT, changed.code(), changed.err());
        assertTrue(changed.err().contains("input:") && changed.err().contains("--restart"), changed.err());

        Files.write(data, lines(20, "a"));
        Run option = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "4", "--max-tokens", "300");
        assertEquals(Main.EXIT_BAD_INPUT, option.code(), option.err());
        assertTrue(option.err().contains("option max_tokens: 300 now, 0 when the job started"), option.err());

        // a damaged shard is redone, the rest resumed
        Path shard1 = ShardedJob.dirFor(out).resolve("shard-000001.bin");
        byte[] b = Files.readAllBytes(shard1);
        b[b.length / 2] ^= 1;
        Files.write(shard1, b);
        Run resumed = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "4");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("shard 1 of the earlier run is unusable (its checksum does not match)"), resumed.err());
        assertTrue(resumed.err().contains("resuming the job"), resumed.err());
        assertEquals(21, Files.readAllLines(out).size());
        assertTrue(resumed.out().contains("pairs scored   20"), resumed.out());
        assertFalse(Files.exists(ShardedJob.dirFor(out)));

        unfinished(model, data, out);
        Run restarted = seal("score", "--model", model.toString(), "--data", other.toString(), "--out", out.toString(),
                "-q", "--shard-rows", "4", "--restart");
        assertEquals(0, restarted.code(), restarted.err());
        assertTrue(restarted.err().contains("--restart: discarding"), restarted.err());
    }

    @Test
    void sha256PinsTheModelAndAFailedStartLeavesNoJob() throws Exception {
        NativeTests.requireNative();
        Path model = SmallModels.rewardModel(dir.resolve("m"));
        Path data = Files.write(dir.resolve("d.jsonl"), lines(3, "a"));
        Path out = dir.resolve("s.jsonl");
        Run bad = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--sha256", "0".repeat(64));
        assertEquals(Main.EXIT_MODEL, bad.code(), bad.err());
        assertTrue(bad.err().contains("CHECKSUM") || bad.err().contains("SHA-256"), bad.err());
        assertFalse(Files.exists(ShardedJob.dirFor(out)));
        Run inspect = seal("inspect", model.toString(), "--sha256", "f".repeat(64));
        assertEquals(Main.EXIT_MODEL, inspect.code(), inspect.err());
        String sum = dev.seal.gguf.GgufValidator.sha256(model);
        Run ok = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--sha256", sum);
        assertEquals(0, ok.code(), ok.err());
        assertEquals(0, seal("inspect", model.toString(), "--sha256", sum).code());
    }

    @Test
    void shardsRoundTripBitExactly() throws IOException {
        List<ScoreJob.Entry> entries = List.of(
                new ScoreJob.Result(10, new ScoreRecord("a#2", "a", 11, new float[] {1.5f, Float.NaN},
                        new float[] {-0f, 3e-39f}, 5, 6, 2, Set.of("truncated", "prompt_differs"))),
                new ScoreJob.Error(11, "read", new RowError("f.jsonl", 12, null, "invalid_json", "row 12: bad")),
                new ScoreJob.Result(12, new ScoreRecord("ü", 13, new float[] {7f}, new float[] {8f}, 1, 1, 0, Set.of())));
        byte[] b = ShardCodec.encode(10, 13, entries);
        List<ScoreJob.Entry> back = ShardCodec.decode(b);
        assertEquals(entries.size(), back.size());
        ScoreRecord r = ((ScoreJob.Result) back.get(0)).record();
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(r.chosen(1)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(r.rejected(0)));
        assertEquals(entries.get(0), back.get(0)); // prompt id included (NaN compares by bits in equals)
        assertEquals(entries.get(1), back.get(1));
        assertEquals(entries.get(2), back.get(2));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ShardCodec.decode(cut));
    }
}
