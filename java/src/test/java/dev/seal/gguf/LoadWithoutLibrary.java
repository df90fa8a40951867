package dev.seal.gguf;

import dev.seal.engine.Model;
import dev.seal.engine.SealException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link Model#load} on files in a JVM that cannot find libseal, so any native call at all fails with a
 * linkage error: a file refused there was refused before native code. Prints one line per file:
 * {@code <file>\t<outcome>}, the outcome being {@code refused <kind> <cause class>} or the class of what was thrown.
 */
final class LoadWithoutLibrary {
    private LoadWithoutLibrary() {}

    public static void main(String[] args) {
        for (String a : args) {
            String outcome;
            try (Model m = Model.load(Path.of(a), Model.Options.defaults())) {
                outcome = "loaded";
            } catch (SealException e) {
                outcome = "refused " + e.kind() + " " + (e.getCause() == null ? "-" : e.getCause().getClass().getSimpleName());
            } catch (Throwable t) {
                outcome = t.getClass().getSimpleName();
            }
            System.out.println(a + "\t" + outcome);
        }
    }

    /** Runs {@link #main} in a child JVM on the files; the outcomes in order. */
    static List<String> outcomes(Path workDir, List<Path> files) throws IOException, InterruptedException {
        Path noLibrary = Files.createTempDirectory(workDir, "no-libseal");
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dseal.native.dir=" + noLibrary,
                "-Djava.library.path=" + noLibrary, "-cp", System.getProperty("java.class.path"),
                LoadWithoutLibrary.class.getName()));
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("SEAL_NATIVE_DIR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("child JVM failed: " + out);
        }
        List<String> result = new ArrayList<>();
        for (String line : out.lines().toList()) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                result.add(line.substring(tab + 1));
            }
        }
        return result;
    }
}
