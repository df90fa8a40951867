package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.seal.bindings.SealLibrary;
import dev.seal.gguf.DemoModel;
import java.io.IOException;
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
