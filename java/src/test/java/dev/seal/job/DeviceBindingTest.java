package dev.seal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A worker on the engine's CUDA device k sees exactly that GPU, counted the way this process's CUDA counts them. */
class DeviceBindingTest {
    @Test
    void theOrdinalIsMappedThroughOurOwnVisibleDevices() {
        assertEquals("1", WorkerBackend.cudaVisibleDevice("CUDA1", null));
        assertEquals("0", WorkerBackend.cudaVisibleDevice("CUDA0", ""));
        assertEquals("3", WorkerBackend.cudaVisibleDevice("CUDA1", "2, 3"));
        assertEquals("GPU-5f2a", WorkerBackend.cudaVisibleDevice("CUDA0", "GPU-5f2a,GPU-77b1"));
    }

    @Test
    void aDeviceThatIsNotACudaGpuOrNotVisibleIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerBackend.cudaVisibleDevice("Vulkan0", null))
                .getMessage().contains("not a CUDA GPU"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerBackend.cudaVisibleDevice("CUDA2", "4,5"))
                .getMessage().contains("not in CUDA_VISIBLE_DEVICES=4,5"));
    }
}
