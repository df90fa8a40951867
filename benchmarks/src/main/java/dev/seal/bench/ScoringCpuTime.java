package dev.seal.bench;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import dev.seal.format.PairFormatter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall and CPU seconds of one scorer call over the first N pairs of a dataset (raw texts), model loading, formatting and
 * a warm-up call excluded: run two at once beside one alone to see how scoring shares the cores (benchmarks/NOTES.md).
 *
 * <pre>
 * java -cp ... dev.seal.bench.ScoringCpuTime MODEL DATA PAIRS THREADS [LABEL]
 * </pre>
 */
public final class ScoringCpuTime {
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]); Path data = Path.of(a[1]); int n = Integer.parseInt(a[2]); int threads = Integer.parseInt(a[3]);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (Model m = Model.load(model, Model.Options.defaults());
             Scorer s = Scorer.open(m, new Scorer.Options(0, 0, 0, threads, Integer.MIN_VALUE, true, true, false))) {
            PairFormatter f = new PairFormatter(m, PairFormatter.Mode.RAW, null, s.maxTokens(), PairFormatter.Truncation.ERROR);
            List<int[]> seqs = new ArrayList<>();
            try (PairReader r = Datasets.open(data, Format.AUTO)) {
                for (PairReader.Row row = r.next(); row != null && seqs.size() < 2 * n; row = r.next())
                    if (row instanceof PairReader.Row.Ok ok) { var t = f.format(ok.pair()); seqs.add(t.chosen()); seqs.add(t.rejected()); }
            }
            TokenBatch.Builder warm = TokenBatch.builder(); warm.add(seqs.get(0), 0).add(seqs.get(1), 0); s.score(warm.build());
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            TokenBatch.Builder b = TokenBatch.builder();
            for (int i = 0; i < seqs.size(); i++) b.add(seqs.get(i), i / 2);
            s.score(b.build());
            double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
            System.out.printf("%s pairs=%d threads=%d wall=%.2fs cpu=%.2fs pairs/s=%.2f%n", a.length > 4 ? a[4] : "", seqs.size() / 2, threads, wall, cpu, seqs.size() / 2 / wall);
        }
    }
}
