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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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

    /**
     * Leaves an unfinished job: a child JVM halted after its third shard's manifest update began.
     *
     * @return what the child printed
     */
    private String unfinished(Path model, Path data, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dseal.test.crash=" + CrashingMain.at(WritePoint.MANIFEST_PARTIAL, 3)));
        for (String p : List.of("seal.native.dir", "seal.library", FileDigests.PROPERTY)) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingMain.class.getName(), "score", "--model",
                model.toString(), "--data", data.toString(), "--out", out.toString(), "-q", "--shard-rows", "4"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(CrashingMain.HALTED, p.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(2, JobManifest.read(ShardedJob.dirFor(out).resolve("manifest.json")).shards().size());
        return Files.readString(dir.resolve("child.log"));
    }

    /** The files of a job on 20 rows in shards of 4. */
    private record Job(Path model, Path data, Path out) {
        Run rerun(String... more) {
            return score(model, data, out, more);
        }
    }

    /** A fresh model and data set, and a job on them left unfinished after two shards. */
    private Job unfinishedJob() throws Exception {
        NativeTests.requireNative();
        Job job = new Job(SmallModels.rewardModel(dir.resolve("m")), Files.write(dir.resolve("d.jsonl"), lines(20, "a")),
                dir.resolve("s.csv"));
        unfinished(job.model(), job.data(), job.out());
        return job;
    }

    private static Run score(Path model, Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "-q", "--shard-rows", "4"));
        args.addAll(List.of(more));
        return seal(args.toArray(String[]::new));
    }

    @Test
    void aJobIsResumedOnlyByTheEngineBuildThatStartedIt() throws Exception {
        Job job = unfinishedJob();
        Path manifest = ShardedJob.dirFor(job.out()).resolve("manifest.json");
        String thisBuild = JobManifest.read(manifest).build();
        assertTrue(thisBuild.contains("llama.cpp"), thisBuild);
        String otherBuild = "seal 0.0.1 on llama.cpp 0123abc (CPU) patches none";
        ObjectNode m = (ObjectNode) JobManifest.JSON.readTree(manifest.toFile());
        m.put("build", otherBuild);
        Files.write(manifest, JobManifest.JSON.writeValueAsBytes(m));

        Run refused = job.rerun();
        assertEquals(Main.EXIT_BAD_INPUT, refused.code(), refused.err());
        assertEquals(1, refused.err().lines().filter(l -> !l.contains("computing the SHA-256")).count(),
                "one line: " + refused.err());
        assertTrue(refused.err().contains(otherBuild) && refused.err().contains(thisBuild)
                && refused.err().contains("--restart"), refused.err());

        Run restarted = job.rerun("--restart");
        assertEquals(0, restarted.code(), restarted.err());
        assertTrue(restarted.err().contains("--restart: discarding"), restarted.err());
        assertEquals(21, Files.readAllLines(job.out()).size());
    }

    @Test
    void theModelIsHashedOnceUntilItChangesAndAChangedModelIsRefused() throws Exception {
        NativeTests.requireNative();
        Path model = SmallModels.rewardModel(dir.resolve("m"));
        Path data = Files.write(dir.resolve("d.jsonl"), lines(20, "a"));
        String hashing = "computing the SHA-256 of " + model;
        Thread.sleep(FileDigests.SETTLE.toMillis() + 100); // a file changed moments ago is hashed every time
        Run first = score(model, data, dir.resolve("first.csv"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains(hashing), first.err());
        Run second = score(model, data, dir.resolve("second.csv"));
        assertEquals(0, second.code(), second.err());
        assertFalse(second.err().contains("SHA-256"), "not hashed again: " + second.err());
        assertEquals(Files.readAllLines(dir.resolve("first.csv")), Files.readAllLines(dir.resolve("second.csv")));

        FileTime mtime = Files.getLastModifiedTime(model);
        Files.setLastModifiedTime(model, FileTime.fromMillis(mtime.toMillis() + 1000));
        Thread.sleep(FileDigests.SETTLE.toMillis() + 100);
        Run touched = score(model, data, dir.resolve("touched.csv"));
        assertEquals(0, touched.code(), touched.err());
        assertTrue(touched.err().contains(hashing), "a touched model is hashed again: " + touched.err());

        // an unfinished job (its child JVM shares the remembered digest), then the model rewritten in place with the
        // same size and its old modification time: still recognised as another model
        Path out = dir.resolve("s.csv");
        assertFalse(unfinished(model, data, out).contains("SHA-256"), "the child reuses the digest");
        mtime = Files.getLastModifiedTime(model);
        byte[] b = Files.readAllBytes(model);
        b[b.length - 4] ^= 1;
        Files.write(model, b);
        Files.setLastModifiedTime(model, mtime);
        Run changed = score(model, data, out);
        assertEquals(Main.EXIT_BAD_INPUT, changed.code(), changed.err());
        assertTrue(changed.err().contains("model: " + model.toAbsolutePath()) && changed.err().contains("--restart"),
                changed.err());
    }

    @Test
    void changedInputsAreRefusedUnlessRestartedAndSameArgumentsResume() throws Exception {
        Job job = unfinishedJob();
        Path model = job.model();
        Path data = job.data();
        Path out = job.out();

        Path other = Files.write(dir.resolve("d.jsonl"), lines(20, "b"));
        Run changed = seal("score", "--model", model.toString(), "--data", other.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "4");
        assertEquals(Main.EXIT_BAD_INPUT, changed.code(), changed.err());
        assertTrue(changed.err().contains("input:") && changed.err().contains("--restart"), changed.err());

        Files.write(data, lines(20, "a"));
        Run option = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "4", "--max-tokens", "300");
        assertEquals(Main.EXIT_BAD_INPUT, option.code(), option.err());
        assertTrue(option.err().contains("option max_tokens: 300 now, default when the job started"), option.err());

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
