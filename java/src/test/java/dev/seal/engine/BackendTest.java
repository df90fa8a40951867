package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backend is read from seal_build_info's backend list; --gpu-layers only offloads on a CUDA build. */
class BackendTest {
    @Test
    void aCudaBuildOffloadsUnlessAskedForNoLayers() {
        Backend cuda = Backend.of("seal 0.1.0 on llama.cpp abc123 (CPU+CUDA) patches 2");
        assertTrue(cuda.cuda());
        assertEquals("CUDA", cuda.name(-1));
        assertEquals("CPU", cuda.name(0));
        assertNull(cuda.gpuLayersWarning(20));
        assertTrue(cuda.device(0).startsWith("CPU ("), cuda.device(0));
    }

    @Test
    void aCpuBuildRunsOnTheCpuAndWarnsAboutGpuLayers() {
        Backend cpu = Backend.of("seal 0.1.0 on llama.cpp abc123 (CPU) patches 2");
        assertFalse(cpu.cuda());
        assertEquals("CPU", cpu.name(-1));
        assertTrue(cpu.deviceMemoryBytes(-1).isEmpty());
        assertNull(cpu.gpuLayersWarning(0), "0 asks for the CPU");
        assertTrue(cpu.gpuLayersWarning(-1).contains("has no effect"), cpu.gpuLayersWarning(-1));
    }

    @Test
    void theEngineListsItsDevicesAndRefusesOneItLacks() {
        NativeTests.requireNative();
        Backend b = Backend.ofThisBuild();
        Backend.Device cpu = b.devices().stream().filter(d -> d.type() == dev.seal.bindings.seal_h.SEAL_DEVICE_CPU())
                .findFirst().orElseThrow(() -> new AssertionError("no CPU device in " + b.devices()));
        assertTrue(cpu.memoryTotal() > 0 && cpu.memoryFree() <= cpu.memoryTotal(), cpu.toString());
        assertFalse(cpu.description().isBlank(), cpu.toString());
        for (int i = 0; i < b.devices().size(); i++) {
            assertEquals(i, b.deviceAt(i).index());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.deviceAt(b.devices().size()));
        assertTrue(e.getMessage().contains("no device " + b.devices().size()) && e.getMessage().contains(cpu.describe()),
                e.getMessage());
        assertTrue(b.device(0).startsWith("CPU (" + cpu.description() + "), "), b.device(0));
    }
}
