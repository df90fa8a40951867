package dev.seal.cli;

import dev.seal.data.Format;
import dev.seal.engine.Backend;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.job.ScoreRun;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoreFormat;
import dev.seal.score.ScoreJob;
import dev.seal.score.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every pair of a preference dataset with a GGUF reward model.",
                "Writes per pair: id, chosen and rejected rewards, margin, agreement (chosen > rejected), token counts.",
                "Rows that cannot be scored go to the errors file with a reason; the job carries on.",
                "The model file is validated in Java before native code reads it; the native engine runs in a supervised",
                "worker process (a crash costs only the row that caused it); output is written in shards next to --out",
                "(<out>.parts), so a killed run resumes where it stopped when rerun with the same arguments."})
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "reward model (.gguf with a seal.reward head, or a BERT-family classifier)")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "pairs: hh-rlhf .jsonl[.gz], or .jsonl/.csv/.parquet with prompt/chosen/rejected")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "scores: .parquet, .csv or .jsonl")
    Path out;

    @Option(names = "--errors", paramLabel = "FILE", description = "errors file (default: next to --out, its name less the extension + .errors.jsonl)")
    Path errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--raw", description = "score each full text as written (no chat template), the SEAL paper's way")
    boolean raw;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "a Jinja chat template to use instead of the model's")
    Path chatTemplate;

    @Option(names = "--max-tokens", paramLabel = "N", converter = OptionValues.Positive.class, description = "longest sequence in tokens; longer pairs follow --truncate (default: the model's training context, capped at 4096)")
    Integer maxTokens;

    @Option(names = "--truncate", defaultValue = "ERROR", description = "over-long pairs: ERROR (to the errors file) or LEFT (drop the earliest whole turns, keeping the last question)")
    PairFormatter.Truncation truncate;

    @Option(names = "--content-tokens", defaultValue = "PARSE", description = "special-token text inside chat contents (e.g. a typed <|im_end|>): PARSE (the control token, as Hugging Face; default) or PLAIN (text); such rows are flagged special_token_text")
    PairFormatter.ContentTokens contentTokens;

    @Option(names = "--batch-tokens", paramLabel = "N", converter = OptionValues.Positive.class, description = "token budget a decode is packed to (default 512 on CPU, 8192 with a GPU; an encoder RM at most what keeps its attention scores within 512 MiB)")
    Integer batchTokens;

    @Option(names = "--chunk-pairs", paramLabel = "N", defaultValue = "1024", converter = OptionValues.Positive.class, description = "pairs handed to the engine per call (default ${DEFAULT-VALUE})")
    int chunkPairs;

    @Mixin
    DeviceOptions device;

    @Option(names = "--devices", paramLabel = "I,J,...", split = ",", description = "one worker per device, by its index in `seal inspect`'s device list, over the same job (output identical to one worker); an index may repeat (two workers on the CPU: --devices 0,0 on a CPU build)")
    List<Integer> devices;

    @Option(names = "--no-share-prefix", description = "score each text whole instead of computing a pair's shared prompt once")
    boolean noSharePrefix;

    @Option(names = "--exact", description = "f32 KV cache, flash attention off: rewards independent of batching up to f32 rounding (slower)")
    boolean exact;

    @Option(names = {"-q", "--quiet"}, description = "no progress line")
    boolean quiet;

    @Option(names = "--sha256", paramLabel = "HEX", converter = OptionValues.Sha256.class, description = "refuse the model unless its SHA-256 is this")
    String sha256;

    @Option(names = "--restart", description = "discard an unfinished earlier run on this output (even one with other inputs or options) and start over")
    boolean restart;

    @Option(names = "--shard-rows", paramLabel = "N", defaultValue = "4096", converter = OptionValues.PositiveLong.class, description = "input rows per shard: the most work a kill can lose (default ${DEFAULT-VALUE})")
    long shardRows;

    @Option(names = "--keep-parts", description = "keep the job directory (<out>.parts: manifest and shards) after success")
    boolean keepParts;

    @Option(names = "--in-process", description = "run the native engine in this process instead of a supervised worker (no protection from native crashes)")
    boolean inProcess;

    @Option(names = "--worker-timeout", defaultValue = "0", paramLabel = "SECONDS", converter = OptionValues.NonNegative.class, description = "restart the worker when one batch takes longer (default 0: no limit)")
    int workerTimeout;

    @Option(names = "--max-text-bytes", paramLabel = "N", defaultValue = "16777216", converter = OptionValues.PositiveLong.class, description = "a pair with more text than this goes to the errors file as text_too_large (default ${DEFAULT-VALUE})")
    long maxTextBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            ScoreFormat.of(out);  // a bad extension is a bad command line, refused before any work
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--out': " + e.getMessage());
        }
        Path errorsPath = errors != null ? errors : defaultErrorsPath(out);
        if (errorsPath.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--errors and --out name the same file: " + out);
        }
        if (!Files.isRegularFile(data)) {
            throw new java.nio.file.NoSuchFileException(data.toString());
        }
        String template = chatTemplate == null ? null : Files.readString(chatTemplate);
        Consumer<String> notes = notes(spec);
        // the device list only when --devices or --device needs it before scoring, and without the devices' memory:
        // asking a GPU for it opens a CUDA context, which this supervising process would hold on every GPU for the run
        Backend backend = devices == null && device.device == null ? Backend.withoutDevices() : Backend.namingDevices();
        device.check(backend);
        List<Backend.Device> bound = boundDevices(backend);

        // 0 asks the engine for its default (see the options' help)
        Scorer.Options scorerOptions = new Scorer.Options(orZero(maxTokens), orZero(batchTokens), 0, device.threadsOrDefault(),
                Integer.MIN_VALUE, !noSharePrefix, true, exact);
        InProcessBackend.Setup setup = new InProcessBackend.Setup(model.toAbsolutePath().toString(), device.gpuLayers,
                device.deviceOrAll(), scorerOptions, raw, template, truncate, contentTokens);
        Summary summary = ScoreRun.run(new ScoreRun.Request(model, sha256, data, format, out, errorsPath, setup,
                shardRows, new ScoreJob.Settings(chunkPairs, 64L << 20, maxTextBytes), inProcess,
                workerTimeout * 1000L, restart, keepParts, !quiet, bound), null, notes).summary();
        PrintWriter o = spec.commandLine().getOut();
        o.println(summary.format());
        o.printf("scores: %s%nerrors: %s%n", out, errorsPath);
        String where = bound.isEmpty() ? Backend.ofThisBuild().device(device.gpuLayers, device.deviceOrAll())
                : describe(bound);
        o.printf("backend: %s (%s)%ndevice: %s%n", backend.name(device.gpuLayers, device.deviceOrAll()),
                backend.buildInfo(), where);
        o.flush();
        return 0;
    }

    /** The devices --devices names (none without it), each checked against the engine's list. */
    private List<Backend.Device> boundDevices(Backend backend) {
        if (devices == null) {
            return List.of();
        }
        if (inProcess || device.device != null) {
            throw new ParameterException(spec.commandLine(), "--devices runs one worker process per device: it cannot be"
                    + " combined with " + (inProcess ? "--in-process" : "--device (one device for the one engine)"));
        }
        List<Backend.Device> out = new ArrayList<>();
        for (int i : devices) {
            try {
                out.add(backend.deviceAt(i));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--devices': " + e.getMessage()
                        + "; `seal inspect MODEL` lists them");
            }
        }
        return out;
    }

    private static String describe(List<Backend.Device> bound) {
        List<String> each = new ArrayList<>();
        for (Backend.Device d : bound) {
            each.add(d.index() + " " + d.describe());
        }
        return bound.size() + " workers: " + String.join("; ", each);
    }

    private static int orZero(Integer option) {
        return option == null ? 0 : option;
    }

    /** A job's notes (resuming, hashing a model): "seal: " lines on the command's stderr as they come. */
    static Consumer<String> notes(picocli.CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println("seal: " + line);
            err.flush();
        };
    }

    /**
     * {@code <stem>.errors.jsonl} beside the output, where the stem is the whole name less the format's extension:
     * {@code run.a.parquet} and {@code run.b.parquet} in one folder get {@code run.a.errors.jsonl} and
     * {@code run.b.errors.jsonl}.
     */
    static Path defaultErrorsPath(Path out) {
        String name = out.getFileName().toString();
        String stem = name.substring(0, name.length() - ScoreFormat.of(out).extension().length());
        return out.resolveSibling(stem + ".errors.jsonl");
    }
}
