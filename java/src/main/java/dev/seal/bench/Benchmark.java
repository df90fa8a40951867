package dev.seal.bench;

import dev.seal.data.PreferencePair;
import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
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
     * @param warmup      untimed calls before each latency series and before each timed throughput pass
     * @param repeats     timed calls per latency series
     * @param batchPairs  batch sizes whose latency is measured besides the single pair
     * @param budgets     token budgets (--batch-tokens) whose throughput is measured
     * @param flashAttn   flash attention settings whose throughput is measured at each budget
     * @param sharePrefix prefix sharing settings whose throughput is measured at each budget and flash setting
     * @param rounds      passes over the whole grid, interleaved so that a load change hits every setting alike; a
     *                    setting's time is its median over the rounds
     * @param drift       also score every pair once with an f32 KV cache and flash attention off ({@code seal score
     *                    --exact}) and report how far each throughput pass's rewards are from those
     */
    public record Settings(int warmup, int repeats, List<Integer> batchPairs, List<Integer> budgets,
                           List<FlashAttn> flashAttn, List<Boolean> sharePrefix, int rounds, boolean drift) {
        public Settings {
            batchPairs = List.copyOf(batchPairs);
            budgets = List.copyOf(budgets);
            flashAttn = List.copyOf(flashAttn);
            sharePrefix = List.copyOf(sharePrefix);
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be positive: " + rounds);
            }
        }

        /** One pass at each budget, with the engine's flash attention default and prefix sharing, no drift. */
        public Settings(int warmup, int repeats, List<Integer> batchPairs, List<Integer> budgets) {
            this(warmup, repeats, batchPairs, budgets, List.of(FlashAttn.DEFAULT), List.of(true), 1, false);
        }
    }

    /** A flash attention setting of the scorer (seal_scorer_params.flash_attn). */
    public enum FlashAttn {
        DEFAULT(Integer.MIN_VALUE), AUTO(-1), OFF(0), ON(1);

        /** The value {@link Scorer.Options#flashAttn()} takes. */
        public final int value;

        FlashAttn(int value) {
            this.value = value;
        }

        /** The name on the command line and in reports: default, auto, off, on. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
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
        float[][] exact = null;
        if (settings.drift()) {
            // seal score --exact at the default budget: the reference every pass's rewards are compared with
            try (InProcessBackend b = InProcessBackend.on(model, withScorer(setup.scorer().withKvF32(true)
                    .withFlashAttn(FlashAttn.OFF.value)))) {
                exact = rewards(score(b, pairs));
            }
        }
        List<Grid> grid = new ArrayList<>();
        for (int budget : settings.budgets()) {
            for (FlashAttn flash : settings.flashAttn()) {
                for (boolean share : settings.sharePrefix()) {
                    grid.add(new Grid(budget, flash, share, new double[settings.rounds()], null));
                }
            }
        }
        for (int round = 0; round < settings.rounds(); round++) {
            for (int g = 0; g < grid.size(); g++) {
                Grid point = grid.get(g);
                Scorer.Options options = setup.scorer().withBatchTokens(point.budget())
                        .withFlashAttn(point.flash().value).withSharePrefix(point.share());
                try (InProcessBackend b = InProcessBackend.on(model, withScorer(options))) {
                    Pass pass = pass(b, pairs);
                    point.seconds()[round] = pass.seconds();
                    if (round == 0) {
                        grid.set(g, point = new Grid(point.budget(), point.flash(), point.share(), point.seconds(), pass));
                    }
                    sampleDevice();
                }
            }
        }
        List<BenchReport.Throughput> throughput = new ArrayList<>();
        for (Grid point : grid) {
            Pass first = point.first();
            throughput.add(new BenchReport.Throughput(point.budget(), point.flash().label(), point.share(), first.pairs(),
                    first.tokens(), percentiles(point.seconds(), 50)[0], point.seconds().length,
                    exact == null ? null : BenchReport.Drift.between(exact, first.rewards())));
        }
        long scoredTokens = 0;
        long scored = 0;
        for (BenchReport.Throughput t : throughput) {
            scoredTokens += t.tokens();
            scored += t.pairs();
        }
        BenchReport.Memory memory = new BenchReport.Memory(peakRss(), peakHeap(),
                peakDeviceBytes < 0 ? OptionalLong.empty() : OptionalLong.of(peakDeviceBytes));
        return new BenchReport(backend.name(setup.gpuLayers(), setup.device()),
                backend.device(setup.gpuLayers(), setup.device()), backend.buildInfo(),
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

    /** One point of the throughput grid: its time in each round, and its first round's pass (for counts and drift). */
    private record Grid(int budget, FlashAttn flash, boolean share, double[] seconds, Pass first) {}

    /** One timed pass over every pair: what it scored, its time, and each pair's rewards (null where it failed). */
    private record Pass(long pairs, long tokens, double seconds, float[][] rewards) {}

    private InProcessBackend.Setup withScorer(Scorer.Options options) {
        return new InProcessBackend.Setup(setup.modelPath(), setup.gpuLayers(), setup.device(), options, setup.raw(),
                setup.template(), setup.truncation(), setup.contentTokens());
    }

    private Pass pass(ScoringBackend b, List<PreferencePair> pairs) throws BatchFailure {
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
        return new Pass(scored, tokens, seconds, rewards(outcomes));
    }

    /** Each pair's chosen then rejected rewards, label by label; null for a pair that failed. */
    private static float[][] rewards(List<PairOutcome> outcomes) {
        float[][] out = new float[outcomes.size()][];
        for (int i = 0; i < out.length; i++) {
            if (outcomes.get(i) instanceof PairOutcome.Scored s) {
                out[i] = new float[s.chosen().length + s.rejected().length];
                System.arraycopy(s.chosen(), 0, out[i], 0, s.chosen().length);
                System.arraycopy(s.rejected(), 0, out[i], s.chosen().length, s.rejected().length);
            }
        }
        return out;
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
        OptionalLong now = backend.deviceMemoryBytes(setup.gpuLayers(), setup.device());
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
