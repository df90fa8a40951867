package dev.seal.spark;

import dev.seal.data.Format;
import picocli.CommandLine.Option;

/** The options the spark-submit entry points share: the input, the errors, the tasks and the engine's device. */
final class JobOptions {
    @Option(names = "--data", required = true, paramLabel = "PATH", description = "pairs: .jsonl[.gz] or .json[.gz] (hh-rlhf or prompt/chosen/rejected), else Parquet (a file or a directory)")
    String data;

    @Option(names = "--errors", paramLabel = "DIR", description = "errors: a Parquet directory (default: --out less .parquet, + .errors.parquet)")
    String errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: for JSON Lines, told from the first rows when the driver can read the file, else JSONL)")
    Format format;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "tasks the rows are spread over (default 0: the input's partitions)")
    int partitions;

    @Option(names = "--gpu-layers", defaultValue = "-1", paramLabel = "N", description = "layers on the GPU; -1 all (default), 0 CPU only")
    int gpuLayers;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads per engine (default: all cores)")
    int threads;

    /** --errors, or its default beside {@code out}. */
    String errorsDir(String out) {
        return errors != null ? errors : SparkJob.defaultErrors(out);
    }
}
