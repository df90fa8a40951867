package dev.seal.bench;

import dev.seal.data.PreferencePair;
import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import dev.seal.score.PairOutcome;
import dev.seal.score.ScoringBackend;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Measures a reward model on seal score's own scoring path ({@link InProcessBackend}: formatting, tokenizing, the
 * native scorer): latency of batches of 1 (a single pair) and of each batch size, then throughput over all the pairs
 * at each token budget. Warm-up calls run before each measurement and are not timed.
 */
public final class Benchmark {
    /**
     * @param warmup     untimed calls before each latency series and before each budget's timed pass
     * @param repeats    timed calls per latency series
     * @param batchPairs batch sizes whose latency is measured besides the single pair
     * @param budgets    token budgets (--batch-tokens) whose throughput is measured
     */
    public record Settings(int warmup, int repeats, List<Integer> batchPairs, List<Integer> budgets) {
        public Settings {
            batchPairs = List.copyOf(batchPairs);
            budgets = List.copyOf(budgets);
        }
    }

    private final Model model;
    private final InProcessBackend.Setup setup;
    private final Backend backend;
    private final Settings settings;
    private long peakDeviceBytes = -1;
    private long failedPairs;

    /** On a loaded model (the caller closes it); {@code setup} gives the scorer options and formatting. */
    public Benchmark(Model model, InProcessBackend.Setup setup, Backend backend, Settings settings) {
        this.model = model;
        this.setup = setup;
        this.backend = backend;
        this.settings = settings;
    }

    /**
     * Runs every measurement over {@code pairs}.
     *
     * @throws BatchFailure when the engine fails a whole batch (out of memory, a native failure)
     * @throws IllegalArgumentException when no pair could be scored (all too long, say)
     */
    public BenchReport run(List<PreferencePair> pairs, String source) throws BatchFailure {
        List<BenchReport.Latency> latency = new ArrayList<>();
        int defaultBudget;
        try (InProcessBackend b = InProcessBackend.on(model, setup)) {
            defaultBudget = b.scorer().batchTokens();
            latency.add(latency(b, pairs, 1));
            for (int size : settings.batchPairs()) {
                latency.add(latency(b, pairs, size));
            }
            sampleDevice();
        }
        List<BenchReport.Throughput> throughput = new ArrayList<>();
        for (int budget : settings.budgets()) {
            InProcessBackend.Setup atBudget = new InProcessBackend.Setup(setup.modelPath(), setup.gpuLayers(),
                    setup.scorer().withBatchTokens(budget), setup.raw(), setup.template(), setup.truncation(),
                    setup.contentTokens());
            try (InProcessBackend b = InProcessBackend.on(model, atBudget)) {
                throughput.add(throughput(b, pairs, budget));
                sampleDevice();
            }
        }
        long scoredTokens = 0;
        long scored = 0;
        for (BenchReport.Throughput t : throughput) {
            scoredTokens += t.tokens();
            scored += t.pairs();
        }
        BenchReport.Memory memory = new BenchReport.Memory(peakRss(), peakHeap(),
                peakDeviceBytes < 0 ? OptionalLong.empty() : OptionalLong.of(peakDeviceBytes));
        return new BenchReport(backend.name(setup.gpuLayers()), backend.device(setup.gpuLayers()), backend.buildInfo(),
                model.path().toString(), source, pairs.size(), scored == 0 ? 0 : (double) scoredTokens / scored,
                defaultBudget, settings.warmup(), failedPairs, latency, throughput, memory);
    }

    private BenchReport.Latency latency(ScoringBackend b, List<PreferencePair> pairs, int size) throws BatchFailure {
        for (int w = 0; w < settings.warmup(); w++) {
            score(b, batch(pairs, size, w));
        }
        double[] millis = new double[settings.repeats()];
        for (int r = 0; r < settings.repeats(); r++) {
            List<PreferencePair> batch = batch(pairs, size, settings.warmup() + r);
            long t0 = System.nanoTime();
            score(b, batch);
            millis[r] = (System.nanoTime() - t0) / 1e6;
        }
        return BenchReport.Latency.of(size, millis);
    }

    private BenchReport.Throughput throughput(ScoringBackend b, List<PreferencePair> pairs, int budget)
            throws BatchFailure {
        for (int w = 0; w < settings.warmup(); w++) {
            score(b, batch(pairs, Math.min(8, pairs.size()), w));
        }
        long t0 = System.nanoTime();
        List<PairOutcome> outcomes = score(b, pairs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long scored = 0;
        long tokens = 0;
        for (PairOutcome o : outcomes) {
            if (o instanceof PairOutcome.Scored s) {
                scored++;
                tokens += s.chosenTokens() + s.rejectedTokens();
            }
        }
        if (scored == 0) {
            throw new IllegalArgumentException("none of the " + pairs.size() + " pairs could be scored (too long for"
                    + " the model's context, or not formattable: seal score on the same data lists each reason)");
        }
        return new BenchReport.Throughput(budget, scored, tokens, seconds);
    }

    /** {@code size} pairs starting at the {@code call}-th block, wrapping around, so repeats do not score one pair only. */
    private static List<PreferencePair> batch(List<PreferencePair> pairs, int size, int call) {
        List<PreferencePair> out = new ArrayList<>(size);
        long start = (long) call * size;
        for (int i = 0; i < size; i++) {
            out.add(pairs.get((int) ((start + i) % pairs.size())));
        }
        return out;
    }

    private List<PairOutcome> score(ScoringBackend b, List<PreferencePair> batch) throws BatchFailure {
        List<PairOutcome> outcomes = b.score(batch).outcomes();
        failedPairs += outcomes.stream().filter(o -> o instanceof PairOutcome.Failed).count();
        return outcomes;
    }

    /** Device memory is sampled while a scorer is open (its buffers live as long as it does). */
    private void sampleDevice() {
        OptionalLong now = backend.deviceMemoryBytes(setup.gpuLayers());
        if (now.isPresent()) {
            peakDeviceBytes = Math.max(peakDeviceBytes, now.getAsLong());
        }
    }

    /** The process's peak resident set (VmHWM in /proc/self/status: native and Java memory together); -1 off Linux. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).strip().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;  // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no peak to report
        }
        return -1;
    }

    /** The JVM heap's peak use: the sum of the heap pools' peaks. */
    static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
    }

    /** The values at the given percentiles (nearest rank) of {@code values}: ordered like the percentiles. */
    static double[] percentiles(double[] values, double... percents) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[percents.length];
        for (int i = 0; i < percents.length; i++) {
            int rank = (int) Math.ceil(percents[i] / 100 * sorted.length);
            out[i] = sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
        }
        return out;
    }
}
