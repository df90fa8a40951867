package dev.seal.cli;

import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the engine computes: the options the commands that load a model share, the check of --device and the warning
 * when --gpu-layers cannot apply.
 */
final class DeviceOptions {
    @Option(names = "--gpu-layers", paramLabel = "N", defaultValue = "-1", converter = OptionValues.Layers.class, description = "layers on the GPU; -1 all (default), 0 CPU only")
    int gpuLayers;

    @Option(names = "--device", paramLabel = "I", converter = OptionValues.NonNegative.class, description = "the one device the model runs on, by its index in `seal inspect`'s device list: a GPU alone, or the CPU alone (default: every GPU, the layers split over them)")
    Integer device;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.Positive.class, description = "CPU threads (default: all cores)")
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** --threads, or 0 for the engine's default. */
    int threadsOrDefault() {
        return threads == null ? 0 : threads;
    }

    /** --device, or {@link Model.Options#ALL_GPUS} without it. */
    int deviceOrAll() {
        return device == null ? Model.Options.ALL_GPUS : device;
    }

    /** How the model is loaded: --gpu-layers and --device. */
    Model.Options modelOptions() {
        return new Model.Options(gpuLayers, true, false, deviceOrAll());
    }

    /**
     * Refuses a --device the engine cannot put a model on (none at that index, e.g. a GPU's index on a CPU build), with
     * the devices it sees; then one warning line on stderr when --gpu-layers was given but this build has no GPU
     * backend to honour it.
     *
     * @param backend with its device list when --device was given ({@link Backend#namingDevices()})
     */
    void check(Backend backend) {
        if (device != null) {
            try {
                backend.modelDevice(device);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "Invalid value for option '--device': "
                        + e.getMessage() + "; `seal inspect MODEL` lists them");
            }
        }
        String warning = command.commandLine().getParseResult().hasMatchedOption("--gpu-layers")
                ? backend.gpuLayersWarning(gpuLayers) : null;
        if (warning != null) {
            command.commandLine().getErr().println("seal: warning: " + warning);
            command.commandLine().getErr().flush();
        }
    }
}
