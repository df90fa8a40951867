package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.seal.bindings.SealLibrary;
import dev.seal.gguf.DemoModel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Shared set-up of the tests that need libseal: skip with a plain message, or fail when CI requires it. */
public final class NativeTests {
    private NativeTests() {}

    public static void requireNative() {
        if (!SealLibrary.available()) {
            assertFalse(Boolean.getBoolean("seal.require.native"),
                    "libseal is required (-Dseal.require.native=true) but was not found: build it first");
            Assumptions.abort("SKIPPED: libseal not built (cmake -S . -B build && cmake --build build)");
        }
    }

    /**
     * For the tests of the native fault-injection hooks (native/tests/seal_testing.h): they are in libseal only when
     * it was configured with -DSEAL_TEST_HOOKS=ON, as scripts/test.sh does. Skips otherwise, or fails when libseal is
     * required, so CI cannot lose these tests to a build without the hooks.
     */
    public static void requireTestHooks() {
        requireNative();
        boolean present;
        try (Arena arena = Arena.ofConfined()) {
            present = SymbolLookup.libraryLookup(SealLibrary.path(), arena).find("seal_testing_hooks").isPresent();
        }
        if (!present) {
            String why = SealLibrary.path() + " was built without the test hooks (cmake -DSEAL_TEST_HOOKS=ON; scripts/test.sh"
                    + " builds it so in build-test/)";
            assertFalse(Boolean.getBoolean("seal.require.native"), "libseal is required with its test hooks, but " + why);
            Assumptions.abort("SKIPPED: " + why);
        }
    }

    private static Path tinyLlama;

    /** The default tiny llama RM with a chat template, written once per test JVM. */
    public static synchronized Path tinyLlama() throws IOException {
        requireNative();
        if (tinyLlama == null) {
            Path dir = Files.createTempDirectory("seal-test-models");
            dir.toFile().deleteOnExit();
            tinyLlama = DemoModel.write(dir.resolve("tiny-llama.gguf"),
                    DemoModel.Spec.defaults().withChatTemplate(dev.seal.cli.DemoCommandAccess.TEMPLATE));
            tinyLlama.toFile().deleteOnExit();
        }
        return tinyLlama;
    }
}
