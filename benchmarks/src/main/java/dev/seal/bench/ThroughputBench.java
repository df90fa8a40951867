package dev.seal.bench;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import dev.seal.format.PairFormatter;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * End-to-end RM throughput and latency: formats and tokenizes a dataset once, then times the engine on
 * the same token ids in several modes. Speed goals are checked here, never in unit tests.
 *
 * <pre>
 * java -cp ... dev.seal.bench.ThroughputBench MODEL DATA [--raw] [--pairs N] [--batch-tokens N[,N...]] [--gpu-layers N]
 *      [--flash-attn on|off|auto] [--alone N] [--dump-tokens FILE] [--shared-only]
 * </pre>
 * --batch-tokens takes a list: the model is loaded and the data tokenized once, then each budget is timed in
 * turn (a budget sweep costs one model load, which on a GPU is most of a short run). --flash-attn overrides the
 * engine's default (auto with a GPU). --alone N also times N pairs scored one text per call (the reference code's
 * way); --dump-tokens writes the token ids (JSON Lines) so another engine (transformers) can be timed on exactly
 * the same input. Besides the table, each timed pass prints one {@code result key=value ...} line for scripts
 * (scripts/gpu-check.sh): budget, sharing, pairs, tokens (every text in full), decoded (tokens the engine
 * computed: fewer with a shared prefix), seconds, decodes.
 */
public final class ThroughputBench {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        boolean raw = false;
        int maxPairs = Integer.MAX_VALUE;
        int[] budgets = {0};
        int gpuLayers = -1;
        int flashAttn = Integer.MIN_VALUE;
        int alone = 0;
        Path dump = null;
        boolean unshared = true;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--shared-only" -> unshared = false;
                case "--raw" -> raw = true;
                case "--pairs" -> maxPairs = Integer.parseInt(args[++i]);
                case "--batch-tokens" -> budgets = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--flash-attn" -> flashAttn = switch (args[++i]) {
                    case "on" -> 1;
                    case "off" -> 0;
                    case "auto" -> -1;
                    default -> throw new IllegalArgumentException("--flash-attn takes on, off or auto: " + args[i]);
                };
                case "--gpu-layers" -> gpuLayers = Integer.parseInt(args[++i]);
                case "--alone" -> alone = Integer.parseInt(args[++i]);
                case "--dump-tokens" -> dump = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (Model m = Model.load(model, new Model.Options(gpuLayers, true, false))) {
            List<int[]> seqs = new ArrayList<>();
            long t0 = System.nanoTime();
            Scorer.Options base = Scorer.Options.defaults().withFlashAttn(flashAttn);
            try (Scorer probe = Scorer.open(m, base.withBatchTokens(budgets[0]));
                 PairReader r = Datasets.open(data, Format.AUTO)) {
                PairFormatter f = new PairFormatter(m, PairFormatter.defaultMode(m.info(), raw), null, probe.maxTokens(),
                        PairFormatter.Truncation.ERROR);
                for (PairReader.Row row = r.next(); row != null && seqs.size() / 2 < maxPairs; row = r.next()) {
                    if (row instanceof PairReader.Row.Ok ok) {
                        try {
                            PairFormatter.Formatted t = f.format(ok.pair());
                            seqs.add(t.chosen());
                            seqs.add(t.rejected());
                        } catch (PairFormatter.FormatException e) {
                            // over-long or unrenderable pairs are not part of the timing
                        }
                    }
                }
            }
            double formatSeconds = (System.nanoTime() - t0) / 1e9;
            int pairs = seqs.size() / 2;
            long tokens = seqs.stream().mapToLong(s -> s.length).sum();
            System.out.printf("model %s (%s), %d pairs, %,d tokens; format+tokenize %.2fs (%.0f pairs/s)%n",
                    model.getFileName(), m.info().description(), pairs, tokens, formatSeconds, pairs / formatSeconds);
            if (dump != null) {
                try (BufferedWriter w = Files.newBufferedWriter(dump)) {
                    for (int i = 0; i < seqs.size(); i++) {
                        w.write("{\"pair\":" + (i / 2) + ",\"ids\":" + Arrays.toString(seqs.get(i)).replace(" ", "") + "}\n");
                    }
                }
            }
            System.out.printf("%-34s %12s %10s %10s %8s%n", "mode", "tokens/s", "pairs/s", "seconds", "decodes");
            for (int batchTokens : budgets) {
                for (boolean share : unshared ? new boolean[] {true, false} : new boolean[] {true}) {
                    try (Scorer s = Scorer.open(m, base.withBatchTokens(batchTokens).withSharePrefix(share))) {
                        TokenBatch.Builder b = TokenBatch.builder();
                        for (int i = 0; i < seqs.size(); i++) {
                            b.add(seqs.get(i), i / 2);
                        }
                        TokenBatch batch = b.build();
                        // warm-up: graph reservation, threads, and on a GPU the kernels' first launches at a full
                        // decode's shapes, which one short text would not reach
                        TokenBatch.Builder warm = TokenBatch.builder();
                        for (int i = 0; i < Math.min(seqs.size(), 64); i++) {
                            warm.add(seqs.get(i), i / 2);
                        }
                        s.score(warm.build());
                        Scorer.Result res = s.score(batch);
                        double sec = res.stats().secondsTotal();
                        System.out.printf("%-34s %,12.0f %,10.1f %10.2f %8d%n",
                                "seal batched" + (share ? " + shared prefix" : "") + " (" + s.batchTokens() + " tok)",
                                tokens / sec, pairs / sec, sec, res.stats().decodes());
                        System.out.printf(java.util.Locale.ROOT,
                                "result budget=%d share=%s flash=%s pairs=%d tokens=%d decoded=%d seconds=%.6f decodes=%d%n",
                                s.batchTokens(), share ? "on" : "off", flashAttn == Integer.MIN_VALUE ? "default"
                                        : flashAttn < 0 ? "auto" : flashAttn == 0 ? "off" : "on",
                                pairs, tokens, res.stats().tokensDecoded(), sec, res.stats().decodes());
                        System.out.flush();
                    }
                }
            }
            if (alone > 0) {
                try (Scorer s = Scorer.open(m, base.withSharePrefix(false))) {
                    int n = Math.min(alone, pairs);
                    long tok = 0;
                    double sec = 0;
                    double worst = 0;
                    for (int i = 0; i < 2 * n; i++) {
                        Scorer.Result res = s.score(TokenBatch.builder().add(seqs.get(i), -1).build());
                        sec += res.stats().secondsTotal();
                        tok += seqs.get(i).length;
                        worst = Math.max(worst, res.stats().secondsTotal());
                    }
                    System.out.printf("%-34s %,12.0f %,10.1f %10.2f %8d   (latency mean %.1f ms, max %.1f ms per text)%n",
                            "seal one text per call", tok / sec, n / sec, sec, 2 * n, 1000 * sec / (2 * n), 1000 * worst);
                }
            }
        }
    }
}
