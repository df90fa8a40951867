package dev.seal.bench;

import dev.seal.engine.TokenBatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The Java side of one engine call: packing 1,024 pairs of ~180 tokens into the flat native layout. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TokenBatchBench {
    int[][] seqs;

    @Setup
    public void setup() {
        java.util.Random r = new java.util.Random(1);
        seqs = new int[2048][];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = r.ints(120 + r.nextInt(120), 0, 32000).toArray();
        }
    }

    @Benchmark
    public TokenBatch build1024Pairs() {
        TokenBatch.Builder b = TokenBatch.builder();
        for (int i = 0; i < seqs.length; i++) {
            b.add(seqs[i], i / 2);
        }
        return b.build();
    }
}
