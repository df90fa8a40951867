package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.engine.NativeTests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prober and the embedder recover from out-of-memory decodes as the scorer does: the decode budget halves and the
 * context is made again for it, down to 64 tokens; what does not fit there fails alone, never the call. The device
 * is simulated by the native test hook SEAL_DEBUG_OOM_ABOVE_TOKENS (native/tests/seal_testing.h), which fails every
 * decode of a context that computes more tokens at once than the limit; the call runs in a child JVM
 * ({@link OomRecoveryChild}) because the hooks read the environment once per process.
 */
class OomRecoveryTest {
    @TempDir
    static Path dir;

    record Run(int code, List<String> lines, String err) {}

    static Run child(String mode, Map<String, String> env) throws Exception {
        Path model = mode.equals("probe") ? NativeTests.tinyLlama() : NativeTests.tinyEmbedder();
        ChildCli.Run r = ChildCli.run(dir, ChildCli.command(List.of(), OomRecoveryChild.class.getName(),
                List.of(mode, model.toString())), env, 0);
        return new Run(r.code(), r.out().lines().toList(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"probe", "embed"})
    void outOfMemoryHalvesTheTokensPerDecodeUntilTheDecodesFit(String mode) throws Exception {
        NativeTests.requireTestHooks();
        Run clean = child(mode, Map.of());
        assertEquals(0, clean.code(), clean.err());
        // compute buffers for 128 tokens at once, a quarter of the 512-token budget
        Run oom = child(mode, Map.of("SEAL_DEBUG_OOM_ABOVE_TOKENS", "128"));
        assertEquals(0, oom.code(), mode + " must recover, not fail the call: " + oom.err());
        assertEquals(OomRecoveryChild.texts().size(), clean.lines().size());
        assertEquals(clean.lines().size(), oom.lines().size());
        int ok = 0;
        for (int i = 0; i < clean.lines().size(); i++) {
            String[] a = clean.lines().get(i).split(" ");
            String[] b = oom.lines().get(i).split(" ");
            assertEquals(a[0], b[0], "text " + i + ": the status of the undisturbed run");
            ok += a[0].equals("0") ? 1 : 0;
            for (int k = 1; k < a.length; k++) {
                assertEquals(Float.parseFloat(a[k]), Float.parseFloat(b[k]), 1e-5, "text " + i + ", value " + k);
            }
        }
        assertTrue(ok >= 12, "most texts run: " + ok);
        assertTrue(decodes(oom) > decodes(clean), "the budget halved: more, smaller decodes than " + decodes(clean)
                + " (" + decodes(oom) + ")");
    }

    static int decodes(Run r) {
        return r.err().lines().filter(l -> l.startsWith("decodes ")).mapToInt(l -> Integer.parseInt(l.substring(8)))
                .findFirst().orElseThrow(() -> new AssertionError("no decode count: " + r.err()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"probe", "embed"})
    void outOfMemoryBelowTheFloorFailsEachTextAloneNotTheCall(String mode) throws Exception {
        NativeTests.requireTestHooks();
        // nothing fits the smallest budget recovery tries (64 tokens)
        Run oom = child(mode, Map.of("SEAL_DEBUG_OOM_ABOVE_TOKENS", "32"));
        assertEquals(0, oom.code(), oom.err());
        assertEquals(OomRecoveryChild.texts().size(), oom.lines().size());
        int outOfMemory = 0;
        for (String line : oom.lines()) {
            String[] f = line.split(" ");
            int status = Integer.parseInt(f[0]);
            assertTrue(status == seal_h.SEAL_E_OUT_OF_MEMORY() || status == seal_h.SEAL_E_TOO_LONG(), line);
            outOfMemory += status == seal_h.SEAL_E_OUT_OF_MEMORY() ? 1 : 0;
            for (int k = 1; k < f.length; k++) {
                assertTrue(Float.isNaN(Float.parseFloat(f[k])), line);
            }
        }
        assertTrue(outOfMemory >= 12, "the texts that fit no decode: " + outOfMemory);
    }
}
