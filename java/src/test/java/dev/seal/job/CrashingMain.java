package dev.seal.job;

import dev.seal.cli.Main;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The seal CLI for child JVMs of the kill-and-resume tests: {@link Main}, halted on the spot (exit {@value #HALTED},
 * no shutdown hooks, no flushing, as a kill -9 would) at the K-th pass through a {@link WritePoint} named by
 * {@code -Dseal.test.crash=POINT[@K]} (K defaults to 1). Without the property it is plain {@link Main}.
 */
public final class CrashingMain {
    /** The exit status of a halted child, distinct from every status the CLI itself returns. */
    public static final int HALTED = 86;

    private CrashingMain() {}

    public static void main(String[] args) {
        String spec = System.getProperty("seal.test.crash", "");
        if (!spec.isEmpty()) {
            WritePoint.observe(haltAt(spec));
        }
        Main.main(args);
    }

    /** {@code -Dseal.test.crash} for the {@code k}-th pass through {@code point}. */
    public static String at(WritePoint point, int k) {
        return point.name() + "@" + k;
    }

    private static Consumer<WritePoint> haltAt(String spec) {
        int k = spec.indexOf('@');
        WritePoint want = WritePoint.valueOf(k < 0 ? spec : spec.substring(0, k));
        int at = k < 0 ? 1 : Integer.parseInt(spec.substring(k + 1));
        AtomicInteger passes = new AtomicInteger();
        return point -> {
            if (point == want && passes.incrementAndGet() == at) {
                System.err.println("seal-test: halting at " + point + "@" + at);
                System.err.flush();
                Runtime.getRuntime().halt(HALTED);
            }
        };
    }
}
