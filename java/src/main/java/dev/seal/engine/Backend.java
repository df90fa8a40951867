package dev.seal.engine;

import dev.seal.bindings.seal_h;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Which compute backend this libseal was built with and where a run's layers go. libseal says only CPU or CPU+CUDA
 * (seal_build_info); the GPU's name and this process's device memory come from nvidia-smi when a CUDA build has it, so
 * a CPU build never starts a process for them.
 *
 * @param buildInfo seal_build_info: seal version, llama.cpp commit, backends, patches
 * @param cuda      whether llama.cpp's CUDA backend is built in
 */
public record Backend(String buildInfo, boolean cuda) {
    /**
     * The loaded libseal's backend.
     *
     * @throws UnsatisfiedLinkError when libseal cannot be loaded
     */
    public static Backend ofThisBuild() {
        return of(seal_h.seal_build_info().getString(0));
    }

    /** From a seal_build_info string, whose backend list is "(CPU)" or "(CPU+CUDA)". */
    public static Backend of(String buildInfo) {
        return new Backend(buildInfo, buildInfo.contains("+CUDA)"));
    }

    /** Whether a run with this --gpu-layers value puts layers on the GPU (-1 all, 0 none). */
    public boolean offloads(int gpuLayers) {
        return cuda && gpuLayers != 0;
    }

    /** "CUDA" or "CPU": where a run with this --gpu-layers value computes its layers. */
    public String name(int gpuLayers) {
        return offloads(gpuLayers) ? "CUDA" : "CPU";
    }

    /**
     * The device a run with this --gpu-layers value computes on: the GPUs' names (all visible ones: llama.cpp splits
     * the layers over them), or the CPU's model name and core count.
     */
    public String device(int gpuLayers) {
        if (offloads(gpuLayers)) {
            List<String> gpus = nvidiaSmi("--query-gpu=name", "--format=csv,noheader");
            return gpus.isEmpty() ? "GPU (name unknown: nvidia-smi gave none)" : String.join(", ", gpus);
        }
        return cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
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
    public OptionalLong deviceMemoryBytes(int gpuLayers) {
        if (!offloads(gpuLayers)) {
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
