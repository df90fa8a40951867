package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seal convert} of a DebertaV2ForSequenceClassification folder: the GGUF's keys and tensors, and refusals. */
class DebertaConvertTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDebertaLayout() throws Exception {
        TinyDeberta.Spec s = TinyDeberta.Spec.v3();
        Path hf = TinyDeberta.write(dir.resolve("hf"), s);
        Path out = dir.resolve("m.gguf");
        Converter.Report r = Converter.convert(hf, out, Converter.Options.of("f32"));
        assertEquals("deberta-v2", r.ggufArchitecture());
        assertEquals(1, r.nLabels());
        GgufFile f = GgufFile.read(out);
        assertEquals("deberta-v2", f.getString("general.architecture"));
        assertEquals(4L, f.getLong("deberta-v2.pooling_type"), "RANK pooling: the pooler and classifier on [CLS]");
        assertEquals(8L, f.getLong("deberta-v2.attention.relative_buckets_count"));
        assertEquals(16L, f.getLong("deberta-v2.attention.max_relative_positions"));
        assertEquals(3L, f.getLong("deberta-v2.attention.pos_att_type"));
        assertEquals(List.of("LABEL_0"), f.getStringList("deberta-v2.classifier.output_labels"));
        assertEquals("t5", f.getString("tokenizer.ggml.model"));
        assertEquals(1L, f.getLong("tokenizer.ggml.bos_token_id"));
        assertEquals(2L, f.getLong("tokenizer.ggml.eos_token_id"));
        assertEquals(2L, f.getLong("tokenizer.ggml.seperator_token_id"));
        assertEquals(3L, f.getLong("tokenizer.ggml.unknown_token_id"));
        List<String> tokens = f.getStringList("tokenizer.ggml.tokens");
        assertEquals(s.vocab(), tokens.size(), "padded to vocab_size");
        assertEquals(TinyDeberta.VOCAB, tokens.subList(0, TinyDeberta.VOCAB.size()));

        assertArrayEquals(new long[] {s.hidden(), 2L * s.buckets()}, f.tensor("rel_embd.weight").orElseThrow().dims());
        assertEquals(GgmlType.F32, f.tensor("rel_embd.weight").orElseThrow().type());
        assertArrayEquals(new long[] {s.hidden(), s.hidden()}, f.tensor("cls.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {s.hidden(), 1}, f.tensor("cls.output.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {s.ff(), s.hidden()}, f.tensor("blk.1.ffn_down.weight").orElseThrow().dims());
        assertTrue(f.tensor("rel_embd_norm.bias").isPresent());
        assertFalse(f.tensor("blk.0.attn_pos_k.weight").isPresent(), "share_att_key: no own position projections");
        // 2 embeddings norms + rel (3) + 16 per layer + pooler and classifier (4)
        assertEquals(1 + 2 + 3 + 16 * s.layers() + 4, f.tensors().size());
    }

    @Test
    void unsharedAttentionKeysGetTheirOwnProjections() throws Exception {
        Path hf = TinyDeberta.write(dir.resolve("hf"), TinyDeberta.Spec.v3().withShareAttKey(false));
        Path out = dir.resolve("m.gguf");
        Converter.convert(hf, out, Converter.Options.of("f16"));
        GgufFile f = GgufFile.read(out);
        assertEquals(GgmlType.F16, f.tensor("blk.0.attn_pos_q.weight").orElseThrow().type());
        assertEquals(GgmlType.F32, f.tensor("blk.1.attn_pos_k.bias").orElseThrow().type());
    }

    @Test
    void refusesWhatTheEngineDoesNotImplement() throws Exception {
        assertRefused(c -> c.put("position_biased_input", true), "position_biased_input");
        assertRefused(c -> c.put("conv_kernel_size", 3), "conv_kernel_size");
        assertRefused(c -> c.put("hidden_act", "gelu_new"), "hidden_act 'gelu_new'");
        assertRefused(c -> c.put("pooler_hidden_act", "tanh"), "pooler_hidden_act 'tanh'");
        assertRefused(c -> c.put("type_vocab_size", 2), "type_vocab_size");
    }

    private void assertRefused(Consumer<ObjectNode> edit, String why) throws Exception {
        Path hf = TinyDeberta.write(dir.resolve("bad-" + why.hashCode()), TinyDeberta.Spec.v3());
        ObjectNode c = TinyDeberta.config(TinyDeberta.Spec.v3());
        edit.accept(c);
        Files.writeString(hf.resolve("config.json"), c.toPrettyString());
        ConvertException e = assertThrows(ConvertException.class,
                () -> Converter.convert(hf, dir.resolve("x.gguf"), Converter.Options.of("f32")));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void refusesMissingAndUnknownTensors() throws Exception {
        TinyDeberta.Spec s = TinyDeberta.Spec.v3();
        Path hf = TinyDeberta.write(dir.resolve("hf"), s);
        SafetensorsWriter w = TinyDeberta.weights(s);
        w.tensors().remove("deberta.encoder.rel_embeddings.weight");
        w.writeTo(hf, 1);
        ConvertException missing = assertThrows(ConvertException.class,
                () -> Converter.convert(hf, dir.resolve("x.gguf"), Converter.Options.of("f32")));
        assertTrue(missing.getMessage().contains("'deberta.encoder.rel_embeddings.weight' is missing"),
                missing.getMessage());
        w = TinyDeberta.weights(s);
        w.add("deberta.encoder.conv.conv.weight", "F32", new float[4], 4);
        w.writeTo(hf, 1);
        ConvertException extra = assertThrows(ConvertException.class,
                () -> Converter.convert(hf, dir.resolve("x.gguf"), Converter.Options.of("f32")));
        assertTrue(extra.getMessage().contains("deberta.encoder.conv.conv.weight"), extra.getMessage());
    }
}
