package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.Main;
import dev.seal.engine.NativeTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI run against a library that is missing or is not the libseal these bindings were generated for ends with one
 * line and the native exit code, before any native call (in a child JVM: the library is loaded once per JVM).
 */
class NativeLibraryCheckTest {
    @TempDir
    Path dir;

    @Test
    void aMissingOrForeignLibraryIsOneLineAndExitCode5() throws Exception {
        Path model = NativeTests.tinyLlama();
        Path foreign = Path.of(System.getProperty("java.home"), "lib", System.mapLibraryName("java"));
        assertTrue(Files.isRegularFile(foreign), foreign.toString());
        // -D given twice: the later wins, so these replace the test's own seal.native.dir
        Map<List<String>, String> says = Map.of(
                List.of("-Dseal.native.dir=" + dir.resolve("nowhere"), "-Dseal.library="), "not found",
                List.of("-Dseal.library=" + foreign), "is not a seal library");
        for (var c : says.entrySet()) {
            ChildCli.Run r = ChildCli.run(dir, c.getKey(), Map.of(), 0, List.of("inspect", model.toString()));
            assertEquals(Main.EXIT_NATIVE, r.code(), r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.getFirst().startsWith("seal: ") && lines.getFirst().contains(c.getValue()), r.err());
        }
    }
}
