package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * seal_model_params.device: a model on one device of the engine's list. The CPU's index scores as --gpu-layers 0 does;
 * an index the engine does not have fails the load, naming it and how many devices there are.
 */
class ModelDeviceTest {
    private static float[] rewards(Path model, Model.Options options) throws Exception {
        try (Model m = Model.load(model, options); Scorer s = Scorer.open(m, Scorer.Options.defaults())) {
            Scorer.Result r = s.score(ScorerLifetimeTest.batch(m));
            assertEquals(0, r.stats().failed());
            return r.rewards();
        }
    }

    @Test
    void theCpusIndexScoresAsNoGpuLayersAndAsTheDefaultOnTheCpu() throws Exception {
        NativeTests.requireNative();
        Backend b = Backend.ofThisBuild();
        int cpu = b.devices().stream().filter(d -> d.type() == seal_h.SEAL_DEVICE_CPU()).findFirst()
                .orElseThrow(() -> new AssertionError("no CPU device in " + b.devices())).index();
        Path model = NativeTests.tinyLlama();
        float[] onCpu = rewards(model, new Model.Options(-1, true, false, cpu));
        assertTrue(Float.isFinite(onCpu[0]));
        assertArrayEquals(rewards(model, new Model.Options(0, true, false)), onCpu,
                "device " + cpu + " (the CPU) with every layer asked on the GPU against --gpu-layers 0");
        if (!b.cuda()) {
            assertArrayEquals(rewards(model, Model.Options.defaults()), onCpu, "a CPU build's default is the CPU");
        }
    }

    @Test
    void anIndexTheEngineDoesNotListFailsTheLoadNamingItAndTheCount() throws Exception {
        NativeTests.requireNative();
        int n = Backend.ofThisBuild().devices().size();
        Path model = NativeTests.tinyLlama();
        for (int index : new int[] {n, -2}) {
            SealException e = assertThrows(SealException.class,
                    () -> Model.load(model, new Model.Options(-1, true, false, index)).close());
            assertEquals(seal_h.SEAL_E_INVALID_ARGUMENT(), e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("no device " + index) && e.getMessage().contains("there are " + n),
                    e.getMessage());
        }
    }
}
