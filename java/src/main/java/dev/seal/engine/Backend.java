package dev.seal.engine;

import dev.seal.bindings.seal_device_info;
import dev.seal.bindings.seal_h;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Which compute backend this libseal was built with, the devices its llama.cpp backends see
 * (seal_backend_device_info: name, description, kind, and free and total memory when asked), and where a run's layers go. This
 * process's own device memory comes from nvidia-smi when a CUDA build has it, so a CPU build never starts a process
 * for it.
 *
 * @param buildInfo seal_build_info: seal version, llama.cpp commit, backends, patches
 * @param cuda      whether llama.cpp's CUDA backend is built in
 * @param devices   the devices the engine sees, GPUs first, then the CPU (empty when not asked of a library)
 */
public record Backend(String buildInfo, boolean cuda, List<Device> devices) {
    public Backend {
        devices = List.copyOf(devices);
    }

    /**
     * One device as llama.cpp's backends see it; {@code index} is its place in the engine's list (what
     * {@code seal score --devices} takes).
     */
    public record Device(int index, String name, String description, int type, long memoryFree, long memoryTotal) {
        /** A GPU, dedicated or integrated: where offloaded layers run. */
        public boolean gpu() {
            return type == seal_h.SEAL_DEVICE_GPU() || type == seal_h.SEAL_DEVICE_IGPU();
        }

        /**
         * "CUDA0 NVIDIA H100 80GB HBM3, 78.9 of 79.6 GiB free": its name, description and memory (without the memory
         * when the list was made without it, {@link #namingDevices()}).
         */
        public String describe() {
            return memoryTotal == 0 ? name + " " + description
                    : String.format(java.util.Locale.ROOT, "%s %s, %.1f of %.1f GiB free", name, description,
                            memoryFree / (double) (1L << 30), memoryTotal / (double) (1L << 30));
        }
    }

    /**
     * The loaded libseal's backend and devices.
     *
     * @throws UnsatisfiedLinkError when libseal cannot be loaded
     */
    public static Backend ofThisBuild() {
        String info = seal_h.seal_build_info().getString(0);
        return new Backend(info, cudaIn(info), engineDevices(true));
    }

    /**
     * The loaded libseal's backend and devices without their memory (0 in each {@link Device}): asking a GPU for its
     * free memory opens a CUDA context on it, hundreds of MiB held until the process exits, so a process that only
     * checks or names devices (a supervisor of per-GPU workers, a model put on one GPU) asks this.
     */
    public static Backend namingDevices() {
        String info = seal_h.seal_build_info().getString(0);
        return new Backend(info, cudaIn(info), engineDevices(false));
    }

    /**
     * The loaded libseal's backend without its device list: asking a GPU for its free memory opens a CUDA context on
     * it, which a process that only supervises workers should not hold.
     */
    public static Backend withoutDevices() {
        return of(seal_h.seal_build_info().getString(0));
    }

    /** From a seal_build_info string, whose backend list is "(CPU)" or "(CPU+CUDA)"; no device list. */
    public static Backend of(String buildInfo) {
        return new Backend(buildInfo, cudaIn(buildInfo), List.of());
    }

    private static boolean cudaIn(String buildInfo) {
        return buildInfo.contains("+CUDA)");
    }

    private static List<Device> engineDevices(boolean withMemory) {
        int n = seal_h.seal_backend_device_count();
        List<Device> out = new ArrayList<>(n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = seal_device_info.allocate(arena);
            for (int i = 0; i < n; i++) {
                SealException.check(seal_h.seal_backend_device_info(i, withMemory, d), "describing device " + i);
                out.add(new Device(i, seal_device_info.name(d).getString(0), seal_device_info.description(d).getString(0),
                        seal_device_info.type(d), seal_device_info.memory_free(d), seal_device_info.memory_total(d)));
            }
        }
        return out;
    }

    /**
     * The device at {@code index} in the engine's list.
     *
     * @throws IllegalArgumentException when there is none, naming the devices there are
     */
    public Device deviceAt(int index) {
        if (index >= 0 && index < devices.size()) {
            return devices.get(index);
        }
        StringBuilder there = new StringBuilder();
        for (Device d : devices) {
            there.append(there.isEmpty() ? "" : "; ").append(d.index()).append(' ').append(d.describe());
        }
        throw new IllegalArgumentException("no device " + index + (devices.isEmpty() ? ": the engine lists none"
                : ": the engine sees " + devices.size() + " (" + there + ")"));
    }

