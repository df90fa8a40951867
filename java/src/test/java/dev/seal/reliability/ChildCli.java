package dev.seal.reliability;

import dev.seal.job.CrashingMain;
import dev.seal.job.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the seal CLI ({@link CrashingMain}) in a child JVM (the test's class path and native library), so tests can kill it or crash it. */
final class ChildCli {
    private ChildCli() {}

    record Run(int code, String out, String err, boolean killed, double seconds) {}

    static List<String> command(List<String> jvmArgs, List<String> args) {
        return command(jvmArgs, CrashingMain.class.getName(), args); // the CLI, plus the kill points a test may ask for
    }

    /** A child JVM running {@code mainClass} with the test's class path and native library. */
    static List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xss4m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String p : List.of("seal.native.dir", "seal.library", "seal.vocab.dir", FileDigests.PROPERTY)) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts the CLI; kills it (and its worker) after {@code killAfterMillis} when positive.
     *
     * @param env extra environment variables (the native test hooks)
     */
    static Run run(Path dir, List<String> jvmArgs, Map<String, String> env, long killAfterMillis, List<String> args)
            throws IOException, InterruptedException {
        return run(dir, command(jvmArgs, args), env, killAfterMillis);
    }

    /** Runs a child JVM's command line ({@link #command(List, String, List)}), as {@link #run(Path, List, Map, long, List)}. */
    static Run run(Path dir, List<String> command, Map<String, String> env, long killAfterMillis)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean killed = false;
        if (killAfterMillis > 0) {
            if (!p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                killTree(p);
                killed = true;
            }
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            killTree(p);
            throw new AssertionError(command.get(command.size() - 1) + " and the rest of " + command
                    + " did not finish in 300 s");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                killed, secs);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** SIGKILL for the CLI and every process it started (its worker), as an OOM killer or a power cut would. */
    static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> kids = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle k : kids) {
            k.destroyForcibly();
        }
        p.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle k : kids) {
            k.onExit().completeOnTimeout(k, 30, TimeUnit.SECONDS).join();
        }
    }
}
