package dev.seal.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Very small but real GGUF reward models for the reliability tests: a 300-token SentencePiece-style vocabulary
 * (unk, BOS, EOS, the 256 byte-fallback tokens and a few word pieces) under {@link DemoModel}'s llama layout, 32
 * wide, so a whole model is about 100 KB: cheap to mutate by the dozen, and a good fuzzing seed.
 */
public final class SmallModels {
    private SmallModels() {}

    /** The chat template the demo uses (Llama-2 style), so the chat-template path is exercised. */
    public static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] {{ m['content'] }} [/INST]"
            + "{% elif m['role'] == 'assistant' %} {{ m['content'] }}{{ eos_token }}{% else %}<<SYS>>{{ m['content'] }}<</SYS>>{% endif %}{% endfor %}";

    private static final String[] PIECES = {"▁", "▁the", "▁a", "▁to", "▁and", "▁is", "▁I", "▁you", "▁it", "▁of",
            "▁how", "▁what", "▁do", "▁can", "▁help", "▁no", "▁yes", "▁sure", "▁here", "▁bread", "▁bake", "▁swim",
            "▁learn", "▁letter", "▁cook", "▁cat", "▁joke", "er", "ing", "ed", "es", "th", "he", "in", "an", "on", "re"};

    /** Writes the vocabulary-only GGUF. */
    public static Path vocab(Path out) throws IOException {
        List<String> tokens = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        tokens.add("<unk>");
        types.add(2);
        tokens.add("<s>");
        types.add(3);
        tokens.add("</s>");
        types.add(3);
        for (int i = 0; i < 3; i++) {
            scores.add(0f);
        }
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(6);
        }
        for (int i = 0; i < PIECES.length; i++) {
            tokens.add(PIECES[i]);
            scores.add(-1f - i);
            types.add(1);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
            scores.add(-100f - c);
            types.add(1);
        }
        float[] s = new float[scores.size()];
        int[] t = new int[types.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            t[i] = types.get(i);
        }
        return new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "seal-small-vocab")
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", s)
                .putInt32Array("tokenizer.ggml.token_type", t)
                .putUInt32("tokenizer.ggml.bos_token_id", 1)
                .putUInt32("tokenizer.ggml.eos_token_id", 2)
                .putUInt32("tokenizer.ggml.unknown_token_id", 0)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .write(out);
    }

    /** A 32-wide, 2-layer llama reward model on the small vocabulary, with the demo chat template. */
    public static Path rewardModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path v = vocab(dir.resolve("small-vocab.gguf"));
        return DemoModel.write(dir.resolve("small-rm.gguf"), DemoModel.Spec.defaults(v)
                .withShape(32, 2, 4, 2, 64).withChatTemplate(TEMPLATE).withName("seal-small-rm"));
    }
}
