package dev.seal.engine;

import dev.seal.bindings.SealLibrary;
import dev.seal.gguf.DemoModel;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Shared set-up of the tests that need libseal: skipped without it, failed when it is required (see {@link Parts}). */
public final class NativeTests {
    private NativeTests() {}

    public static void requireNative() {
        if (!SealLibrary.available()) {
            Parts.missing("native", "libseal not built (cmake -S . -B build && cmake --build build)");
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
            Parts.missing("native", why);
        }
    }

    private static final Map<String, Path> MODELS = new HashMap<>();

    /** The default tiny llama RM with a chat template, written once per test JVM. */
    public static Path tinyLlama() throws IOException {
        return once("tiny-llama.gguf", DemoModel.Spec.defaults().withChatTemplate(dev.seal.cli.DemoCommandAccess.TEMPLATE));
    }

    /** A tiny llama LM with the same chat template and no reward head: a labeler or a generator, not an RM. */
    public static Path tinyInstruct() throws IOException {
        return once("tiny-instruct.gguf", DemoModel.Spec.defaults().withIncludeHead(false)
                .withChatTemplate(dev.seal.cli.DemoCommandAccess.TEMPLATE));
    }

    /** A tiny decoder embedding model (llama-embed, no pooling of its own), written once per test JVM. */
    public static Path tinyEmbedder() throws IOException {
        return once("tiny-embed.gguf", DemoModel.Spec.defaults().withArch("llama-embed"));
    }

    private static synchronized Path once(String name, DemoModel.Spec spec) throws IOException {
        requireNative();
        Path model = MODELS.get(name);
        if (model == null) {
            Path dir = Files.createTempDirectory("seal-test-models");
            dir.toFile().deleteOnExit();
            model = DemoModel.write(dir.resolve(name), spec);
            model.toFile().deleteOnExit();
            MODELS.put(name, model);
        }
        return model;
    }
}
