package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import dev.seal.gguf.DemoModel;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seal convert --head-from --into}: a new head on an existing GGUF, every tensor copied unchanged. */
class HeadAttachTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheHeadAndScoresWithIt() throws Exception {
        NativeTests.requireNative();
        TinyHf.Spec spec = TinyHf.Spec.llama();
        Path hf = TinyHf.write(dir.resolve("llama"), spec);
        Path base = dir.resolve("base.gguf");
        Converter.convert(hf, base, Converter.Options.of("f32"));

        float[] w = TinyHf.gauss(spec, "new head", 2 * 64, 0.2, 0);
        float[] bias = {0.5f, -1.25f};
        Path head = dir.resolve("head.safetensors");
        SafetensorsWriter.write(head, List.of(new SafetensorsWriter.T("score.weight", "F32", new long[] {2, 64}, w),
                new SafetensorsWriter.T("score.bias", "F32", new long[] {2}, bias)));
        Path out = dir.resolve("new-head.gguf");
        HeadAttacher.Report rep = HeadAttacher.attach(head, base, out, null);
        assertTrue(rep.replaced());
        assertEquals(2, rep.nLabels());

        GgufFile a = GgufFile.read(base);
        GgufFile b = GgufFile.read(out);
        assertEquals(a.tensors().size(), b.tensors().size());
        for (TensorInfo t : a.tensors()) {
            TensorInfo u = b.tensor(t.name()).orElseThrow();
            assertArrayEquals(a.readTensorBytes(t), b.readTensorBytes(u), t.name());
        }
        assertArrayEquals(w, b.getFloatArray(HeadAttacher.KEY_WEIGHT));
        assertArrayEquals(bias, b.getFloatArray(HeadAttacher.KEY_BIAS));
        assertFalse(b.contains(HeadAttacher.KEY_LABELS), "the old labels do not fit the new head");
        assertEquals(a.getStringList("tokenizer.ggml.tokens"), b.getStringList("tokenizer.ggml.tokens"));

        try (ReferenceModel ref = ReferenceModel.open(hf);
             Model m = Model.load(out, new Model.Options(0, true, false));
             Scorer s = Scorer.open(m, ConvertDifferentialTest.exact())) {
            assertEquals(2, m.info().nLabels());
            int[] ids = m.tokenize("The new head scores this.", true, false);
            Scorer.Result r = s.score(TokenBatch.builder().add(ids, -1).build());
            float[] h = ref.hidden(ids, ids.length - 1);
            double worst = 0;
            for (int l = 0; l < 2; l++) {
                double want = bias[l];
                for (int i = 0; i < 64; i++) {
                    want += (double) w[l * 64 + i] * h[i];
                }
                worst = Math.max(worst, Math.abs(want - r.reward(0, l)) / Math.max(1, Math.abs(want)));
            }
            System.out.printf(Locale.ROOT, "seal-test: attached head vs reference hidden state x head: %.3g%n", worst);
            assertTrue(worst < 1e-4);
        }
    }

    @Test
    void attachesToAGgufWithoutHeadWithLabelsFromTheFolder() throws Exception {
        NativeTests.requireNative();
        Path base = DemoModel.write(dir.resolve("nohead.gguf"),
                DemoModel.Spec.defaults().withIncludeHead(false));
        Path folder = Files.createDirectories(dir.resolve("rm"));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), List.of(new SafetensorsWriter.T("score.weight",
                "BF16", new long[] {2, 64}, new float[128])));
        Files.writeString(folder.resolve("config.json"), "{\"id2label\": {\"0\": \"helpful\", \"1\": \"harmless\"},"
                + " \"pad_token_id\": 2}");
        Path out = dir.resolve("with-head.gguf");
        HeadAttacher.Report rep = HeadAttacher.attach(folder, base, out, null);
        assertFalse(rep.replaced());
        try (Model m = Model.load(out, new Model.Options(0, true, false))) {
            assertEquals(List.of("helpful", "harmless"), m.info().labels());
        }
        assertEquals(2, GgufFile.read(out).optionalLong(HeadAttacher.KEY_PAD).orElseThrow(), "the pad id goes with the head");
        // a pad id the GGUF's vocabulary does not have: the head belongs to another model
        Files.writeString(folder.resolve("config.json"), "{\"pad_token_id\": 100000000}");
        ConvertException e = assertThrows(ConvertException.class, () -> HeadAttacher.attach(folder, base,
                dir.resolve("bad-pad.gguf"), null));
        assertTrue(e.getMessage().contains("pad_token_id 100000000"), e.getMessage());
    }

    @Test
    void refusesAHeadOfAnotherWidthOrAMissingTensor() throws Exception {
        Path base = DemoModel.write(dir.resolve("b.gguf"), DemoModel.Spec.defaults());
        Path head = dir.resolve("narrow.safetensors");
        SafetensorsWriter.write(head, List.of(new SafetensorsWriter.T("score.weight", "F32", new long[] {1, 32},
                new float[32])));
        Path out = dir.resolve("o.gguf");
        ConvertException e = assertThrows(ConvertException.class, () -> HeadAttacher.attach(head, base, out, null));
        assertTrue(e.getMessage().contains("1 x 32") && e.getMessage().contains("llama.embedding_length 64"), e.getMessage());
        e = assertThrows(ConvertException.class, () -> HeadAttacher.attach(head, base, out, "v_head.weight"));
        assertTrue(e.getMessage().contains("no tensor 'v_head.weight'"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
