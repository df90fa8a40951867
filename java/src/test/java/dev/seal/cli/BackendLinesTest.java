package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.CliRun.Run;
import dev.seal.engine.Backend;
import dev.seal.engine.NativeTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seal score and seal inspect say which backend and device a run uses; --gpu-layers on a CPU build warns. */
class BackendLinesTest {
    @TempDir
    Path dir;

    @Test
    void scoreAndInspectSayWhichBackendRan() throws IOException {
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, List.of("{\"chosen\": \"" + ScoreCommandTest.hh("hi?", "Hello!") + "\", \"rejected\": \""
                + ScoreCommandTest.hh("hi?", "Go away.") + "\"}"));
        String build = Backend.ofThisBuild().buildInfo();
        Run score = seal("score", "--model", NativeTests.tinyLlama().toString(), "--data", data.toString(), "--out",
                dir.resolve("s.csv").toString(), "-q", "--in-process", "--gpu-layers", "4");
        assertEquals(0, score.code(), score.err());
        assertTrue(score.out().contains("backend: CPU (" + build + ")\ndevice: CPU ("), score.out());
        assertTrue(score.err().contains("seal: warning: --gpu-layers 4 has no effect"), score.err());
        Run inspect = seal("inspect", NativeTests.tinyLlama().toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("backend        CPU (" + build + ")"), inspect.out());
        assertTrue(inspect.out().contains("device         CPU ("), inspect.out());
        assertEquals("", inspect.err(), "no --gpu-layers given: no warning");
    }
}
