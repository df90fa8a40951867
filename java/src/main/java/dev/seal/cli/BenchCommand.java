package dev.seal.cli;

import dev.seal.bench.BenchPairs;
import dev.seal.bench.BenchReport;
import dev.seal.bench.Benchmark;
import dev.seal.data.Format;
import dev.seal.data.PreferencePair;
import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a reward model's latency and throughput on seal score's scoring path (in this process).",
                "Latency of a single pair and of batches (p50/p90/p99 over --repeats calls), throughput over all pairs",
                "at each token budget (pairs/s, tokens/s), peak host and device memory, and the backend and device.",
                "Warm-up calls are not timed. Prints a table, or JSON with --json."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "reward model (.gguf)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "FILE", description = "pairs in any format seal score reads (its first --limit readable pairs)")
        Path data;

        @Option(names = "--synthetic", paramLabel = "N", converter = OptionValues.Positive.class, description = "N synthetic pairs instead, of --lengths tokens per side")
        Integer synthetic;
    }

    @Option(names = "--lengths", paramLabel = "TOKENS", split = ",", converter = OptionValues.Positive.class, description = "with --synthetic: tokens per side before the chat template, cycled over the pairs (default 64,256,1024)")
    List<Integer> lengths;

    @Option(names = "--format", defaultValue = "AUTO", description = "--data format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "256", converter = OptionValues.Positive.class, description = "pairs read from --data (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20", converter = OptionValues.Positive.class, description = "timed calls per latency series (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", converter = OptionValues.NonNegative.class, description = "untimed calls before each series and each budget (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-pairs", paramLabel = "N", split = ",", defaultValue = "8,64", converter = OptionValues.Positive.class, description = "batch sizes timed besides a single pair (default ${DEFAULT-VALUE})")
    List<Integer> batchPairs;

    @Option(names = "--budgets", paramLabel = "TOKENS", split = ",", defaultValue = "256,512,2048", converter = OptionValues.Positive.class, description = "token budgets (--batch-tokens) whose throughput is measured (default ${DEFAULT-VALUE})")
    List<Integer> budgets;

    @Option(names = "--flash-attn", paramLabel = "MODE", split = ",", converter = FlashAttnValue.class, description = "flash attention settings whose throughput is measured at each budget: on, off, auto, default (default: default, the engine's)")
    List<Benchmark.FlashAttn> flashAttn;

    @Option(names = "--share-prefix", paramLabel = "on|off", arity = "1", split = ",", converter = OptionValues.OnOff.class, description = "prefix sharing settings whose throughput is measured at each budget (default on)")
    List<Boolean> sharePrefix;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", converter = OptionValues.Positive.class, description = "passes over the throughput grid, interleaved; each setting reports its median (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--drift", description = "also score every pair with seal score --exact (f32 KV cache, flash attention off) and report each throughput pass's reward drift from it")
    boolean drift;

    @Option(names = "--batch-tokens", paramLabel = "N", converter = OptionValues.Positive.class, description = "token budget of the latency series (default: the engine's, 512 on CPU, 8192 with a GPU; an encoder RM at most what keeps its attention scores within 512 MiB)")
    Integer batchTokens;

    @Option(names = "--raw", description = "score each full text as written (no chat template)")
    boolean raw;

    @Mixin
    DeviceOptions device;

    @Option(names = "--json", description = "print the report as JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (lengths != null && source.synthetic == null) {
            throw new ParameterException(spec.commandLine(), "--lengths applies to --synthetic pairs only");
        }
        if (source.data != null && !Files.isRegularFile(source.data)) {
            throw new java.nio.file.NoSuchFileException(source.data.toString());
        }
        // every device's free memory for the report, unless --device puts the model on one: asking a GPU for its memory
        // opens a CUDA context on it, which would hold memory on GPUs this run does not use
        Backend backend = device.device == null ? Backend.ofThisBuild() : Backend.namingDevices();
        device.check(backend);
        Scorer.Options scorer = new Scorer.Options(0, batchTokens == null ? 0 : batchTokens, 0,
                device.threadsOrDefault(), Integer.MIN_VALUE, true, true, false);
        InProcessBackend.Setup setup = new InProcessBackend.Setup(model.toAbsolutePath().toString(), device.gpuLayers,
                device.deviceOrAll(), scorer, raw, null, PairFormatter.Truncation.ERROR,
                PairFormatter.ContentTokens.PARSE);
        BenchReport report;
        try (Model m = Model.load(model, setup.modelOptions())) {
            List<Integer> sideLengths = lengths != null ? lengths : List.of(64, 256, 1024);
            List<PreferencePair> pairs = source.data != null ? BenchPairs.read(source.data, format, limit)
                    : BenchPairs.synthetic(m, source.synthetic, sideLengths);
            String from = source.data != null ? source.data.toString()
                    : "synthetic (" + sideLengths.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow()
                    + " tokens per side)";
            report = new Benchmark(m, setup, backend, new Benchmark.Settings(warmup, repeats, batchPairs, budgets,
                    flashAttn == null ? List.of(Benchmark.FlashAttn.DEFAULT) : flashAttn,
                    sharePrefix == null ? List.of(true) : sharePrefix, rounds, drift))
                    .run(pairs, from);
        } catch (BatchFailure e) {
            spec.commandLine().getErr().println("seal: the engine failed a batch (" + e.reasonCode() + "): " + e.getMessage());
            return Main.EXIT_NATIVE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return 0;
    }

    /** on, off, auto or default, in any case. */
    static final class FlashAttnValue implements picocli.CommandLine.ITypeConverter<Benchmark.FlashAttn> {
        @Override
        public Benchmark.FlashAttn convert(String text) {
            for (Benchmark.FlashAttn f : Benchmark.FlashAttn.values()) {
                if (f.label().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not on, off, auto or default");
        }
    }
}
