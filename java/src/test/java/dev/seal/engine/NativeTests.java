package dev.seal.engine;

import dev.seal.bindings.SealLibrary;
import dev.seal.gguf.TinyModels;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up of the tests that need libseal: skipped without it, failed when it is required (see {@link Parts}). */
public final class NativeTests {
    private NativeTests() {}

    public static void requireNative() {
        if (!SealLibrary.available()) {
            Parts.missing("native", "libseal not built (cmake -S . -B build && cmake --build build)");
        }
    }

    private static Path tinyLlama;

    /** The default tiny llama RM with a chat template, written once per test JVM. */
    public static synchronized Path tinyLlama() throws IOException {
        requireNative();
        if (tinyLlama == null) {
            Path dir = Files.createTempDirectory("seal-test-models");
            dir.toFile().deleteOnExit();
            tinyLlama = TinyModels.llamaRewardModel(dir.resolve("tiny-llama.gguf"),
                    TinyModels.LlamaSpec.defaults().withChatTemplate(dev.seal.cli.DemoCommandAccess.TEMPLATE));
            tinyLlama.toFile().deleteOnExit();
        }
        return tinyLlama;
    }
}
