package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
