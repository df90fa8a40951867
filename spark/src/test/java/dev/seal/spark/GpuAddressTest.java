package dev.seal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Format;
import dev.seal.engine.Backend;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The GPU a task's Spark resources select (no GPU needed: the addresses are what Spark would hand a task). */
class GpuAddressTest {
    private static Map<String, ResourceInformation> gpus(String... addresses) {
        return Map.of(GpuAddress.RESOURCE, new ResourceInformation(GpuAddress.RESOURCE, addresses));
    }

    @Test
    void aTaskWithoutGpusScoresOnTheExecutorsOwnEngine() {
        assertNull(GpuAddress.of(null));
        assertNull(GpuAddress.of(Map.of()));
        assertNull(GpuAddress.of(gpus()));
        assertNull(GpuAddress.of(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
    }

    @Test
    void theFirstAddressSelectsTheCudaDevice() {
        assertEquals("3", GpuAddress.of(gpus("3")));
        assertEquals("1", GpuAddress.of(gpus(" 01 ", "2")), "a task given two GPUs scores on its first");
        Backend.Device d = GpuAddress.device("3");
        assertTrue(d.gpu());
        assertEquals("CUDA3", d.name(), "the name WorkerBackend.onDevice binds through CUDA_VISIBLE_DEVICES");
    }

    @Test
    void anAddressThatIsNoCudaIndexIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuAddress.of(gpus("GPU-8f3c2d1e")));
        assertTrue(e.getMessage().contains("'GPU-8f3c2d1e'") && e.getMessage().contains("nvidia-smi --query-gpu=index"),
                e.getMessage());
    }

    @Test
    void eachGpuHasItsOwnEngineAndTasksOnOneGpuShareIt() {
        ScoringSettings s = ScoringSettings.defaults("rm.gguf", Format.HH_RLHF, "pairs");
        Engines.Key zero = new Engines.Key(s.setup(), GpuAddress.of(gpus("0")));
        assertEquals(zero, new Engines.Key(s.setup(), GpuAddress.of(gpus("0"))));
        assertNotEquals(zero, new Engines.Key(s.setup(), GpuAddress.of(gpus("1"))));
        assertNotEquals(zero, new Engines.Key(s.setup(), GpuAddress.of(Map.of())));
    }
}
