package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.format.PairFormatter;
import dev.seal.gguf.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A BERT-family classifier: llama.cpp's RANK pooling and cls head, fed [CLS] prompt [SEP] response [SEP]. */
class ClassifierTest {
    @TempDir
    Path dir;

    @Test
    void bertClassifierScoresTextPairsIndependentlyOfBatching() throws Exception {
        NativeTests.requireNative();
        Path file = TinyModels.bertClassifier(dir.resolve("bert.gguf"), TinyModels.BertSpec.defaults());
        try (Model m = Model.load(file, Model.Options.defaults())) {
            assertEquals(ModelInfo.HeadKind.CLASSIFIER, m.info().headKind());
            assertTrue(!m.info().causal(), "BERT attention is bidirectional: no prefix sharing");
            PairFormatter f = new PairFormatter(m, PairFormatter.defaultMode(m.info(), false), null, 512,
                    PairFormatter.Truncation.ERROR);
            assertEquals(PairFormatter.Mode.TEXT_PAIR, f.mode());
            TokenBatch.Builder b = TokenBatch.builder();
            int n = 12;
            int[][] seqs = new int[2 * n][];
            for (int i = 0; i < n; i++) {
                List<Turn> prompt = List.of(new Turn("user", "question number " + i));
                PreferencePair p = new PreferencePair("p" + i, null, i + 1,
                        PreferencePair.Side.rendered(prompt, "a helpful answer " + i),
                        PreferencePair.Side.rendered(prompt, "go away"), Set.of());
                PairFormatter.Formatted t = f.format(p);
                assertEquals(m.info().tokenBos(), t.chosen()[0], "starts with [CLS]");
                seqs[2 * i] = t.chosen();
                seqs[2 * i + 1] = t.rejected();
                b.add(t.chosen(), i).add(t.rejected(), i);
            }
            try (Scorer s = Scorer.open(m, Scorer.Options.defaults())) {
                Scorer.Result all = s.score(b.build());
                assertEquals(all.stats().tokensInput(), all.stats().tokensDecoded(), "no sharing for a classifier");
                double worst = 0;
                for (int i = 0; i < seqs.length; i++) {
                    Scorer.Result one = s.score(TokenBatch.builder().add(seqs[i], -1).build());
                    assertTrue(Float.isFinite(one.reward(0, 0)));
                    worst = Math.max(worst, Math.abs(one.reward(0, 0) - all.reward(i, 0)));
                }
                System.out.printf("seal-test: BERT classifier batched vs alone: max |diff| = %.3g%n", worst);
                assertTrue(worst < 1e-3, "max diff " + worst);
                assertTrue(all.reward(0, 0) != all.reward(1, 0), "different texts, different scores");
            }
        }
    }
}
