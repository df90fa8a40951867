package dev.seal.bench;

import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import dev.seal.gguf.DemoModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The native call path: one {@link Scorer#score} call through java.lang.foreign (argument copies,
 * downcall, result copies) for a tiny model, where the model's own compute is smallest. Compare
 * {@code tokenizeOnly} (one downcall, no decode) for the boundary's fixed cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ScorerCallBench {
    Path dir;
    Model model;
    Scorer scorer;
    TokenBatch onePair;
    TokenBatch sixtyFourPairs;
    String text;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("seal-jmh");
        Path file = DemoModel.write(dir.resolve("tiny.gguf"), DemoModel.Spec.defaults());
        model = Model.load(file, Model.Options.defaults());
        scorer = Scorer.open(model, Scorer.Options.defaults());
        text = "\n\nHuman: how do I fix a flat tyre on my bike?\n\nAssistant:";
        int[] prompt = model.tokenize(text, true, false);
        int[] chosen = model.tokenize(text + " Take the wheel off, find the hole, patch it.", true, false);
        int[] rejected = model.tokenize(text + " Buy a new bike.", true, false);
        onePair = TokenBatch.builder().add(chosen, 0).add(rejected, 0).build();
        TokenBatch.Builder b = TokenBatch.builder();
        for (int i = 0; i < 64; i++) {
            b.add(chosen, i).add(rejected, i);
        }
        sixtyFourPairs = b.build();
        if (prompt.length == 0) {
            throw new IllegalStateException("tokenizer produced nothing");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        scorer.close();
        model.close();
        BenchFiles.deleteDir(dir);
    }

    @Benchmark
    public int[] tokenizeOnly() {
        return model.tokenize(text, true, false);
    }

    @Benchmark
    public Scorer.Result scoreOnePair() {
        return scorer.score(onePair);
    }

    @Benchmark
    public Scorer.Result score64Pairs() {
        return scorer.score(sixtyFourPairs);
    }
}
