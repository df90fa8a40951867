package dev.seal.spark;

import dev.seal.bindings.seal_h;
import dev.seal.engine.Backend;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU a Spark task was given, through Spark's resource model: with {@code spark.executor.resource.gpu.amount} and
 * {@code spark.task.resource.gpu.amount} set, each task gets GPU addresses (what the executor's discovery script
 * listed, e.g. nvidia-smi's indices), and the first one selects the device its model runs on. Tasks that share a GPU
 * (a fractional task amount) share its model.
 */
final class GpuAddress {
    /** Spark's resource name for GPUs. */
    static final String RESOURCE = "gpu";

    private GpuAddress() {}

    /**
     * The task's GPU address, or null when it was given none (a CPU executor, or no GPU resources configured).
     *
     * @param resources {@code TaskContext.get().resourcesJMap()}
     * @throws IllegalArgumentException an address that is not a CUDA device ordinal
     */
    static String of(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources == null ? null : resources.get(RESOURCE);
        if (gpu == null || gpu.addresses().length == 0) {
            return null;
        }
        // a task given several GPUs still scores on one: seal puts a model on one device (spark.task.resource.gpu.amount <= 1)
        String address = gpu.addresses()[0].strip();
        if (!address.matches("\\d{1,6}")) {
            throw new IllegalArgumentException("Spark gave this task GPU address '" + gpu.addresses()[0] + "': seal binds a"
                    + " model to a CUDA GPU by its index, so the GPU discovery script must list indices (as"
                    + " nvidia-smi --query-gpu=index does)");
        }
        return String.valueOf(Integer.parseInt(address));
    }

    /**
     * The engine device for an address: CUDA GPU {@code address}, which the worker process that scores on it is bound
     * to through CUDA_VISIBLE_DEVICES (see dev.seal.job.WorkerBackend#onDevice; when the executor itself has
     * CUDA_VISIBLE_DEVICES set, the address counts among the GPUs it lists).
     */
    static Backend.Device device(String address) {
        return new Backend.Device(Integer.parseInt(address), "CUDA" + address, "GPU " + address + " from Spark",
                seal_h.SEAL_DEVICE_GPU(), 0, 0);
    }

    /**
     * The engine's index of the GPU at an address, for a model this JVM loads itself (seal_model_params.device): the
     * device the engine names CUDA{@code address}, since the address is a CUDA ordinal among the GPUs this process sees
     * (as for {@link #device}).
     *
     * @param devices the engine's devices ({@link Backend#devices()})
     * @throws IllegalArgumentException when the engine has no such GPU (a CPU-only libseal, or fewer GPUs), naming the
     *                                  devices it has
     */
    static int deviceIndex(String address, List<Backend.Device> devices) {
        String name = "CUDA" + address;
        for (Backend.Device d : devices) {
            if (d.name().equals(name)) {
                return d.index();
            }
        }
        List<String> there = devices.stream().map(d -> d.index() + " " + d.name()).toList();
        throw new IllegalArgumentException("Spark gave this task GPU " + address + ", but the engine has no " + name
                + ": it sees " + (there.isEmpty() ? "no device" : String.join(", ", there)) + " (a libseal built"
                + " without CUDA, or GPU resources that list GPUs this executor does not see)");
    }
}
