package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import java.util.List;
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
        assertTrue(cpu.deviceMemoryBytes(-1, Model.Options.ALL_GPUS).isEmpty());
        assertNull(cpu.gpuLayersWarning(0), "0 asks for the CPU");
        assertTrue(cpu.gpuLayersWarning(-1).contains("has no effect"), cpu.gpuLayersWarning(-1));
    }

    @Test
    void oneDeviceIsWhereTheRunComputesAndOnlyAGpuOrTheCpuCanHoldAModel() {
        List<Backend.Device> devices = List.of(
                new Backend.Device(0, "CUDA0", "GPU zero", seal_h.SEAL_DEVICE_GPU(), 1L << 30, 2L << 30),
                new Backend.Device(1, "CUDA1", "GPU one", seal_h.SEAL_DEVICE_GPU(), 1L << 30, 2L << 30),
                new Backend.Device(2, "BLAS", "OpenBLAS", seal_h.SEAL_DEVICE_ACCEL(), 0, 0),
                new Backend.Device(3, "CPU", "a CPU", seal_h.SEAL_DEVICE_CPU(), 4L << 30, 8L << 30));
        Backend cuda = new Backend("seal 0.1.0 on llama.cpp abc123 (CPU+CUDA) patches 2", true, devices);
        assertEquals("CUDA", cuda.name(-1, 1));
        assertEquals(devices.get(1).describe(), cuda.device(-1, 1), "the one GPU, not all of them");
        assertTrue(cuda.device(-1, Model.Options.ALL_GPUS).contains("GPU zero"), "without --device: every GPU");
        assertEquals("CPU", cuda.name(-1, 3), "the CPU's index computes on the CPU whatever --gpu-layers says");
        assertTrue(cuda.device(-1, 3).startsWith("CPU (a CPU), "), cuda.device(-1, 3));
        assertEquals(devices.get(0), cuda.modelDevice(0));
        assertEquals(devices.get(3), cuda.modelDevice(3));
        IllegalArgumentException beside = assertThrows(IllegalArgumentException.class, () -> cuda.modelDevice(2));
        assertTrue(beside.getMessage().contains("device 2 (BLAS) cannot hold a model"), beside.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> cuda.modelDevice(4));
        assertTrue(none.getMessage().contains("no device 4") && none.getMessage().contains("3 CPU a CPU"),
                none.getMessage());
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

    @Test
    void namingTheDevicesDoesNotAskThemForTheirMemory() {
        NativeTests.requireNative();
        List<Backend.Device> asked = Backend.ofThisBuild().devices();
        List<Backend.Device> named = Backend.namingDevices().devices();
        assertEquals(asked.size(), named.size());
        for (int i = 0; i < named.size(); i++) {
            Backend.Device a = asked.get(i);
            Backend.Device n = named.get(i);
            assertEquals(List.of(a.index(), a.name(), a.description(), a.type()),
                    List.of(n.index(), n.name(), n.description(), n.type()), "the same device, named alike");
            assertEquals(0, n.memoryFree() + n.memoryTotal(), n + ": its memory was asked for");
            assertEquals(n.name() + " " + n.description(), n.describe(), "no memory to describe");
        }
        assertTrue(asked.stream().anyMatch(d -> d.memoryTotal() > 0), "the CPU reports the system's memory when asked");
    }
}
