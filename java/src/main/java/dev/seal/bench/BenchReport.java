package dev.seal.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What {@code seal bench} measured: as a terminal table ({@link #table()}) or JSON ({@link #json()}).
 *
 * @param backend       "CPU" or "CUDA": where the layers ran
 * @param device        the CPU or GPU(s) by name
 * @param build         libseal's seal_build_info
 * @param pairs         pairs in the benchmark's set
 * @param tokensPerPair mean tokens of a scored pair, both sides in full
 * @param defaultBudget the token budget the latency series ran with (the engine's default unless --batch-tokens)
 * @param failedPairs   pair scorings that failed over all calls, warm-up included (each counted per call)
 */
public record BenchReport(String backend, String device, String build, String model, String source, int pairs,
                          double tokensPerPair, int defaultBudget, int warmup, long failedPairs, List<Latency> latency,
                          List<Throughput> throughput, Memory memory) {
    public BenchReport {
        latency = List.copyOf(latency);
        throughput = List.copyOf(throughput);
    }

    /** One latency series: {@code repeats} timed calls of {@code pairs} pairs each, in milliseconds. */
    public record Latency(int pairs, int repeats, double p50, double p90, double p99, double mean) {
        static Latency of(int pairs, double[] millis) {
            double[] p = Benchmark.percentiles(millis, 50, 90, 99);
            return new Latency(pairs, millis.length, p[0], p[1], p[2],
                    java.util.Arrays.stream(millis).average().orElse(Double.NaN));
        }

        /** Pairs per second at the median latency. */
        public double pairsPerSecond() {
            return pairs * 1000 / p50;
        }
    }

    /**
     * Timed passes over every pair at a token budget, flash attention setting and prefix sharing setting.
     *
     * @param seconds the median of the rounds' times
     * @param drift   how far the first pass's rewards are from {@code seal score --exact}'s; null when not measured
     */
    public record Throughput(int budget, String flashAttn, boolean sharePrefix, long pairs, long tokens, double seconds,
                             int rounds, Drift drift) {
        public double pairsPerSecond() {
            return pairs / seconds;
        }

        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    /**
     * Rewards against a reference's, over the pairs both scored: the largest and the mean absolute difference (over
     * every reward of both sides) and the pairs whose preference (the sign of chosen minus rejected, on any label)
     * differs.
     */
    public record Drift(long pairs, double maxAbs, double meanAbs, long flips) {
        /**
         * Compares each pair's rewards (chosen labels, then rejected labels; null for a pair not scored).
         */
        static Drift between(float[][] reference, float[][] rewards) {
            long pairs = 0;
            long values = 0;
            long flips = 0;
            double max = 0;
            double sum = 0;
            for (int i = 0; i < reference.length; i++) {
                float[] a = reference[i];
                float[] b = rewards[i];
                if (a == null || b == null) {
                    continue;
                }
                pairs++;
                for (int k = 0; k < a.length; k++) {
                    double d = Math.abs((double) a[k] - b[k]);
                    max = Math.max(max, d);
                    sum += d;
                    values++;
                }
                int labels = a.length / 2;
                for (int l = 0; l < labels; l++) {
                    if (Math.signum(a[l] - a[l + labels]) != Math.signum(b[l] - b[l + labels])) {
                        flips++;
                        break;
                    }
                }
            }
            return new Drift(pairs, max, values == 0 ? 0 : sum / values, flips);
        }
    }

    /**
     * Peaks over the whole run, in bytes: the process's resident set (-1 where /proc is missing), the JVM heap, and
     * this process's device memory (empty on a CPU run).
     */
    public record Memory(long hostPeakRss, long jvmHeapPeak, OptionalLong device) {}

    /** The aligned terminal table, ending with a newline. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        line(sb, "backend", backend + " (" + build + ")");
        line(sb, "device", device);
        line(sb, "model", model);
        line(sb, "pairs", pairs + " from " + source + ", " + fmt("%.0f", tokensPerPair) + " tokens per pair"
                + (failedPairs > 0 ? ", " + failedPairs + " failed scorings (see seal score for reasons)" : ""));
        line(sb, "latency", "budget " + defaultBudget + " tokens, " + warmup + " warm-up calls untimed");
        sb.append(fmt("  %-8s %7s %10s %10s %10s %10s%n", "pairs", "calls", "p50 ms", "p90 ms", "p99 ms", "pairs/s"));
        for (Latency l : latency) {
            sb.append(fmt("  %-8d %7d %10.2f %10.2f %10.2f %10.1f%n", l.pairs(), l.repeats(), l.p50(), l.p90(), l.p99(),
                    l.pairsPerSecond()));
        }
        boolean drift = throughput.stream().anyMatch(t -> t.drift() != null);
        int rounds = throughput.isEmpty() ? 1 : throughput.getFirst().rounds();
        line(sb, "throughput", "one pass over all pairs per setting" + (rounds > 1 ? ", median of " + rounds
                + " interleaved rounds" : "") + (drift ? "; drift: rewards against seal score --exact's" : ""));
        sb.append(fmt("  %-8s %7s %10s %10s %10s %6s %6s", "budget", "pairs", "seconds", "pairs/s", "tokens/s", "flash",
                "share"));
        sb.append(drift ? fmt(" %10s %10s %6s%n", "max |d|", "mean |d|", "flips") : System.lineSeparator());
        for (Throughput t : throughput) {
            sb.append(fmt("  %-8d %7d %10.2f %10.1f %10.0f %6s %6s", t.budget(), t.pairs(), t.seconds(),
                    t.pairsPerSecond(), t.tokensPerSecond(), t.flashAttn(), t.sharePrefix() ? "on" : "off"));
            Drift d = t.drift();
            sb.append(d == null ? System.lineSeparator()
                    : fmt(" %10.2e %10.2e %6d%n", d.maxAbs(), d.meanAbs(), d.flips()));
        }
        line(sb, "memory", "host peak RSS " + mib(memory.hostPeakRss()) + ", JVM heap peak " + mib(memory.jvmHeapPeak())
                + ", device " + (memory.device().isPresent() ? mib(memory.device().getAsLong()) : "n/a"));
        return sb.toString();
    }

    /** The report as one JSON object (pretty-printed); memory in bytes, device null when not measured. */
    public String json() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("backend", backend).put("device", device).put("build", build).put("model", model)
                .put("source", source).put("pairs", pairs).put("tokens_per_pair", tokensPerPair)
                .put("latency_budget", defaultBudget).put("warmup", warmup).put("failed_pairs", failedPairs);
        ArrayNode lat = root.putArray("latency");
        for (Latency l : latency) {
            lat.addObject().put("pairs", l.pairs()).put("calls", l.repeats()).put("p50_ms", l.p50())
                    .put("p90_ms", l.p90()).put("p99_ms", l.p99()).put("mean_ms", l.mean())
                    .put("pairs_per_s", l.pairsPerSecond());
        }
        ArrayNode thr = root.putArray("throughput");
        for (Throughput t : throughput) {
            ObjectNode row = thr.addObject().put("budget", t.budget()).put("flash_attn", t.flashAttn())
                    .put("share_prefix", t.sharePrefix()).put("rounds", t.rounds()).put("pairs", t.pairs())
                    .put("tokens", t.tokens()).put("seconds", t.seconds()).put("pairs_per_s", t.pairsPerSecond())
                    .put("tokens_per_s", t.tokensPerSecond());
            if (t.drift() != null) {
                row.putObject("drift").put("pairs", t.drift().pairs()).put("max_abs", t.drift().maxAbs())
                        .put("mean_abs", t.drift().meanAbs()).put("flips", t.drift().flips());
            } else {
                row.putNull("drift");
            }
        }
        ObjectNode mem = root.putObject("memory");
        mem.put("host_peak_rss_bytes", memory.hostPeakRss()).put("jvm_heap_peak_bytes", memory.jvmHeapPeak());
        if (memory.device().isPresent()) {
            mem.put("device_bytes", memory.device().getAsLong());
        } else {
            mem.putNull("device_bytes");
        }
        return root.toPrettyString() + System.lineSeparator();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : fmt("%.1f MiB", bytes / 1048576.0);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(fmt("%-11s %s%n", name, value));
    }
}
