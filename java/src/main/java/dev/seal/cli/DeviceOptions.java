package dev.seal.cli;

import dev.seal.engine.Backend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the engine computes: the options seal score and seal bench share, and the warning when they cannot apply. */
final class DeviceOptions {
    @Option(names = "--gpu-layers", paramLabel = "N", defaultValue = "-1", converter = OptionValues.Layers.class, description = "layers on the GPU; -1 all (default), 0 CPU only")
    int gpuLayers;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.Positive.class, description = "CPU threads (default: all cores)")
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** --threads, or 0 for the engine's default. */
    int threadsOrDefault() {
        return threads == null ? 0 : threads;
    }

    /** One warning line on stderr when --gpu-layers was given but this build has no GPU backend to honour it. */
    void warnIfNoGpu(Backend backend) {
        String warning = command.commandLine().getParseResult().hasMatchedOption("--gpu-layers")
                ? backend.gpuLayersWarning(gpuLayers) : null;
        if (warning != null) {
            command.commandLine().getErr().println("seal: warning: " + warning);
            command.commandLine().getErr().flush();
        }
    }
}
