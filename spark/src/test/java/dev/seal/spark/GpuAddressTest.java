package dev.seal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.data.Format;
import dev.seal.engine.Backend;
import java.util.List;
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

    private static Backend.Device engineDevice(int index, String name, int type) {
        return new Backend.Device(index, name, name + " as the engine lists it", type, 1L << 30, 2L << 30);
    }

    @Test
    void aLabelersGpuAddressSelectsTheEnginesCudaDeviceOfThatOrdinal() {
        // what a CUDA build lists: its GPUs first, in CUDA's order, then an accelerator and the CPU
        List<Backend.Device> cuda = List.of(engineDevice(0, "CUDA0", seal_h.SEAL_DEVICE_GPU()),
                engineDevice(1, "CUDA1", seal_h.SEAL_DEVICE_GPU()), engineDevice(2, "BLAS", seal_h.SEAL_DEVICE_ACCEL()),
                engineDevice(3, "CPU", seal_h.SEAL_DEVICE_CPU()));
        assertEquals(1, GpuAddress.deviceIndex(GpuAddress.of(gpus("1", "0")), cuda));
        assertEquals(0, GpuAddress.deviceIndex(GpuAddress.of(gpus("0")), cuda));
        // an address past the GPUs must not land on the devices after them
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> GpuAddress.deviceIndex(GpuAddress.of(gpus("2")), cuda));
        assertTrue(past.getMessage().contains("no CUDA2") && past.getMessage().contains("1 CUDA1, 2 BLAS, 3 CPU"),
                past.getMessage());
    }

    @Test
    void aGpuAddressOnACpuOnlyLibsealIsRefusedWithTheDevicesItHas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuAddress.deviceIndex("0", List.of(engineDevice(0, "CPU", seal_h.SEAL_DEVICE_CPU()))));
        assertTrue(e.getMessage().contains("GPU 0") && e.getMessage().contains("sees 0 CPU"), e.getMessage());
    }

    @Test
    void eachGpuHasItsOwnLabelerUnlessNoLayerGoesToAGpu() {
        LabelingSettings.Labeler gpu = LabelingSettings.defaults("lm.gguf", Format.HH_RLHF, "pairs").labeler();
        assertEquals(Engines.labelerKey(gpu, "0"), Engines.labelerKey(gpu, GpuAddress.of(gpus("0"))));
        assertNotEquals(Engines.labelerKey(gpu, "0"), Engines.labelerKey(gpu, "1"));
        assertNotEquals(Engines.labelerKey(gpu, "0"), Engines.labelerKey(gpu, null));
        LabelingSettings.Labeler cpu = new LabelingSettings.Labeler("lm.gguf", 0, gpu.taxonomy(), false, null, 32, 0, 0,
                false);
        assertEquals(Engines.labelerKey(cpu, null), Engines.labelerKey(cpu, "1"),
                "--gpu-layers 0: tasks on any GPU share the one labeler on the CPU");
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
