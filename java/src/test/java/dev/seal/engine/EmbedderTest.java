package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.gguf.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedder on tiny random models: vectors are unit length, a text is most similar to itself, and the packed path
 * (many texts per decode) equals each text embedded alone, for a decoder (mean and last pooling) and an encoder.
 */
class EmbedderTest {
    static Path tinyBert() throws Exception {
        NativeTests.requireNative();
        Path dir = Files.createTempDirectory("seal-embed-bert");
        dir.toFile().deleteOnExit();
        return TinyModels.bertClassifier(dir.resolve("bert.gguf"), TinyModels.BertSpec.defaults());
    }

    static List<int[]> texts(Model m, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(m.tokenize("text " + i + ": how do I " + "really ".repeat(i % 5) + "fix a bike?" + " Chain.".repeat(i % 3),
                    true, false));
        }
        return out;
    }

    /** Packs all texts into shared decodes and compares each vector with the one from a call of its own. */
    static void batchedEqualsAlone(Path model, int pooling) {
        try (Model m = Model.load(model, Model.Options.defaults());
             Embedder e = Embedder.open(m, Embedder.Options.defaults().withPooling(pooling).withBatchTokens(64))) {
            List<int[]> texts = texts(m, 12);
            Embedder.Result batched = e.embed(texts);
            assertTrue(batched.stats().decodes() > 1 && batched.stats().decodes() < texts.size(),
                    "several texts per decode, several decodes: " + batched.stats());
            double worst = 0;
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(0, batched.status()[i]);
                float[] v = batched.vector(i);
                double norm = 0;
                for (float x : v) {
                    norm += (double) x * x;
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-4, "unit length");
                float[] alone = e.embed(List.of(texts.get(i))).vector(0);
                for (int j = 0; j < v.length; j++) {
                    worst = Math.max(worst, Math.abs(v[j] - alone[j]));
                }
                assertEquals(1.0, Embedder.cosine(v, alone), 1e-3, "text " + i);
            }
            System.out.printf("seal-test: embedder (pooling %d) packed vs alone: max abs diff %.3g, %s%n",
                    e.pooling(), worst, batched.stats());
            // f16 KV cache and packed matmuls move components only at rounding level
            assertTrue(worst < 2e-3, "packed vs alone: " + worst);
            float[] a = batched.vector(0);
            assertEquals(1.0, Embedder.cosine(a, a), 1e-6);
            assertTrue(Embedder.cosine(a, batched.vector(7)) < 1 - 1e-4, "different texts differ");
        }
    }

    @Test
    void decoderMeanPoolingPackedEqualsAlone() throws Exception {
        batchedEqualsAlone(NativeTests.tinyEmbedder(), Embedder.POOLING_MODEL);
    }

    @Test
    void decoderLastPoolingPackedEqualsAlone() throws Exception {
        batchedEqualsAlone(NativeTests.tinyEmbedder(), Embedder.POOLING_LAST);
    }

    @Test
    void encoderClsPoolingPackedEqualsAlone() throws Exception {
        batchedEqualsAlone(tinyBert(), Embedder.POOLING_CLS);
    }

    @Test
    void modelWithoutPoolingGetsMean() throws Exception {
        try (Model m = Model.load(NativeTests.tinyEmbedder(), Model.Options.defaults());
             Embedder e = Embedder.open(m, Embedder.Options.defaults())) {
            assertEquals(Embedder.POOLING_MEAN, e.pooling());
        }
    }

    @Test
    void rerankerIsRefusedAndBadTextsFailAlone() throws Exception {
        try (Model m = Model.load(tinyBert(), Model.Options.defaults())) {
            SealException x = assertThrows(SealException.class, () -> Embedder.open(m, Embedder.Options.defaults()));
            assertTrue(x.getMessage().contains("reranker"), x.getMessage());
            try (Embedder e = Embedder.open(m, Embedder.Options.defaults().withPooling(Embedder.POOLING_MEAN))) {
                Embedder.Result r = e.embed(List.of(new int[0], m.tokenize("fine", true, false)));
                assertEquals(seal_h.SEAL_E_EMPTY(), r.status()[0]);
                assertTrue(Float.isNaN(r.vectors()[0]));
                assertEquals(0, r.status()[1]);
            }
        }
    }
}