    /**
     * The device at {@code index}, checked to be one a model can run on alone, as {@code --device} takes it: a GPU or
     * the CPU.
     *
     * @throws IllegalArgumentException when there is none, naming the devices there are, or when it is an accelerator
     *                                  that only works beside the CPU
     */
    public Device modelDevice(int index) {
        Device d = deviceAt(index);
        if (!d.gpu() && d.type() != seal_h.SEAL_DEVICE_CPU()) {
            throw new IllegalArgumentException("device " + index + " (" + d.name() + ") cannot hold a model: it works"
                    + " beside the CPU; choose a GPU or the CPU");
        }
        return d;
    }

    /**
     * Whether a run with these --gpu-layers (-1 all, 0 none) and --device values puts layers on a GPU; a device other
     * than {@link Model.Options#ALL_GPUS} must be in {@link #devices()}.
     */
    public boolean offloads(int gpuLayers, int device) {
        return cuda && gpuLayers != 0 && (device == Model.Options.ALL_GPUS || deviceAt(device).gpu());
    }

    /** "CUDA" or "CPU": where a run with this --gpu-layers value computes its layers. */
    public String name(int gpuLayers) {
        return name(gpuLayers, Model.Options.ALL_GPUS);
    }

    /** "CUDA" or "CPU": where a run with these --gpu-layers and --device values computes its layers. */
    public String name(int gpuLayers, int device) {
        return offloads(gpuLayers, device) ? "CUDA" : "CPU";
    }

    /**
     * The device a run with this --gpu-layers value computes on: the GPUs (all the engine sees: llama.cpp splits the
     * layers over them) with their free memory, or the CPU's model name and core count.
     */
    public String device(int gpuLayers) {
        return device(gpuLayers, Model.Options.ALL_GPUS);
    }

    /** As {@link #device(int)}, for a run that --device puts on one device (the GPU it names, or the CPU). */
    public String device(int gpuLayers, int device) {
        if (!offloads(gpuLayers, device)) {
            return cpuLine();
        }
        if (device != Model.Options.ALL_GPUS) {
            return deviceAt(device).describe();
        }
        List<String> gpus = devices.stream().filter(Device::gpu).map(Device::describe).toList();
        return gpus.isEmpty() ? "GPU (none listed by the engine)" : String.join(", ", gpus);
    }

    /** "CPU (model name), N cores": the engine's CPU device, or /proc/cpuinfo when there is no device list. */
    private String cpuLine() {
        String name = devices.stream().filter(d -> d.type() == seal_h.SEAL_DEVICE_CPU()).findFirst()
                .map(d -> "CPU (" + d.description() + ")").orElseGet(Backend::cpuName);
        return name + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /**
     * A warning for a --gpu-layers value that cannot take effect, or null: on a build without CUDA every layer runs on
     * the CPU whatever the value, and 0 asks for exactly that.
     */
    public String gpuLayersWarning(int gpuLayers) {
        if (cuda || gpuLayers == 0) {
            return null;
        }
        return "--gpu-layers " + gpuLayers + " has no effect: this libseal has no GPU backend (" + buildInfo
                + "); every layer runs on the CPU (build the CUDA one with SEAL_CUDA=1 ./seal)";
    }

    /**
     * Device memory this process holds now, from nvidia-smi's compute-apps list summed over GPUs; empty on a CPU run
     * or when nvidia-smi does not answer.
     */
    public OptionalLong deviceMemoryBytes(int gpuLayers, int device) {
        if (!offloads(gpuLayers, device)) {
            return OptionalLong.empty();
        }
        String pid = String.valueOf(ProcessHandle.current().pid());
        long mib = 0;
        boolean found = false;
        for (String line : nvidiaSmi("--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits")) {
            String[] f = line.split(",");
            if (f.length == 2 && f[0].strip().equals(pid)) {
                try {
                    mib += Long.parseLong(f[1].strip());
                    found = true;
                } catch (NumberFormatException e) {
                    // "[N/A]" where the driver hides per-process usage: not a number to add
                }
            }
        }
        return found ? OptionalLong.of(mib << 20) : OptionalLong.empty();
    }

    /** "CPU (x86_64 model name)" from /proc/cpuinfo, or the architecture where that is not readable. */
    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return "CPU (" + line.substring(line.indexOf(':') + 1).strip() + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or not readable: the architecture below still says what kind of CPU
        }
        return "CPU (" + System.getProperty("os.arch") + ")";
    }

    /** nvidia-smi's output lines, or none when it is missing, fails or takes over 10 s. */
    private static List<String> nvidiaSmi(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "nvidia-smi";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return List.of();
            }
            return new String(out, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
