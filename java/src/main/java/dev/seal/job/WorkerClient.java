package dev.seal.job;

import dev.seal.score.BatchFailure;
import dev.seal.score.ScoringBackend;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker process ({@code seal worker}) as the supervisor sees it: started with the same JVM, class path and
 * native-library settings as this one, spoken to over {@link WorkerProtocol}. Its stderr is drained into a small
 * ring of lines, which go into the report when it dies.
 */
final class WorkerClient implements AutoCloseable {
    /** System properties handed on to the worker JVM. */
    private static final List<String> PASSED_PROPERTIES = List.of("seal.native.dir", "seal.library", "seal.vocab.dir");
    private static final int TAIL_LINES = 20;

    private final Process process;
    private final OutputStream toWorker;
    private final BlockingQueue<Object> frames = new ArrayBlockingQueue<>(2);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrPump;

    private WorkerClient(Process process) {
        this.process = process;
        this.toWorker = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        InputStream fromWorker = new BufferedInputStream(process.getInputStream(), 1 << 16);
        Thread reader = Thread.ofVirtual().name("seal-worker-reader").start(() -> {
            try {
                while (true) {
                    byte[] f = WorkerProtocol.readFrame(fromWorker);
                    if (f == null) {
                        frames.put(WorkerProtocol.eof("at the end of a frame"));
                        return;
                    }
                    frames.put(f);
                }
            } catch (IOException e) {
                try {
                    frames.put(e);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.setUncaughtExceptionHandler((t, e) -> { });
        stderrPump = Thread.ofVirtual().name("seal-worker-stderr").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (stderrTail) {
                        if (stderrTail.size() == TAIL_LINES) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(line);
                    }
                }
            } catch (IOException ignored) {
                // the worker is gone
            }
        });
    }

    /** The command that starts a worker in a JVM like this one. */
    static List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xss4m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        // a native abort makes HotSpot write a crash log: keep it out of the user's directory, and no core dump
        cmd.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "seal-worker-hs_err_%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        for (String p : PASSED_PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.seal.cli.Main");
        cmd.add("worker");
        return cmd;
    }

    /** Starts a worker with these variables added to this process's environment (a device binding). */
    static WorkerClient start(Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.environment().putAll(environment);
        return new WorkerClient(pb.start());
    }

    /** Sends a request and waits for its reply (timeoutMillis 0 = forever). */
    WorkerProtocol.In call(byte[] request, long timeoutMillis) throws BatchFailure {
        try {
            WorkerProtocol.writeFrame(toWorker, request);
        } catch (IOException e) {
            throw died("could not send to it (" + e.getMessage() + ")");
        }
        Object got;
        try {
            got = timeoutMillis > 0 ? frames.poll(timeoutMillis, TimeUnit.MILLISECONDS) : frames.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchFailure(BatchFailure.Kind.CRASH, "interrupted while waiting for the worker");
        }
        if (got == null) {
            process.destroyForcibly();
            throw new BatchFailure(BatchFailure.Kind.TIMEOUT, "the worker process did not answer within "
                    + timeoutMillis / 1000 + " s; it was killed" + tail());
        }
        if (got instanceof Exception) {
            throw died("its output ended");
        }
        try {
            return new WorkerProtocol.In((byte[]) got);
        } catch (IOException e) {
            throw died("it sent a broken message (" + e.getMessage() + ")");
        }
    }

    private BatchFailure died(String how) {
        String exit;
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                exit = code > 128 ? "killed by signal " + (code - 128) + signalName(code - 128) : "exit code " + code;
            } else {
                process.destroyForcibly();
                exit = "still running, killed";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "unknown exit";
        }
        try {
            stderrPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "seal-worker-hs_err_" + process.pid() + ".log");
        String crashLog = java.nio.file.Files.isRegularFile(log) ? "; JVM crash log " + log : "";
        return new BatchFailure(BatchFailure.Kind.CRASH, "the worker process died (" + exit + "; " + how + ")" + tail()
                + crashLog);
    }

    private static String signalName(int s) {
        return switch (s) {
            case 6 -> " SIGABRT";
            case 9 -> " SIGKILL";
            case 11 -> " SIGSEGV";
            case 8 -> " SIGFPE";
            case 7 -> " SIGBUS";
            default -> "";
        };
    }

    /** The last lines the worker wrote to stderr, for reports. */
    String tail() {
        synchronized (stderrTail) {
            List<String> useful = stderrTail.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            if (useful.isEmpty()) {
                return "";
            }
            return "; its last words: " + String.join(" | ", useful.subList(Math.max(0, useful.size() - 3), useful.size()));
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                WorkerProtocol.writeFrame(toWorker, WorkerProtocol.shutdown());
                toWorker.close();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static ScoringBackend.Batch results(WorkerProtocol.In in) throws IOException, BatchFailure {
        return switch (in.type) {
            case WorkerProtocol.RESULTS -> WorkerProtocol.readResults(in);
            case WorkerProtocol.FAILED -> throw WorkerProtocol.readFailed(in);
            default -> throw new IOException("worker protocol: unexpected reply " + in.type);
        };
    }
}
