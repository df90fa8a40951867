package dev.seal.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.Vocabularies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tiny Hugging Face reward models written by the tests: random weights in safetensors, config.json, and a real
 * tokenizer rebuilt from one of llama.cpp's vocabulary GGUFs (tokenizer.json for the byte-level BPE ones,
 * tokenizer.model for llama-spm), with tokenizer_config.json and a chat template.
 */
final class TinyHf {
    static final String LLAMA3_TEMPLATE = "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}"
            + "<|end_header_id|>\n\n{{ m['content'] | trim }}<|eot_id|>{% endfor %}"
            + "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}";
    static final String CHATML_TEMPLATE = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}"
            + "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    static final String MISTRAL_TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] "
            + "{{ m['content'] }} [/INST]{% else %} {{ m['content'] }}{{ eos_token }}{% endif %}{% endfor %}";

    /**
     * @param hfArch     e.g. LlamaForSequenceClassification
     * @param vocab      llama.cpp vocabulary name: llama-bpe, qwen2 or llama-spm
     * @param headDim    0 for hidden/heads (no head_dim key), else written explicitly
     * @param rope       null (default RoPE) or a rope_scaling object as JSON text
     * @param dtype      F32, F16 or BF16 for every tensor
     */
    record Spec(String hfArch, String vocab, int hidden, int layers, int heads, int kvHeads, int headDim, int ff,
                int nLabels, boolean scoreBias, String dtype, String rope, double ropeTheta, long seed, int shards,
                boolean attentionBias) {
        static Spec llama() {
            return new Spec("LlamaForSequenceClassification", "llama-bpe", 64, 2, 4, 2, 0, 128, 1, false, "F32",
                    "{\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0,"
                            + " \"original_max_position_embeddings\": 64}", 10000, 7, 2, false);
        }

        static Spec qwen2() {
            return new Spec("Qwen2ForSequenceClassification", "qwen2", 64, 2, 4, 2, 0, 128, 2, true, "F32", null,
                    1000000, 11, 1, true);
        }

        static Spec qwen3() {
            return new Spec("Qwen3ForSequenceClassification", "qwen2", 64, 2, 4, 2, 32, 128, 1, false, "F32", null,
                    1000000, 13, 1, false);
        }

        /** Gemma 2 with a window of 8 tokens (so the tests' texts cross it) and a soft cap of 1 (so it bites). */
        static Spec gemma2() {
            return new Spec("Gemma2ForSequenceClassification", "llama-spm", 64, 2, 4, 2, 32, 128, 1, false, "F32", null,
                    10000, 19, 1, false);
        }

        /**
         * GPT-NeoX (Pythia's shape): a quarter of each head rotated, parallel residual, biases everywhere, the
         * GPT-NeoX-20B tokenizer, pad_token_id = EOS as fine-tuned Pythia RMs set it.
         */
        static Spec gptneox() {
            return new Spec("GPTNeoXForSequenceClassification", "gpt-neox", 64, 2, 4, 4, 0, 256, 1, false, "F32", null,
                    10000, 29, 1, true);
        }

        boolean neox() {
            return hfArch.startsWith("GPTNeoX");
        }

        static Spec mistral() {
            return new Spec("MistralForSequenceClassification", "llama-spm", 64, 2, 4, 2, 0, 128, 1, false, "F32", null,
                    10000, 17, 1, false);
        }

        int hd() {
            return headDim > 0 ? headDim : hidden / heads;
        }

        Spec withDtype(String d) {
            return new Spec(hfArch, vocab, hidden, layers, heads, kvHeads, headDim, ff, nLabels, scoreBias, d, rope,
                    ropeTheta, seed, shards, attentionBias);
        }

        Spec withShards(int s) {
            return new Spec(hfArch, vocab, hidden, layers, heads, kvHeads, headDim, ff, nLabels, scoreBias, dtype, rope,
                    ropeTheta, seed, s, attentionBias);
        }
    }

    private TinyHf() {}

    /** The tensors of a spec (HF names and shapes), without writing them. */
    static SafetensorsWriter weights(Spec s, int vocabSize) {
        if (s.neox()) {
            return neoxWeights(s, vocabSize);
        }
        SafetensorsWriter w = new SafetensorsWriter();
        int e = s.hidden();
        int q = s.heads() * s.hd();
        int kv = s.kvHeads() * s.hd();
        String d = s.dtype();
        w.add("model.embed_tokens.weight", d, gauss(s, "embed", (long) vocabSize * e, 1.0, 0), vocabSize, e);
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            w.add(p + "input_layernorm.weight", d, gauss(s, p + "in", e, 0.1, 1), e);
            w.add(p + "self_attn.q_proj.weight", d, gauss(s, p + "q", (long) q * e, 1 / Math.sqrt(e), 0), q, e);
            w.add(p + "self_attn.k_proj.weight", d, gauss(s, p + "k", (long) kv * e, 1 / Math.sqrt(e), 0), kv, e);
            w.add(p + "self_attn.v_proj.weight", d, gauss(s, p + "v", (long) kv * e, 1 / Math.sqrt(e), 0), kv, e);
            if (s.attentionBias()) {
                w.add(p + "self_attn.q_proj.bias", d, gauss(s, p + "qb", q, 0.3, 0), q);
                w.add(p + "self_attn.k_proj.bias", d, gauss(s, p + "kb", kv, 0.3, 0), kv);
                w.add(p + "self_attn.v_proj.bias", d, gauss(s, p + "vb", kv, 0.3, 0), kv);
            }
            w.add(p + "self_attn.o_proj.weight", d, gauss(s, p + "o", (long) e * q, 1 / Math.sqrt(q), 0), e, q);
            if (s.attentionBias() && s.hfArch().startsWith("Llama")) { // Llama's attention_bias covers o_proj too
                w.add(p + "self_attn.o_proj.bias", d, gauss(s, p + "ob", e, 0.3, 0), e);
            }
            if (s.hfArch().startsWith("Qwen3")) {
                w.add(p + "self_attn.q_norm.weight", d, gauss(s, p + "qn", s.hd(), 0.1, 1), s.hd());
                w.add(p + "self_attn.k_norm.weight", d, gauss(s, p + "kn", s.hd(), 0.1, 1), s.hd());
            }
            w.add(p + "post_attention_layernorm.weight", d, gauss(s, p + "post", e, 0.1, 1), e);
            if (s.hfArch().startsWith("Gemma2")) {
                w.add(p + "pre_feedforward_layernorm.weight", d, gauss(s, p + "preff", e, 0.1, 0.2), e);
                w.add(p + "post_feedforward_layernorm.weight", d, gauss(s, p + "postff", e, 0.1, -0.2), e);
            }
            w.add(p + "mlp.gate_proj.weight", d, gauss(s, p + "g", (long) s.ff() * e, 1 / Math.sqrt(e), 0), s.ff(), e);
            w.add(p + "mlp.up_proj.weight", d, gauss(s, p + "u", (long) s.ff() * e, 1 / Math.sqrt(e), 0), s.ff(), e);
            w.add(p + "mlp.down_proj.weight", d, gauss(s, p + "dn", (long) e * s.ff(), 1 / Math.sqrt(s.ff()), 0), e, s.ff());
        }
        w.add("model.norm.weight", d, gauss(s, "norm", e, 0.1, 1), e);
        w.add("score.weight", d, gauss(s, "score", (long) s.nLabels() * e, 1 / Math.sqrt(e), 0), s.nLabels(), e);
        if (s.scoreBias()) {
            w.add("score.bias", d, gauss(s, "score.bias", s.nLabels(), 0.5, 0), s.nLabels());
        }
        return w;
    }

    /** GPT-NeoX's tensors, with transformers' names (no embed_out: a sequence classifier has none). */
    static SafetensorsWriter neoxWeights(Spec s, int vocabSize) {
        SafetensorsWriter w = new SafetensorsWriter();
        int e = s.hidden();
        String d = s.dtype();
        w.add("gpt_neox.embed_in.weight", d, gauss(s, "embed", (long) vocabSize * e, 1.0, 0), vocabSize, e);
        for (int i = 0; i < s.layers(); i++) {
            String p = "gpt_neox.layers." + i + ".";
            w.add(p + "input_layernorm.weight", d, gauss(s, p + "ln1", e, 0.1, 1), e);
            w.add(p + "input_layernorm.bias", d, gauss(s, p + "ln1b", e, 0.1, 0), e);
            w.add(p + "post_attention_layernorm.weight", d, gauss(s, p + "ln2", e, 0.1, 1), e);
            w.add(p + "post_attention_layernorm.bias", d, gauss(s, p + "ln2b", e, 0.1, 0), e);
            w.add(p + "attention.query_key_value.weight", d, gauss(s, p + "qkv", 3L * e * e, 1 / Math.sqrt(e), 0), 3 * e, e);
            w.add(p + "attention.query_key_value.bias", d, gauss(s, p + "qkvb", 3L * e, 0.3, 0), 3 * e);
            w.add(p + "attention.dense.weight", d, gauss(s, p + "o", (long) e * e, 1 / Math.sqrt(e), 0), e, e);
            w.add(p + "attention.dense.bias", d, gauss(s, p + "ob", e, 0.3, 0), e);
            w.add(p + "mlp.dense_h_to_4h.weight", d, gauss(s, p + "up", (long) s.ff() * e, 1 / Math.sqrt(e), 0), s.ff(), e);
            w.add(p + "mlp.dense_h_to_4h.bias", d, gauss(s, p + "upb", s.ff(), 0.3, 0), s.ff());
            w.add(p + "mlp.dense_4h_to_h.weight", d, gauss(s, p + "dn", (long) e * s.ff(), 1 / Math.sqrt(s.ff()), 0), e, s.ff());
            w.add(p + "mlp.dense_4h_to_h.bias", d, gauss(s, p + "dnb", e, 0.3, 0), e);
        }
        w.add("gpt_neox.final_layer_norm.weight", d, gauss(s, "lnf", e, 0.1, 1), e);
        w.add("gpt_neox.final_layer_norm.bias", d, gauss(s, "lnfb", e, 0.1, 0), e);
        w.add("score.weight", d, gauss(s, "score", (long) s.nLabels() * e, 1 / Math.sqrt(e), 0), s.nLabels(), e);
        return w;
    }

    static float[] gauss(Spec s, String stream, long n, double std, double mean) {
        SplittableRandom r = new SplittableRandom(s.seed() * 31 + stream.hashCode());
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            out[i] = (float) (mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return out;
    }

    /** Writes the whole folder; returns it. */
    static Path write(Path dir, Spec s) throws IOException {
        Files.createDirectories(dir);
        GgufFile vocab = GgufFile.read(Vocabularies.find(s.vocab()));
        List<String> tokens = vocab.getStringList("tokenizer.ggml.tokens");
        int vocabSize = tokens.size();
        weights(s, vocabSize).writeTo(dir, s.shards());
        Files.writeString(dir.resolve("config.json"), config(s, vocabSize).toPrettyString());
        if (s.vocab().equals("llama-spm")) {
            writeSpm(dir, vocab);
        } else if (s.neox()) {
            writeNeox(dir, vocab);
        } else {
            writeBpe(dir, vocab, s.vocab());
        }
        return dir;
    }

    static ObjectNode config(Spec s, int vocabSize) {
        if (s.neox()) {
            return neoxConfig(s, vocabSize);
        }
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add(s.hfArch());
        c.put("model_type", s.hfArch().startsWith("Llama") ? "llama" : s.hfArch().startsWith("Mistral") ? "mistral"
                : s.hfArch().startsWith("Qwen2") ? "qwen2" : s.hfArch().startsWith("Gemma2") ? "gemma2" : "qwen3");
        c.put("hidden_size", s.hidden());
        c.put("intermediate_size", s.ff());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        if (s.headDim() > 0) {
            c.put("head_dim", s.headDim());
        }
        if (s.hfArch().startsWith("Gemma2")) {
            c.put("hidden_act", "gelu_pytorch_tanh");
            c.put("hidden_activation", "gelu_pytorch_tanh");
            c.put("attn_logit_softcapping", 1.0);
            c.put("final_logit_softcapping", 30.0);
            c.put("query_pre_attn_scalar", s.hd());
            c.put("sliding_window", 8);
        } else {
            c.put("hidden_act", "silu");
        }
        c.put("rms_norm_eps", 1e-6);
        c.put("max_position_embeddings", 2048);
        c.put("vocab_size", vocabSize);
        c.put("rope_theta", s.ropeTheta());
        if (s.rope() != null) {
            try {
                c.set("rope_scaling", Json.MAPPER.readTree(s.rope()));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        c.put("tie_word_embeddings", false);
        c.put("torch_dtype", s.dtype().equals("F32") ? "float32" : s.dtype().equals("F16") ? "float16" : "bfloat16");
        if (s.hfArch().startsWith("Llama")) {
            c.put("attention_bias", s.attentionBias());
            c.put("mlp_bias", false);
        }
        if (s.hfArch().startsWith("Mistral")) {
            c.putNull("sliding_window");
        }
        if (s.hfArch().startsWith("Qwen")) {
            c.put("use_sliding_window", false);
            c.put("sliding_window", 4096);
        }
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < s.nLabels(); i++) {
            String name = s.nLabels() == 1 ? "LABEL_0" : (i == 0 ? "helpfulness" : "harmlessness-" + i);
            id2label.put(String.valueOf(i), name);
            label2id.put(name, i);
        }
        if (s.vocab().equals("llama-bpe")) {
            c.put("bos_token_id", 128000);
            c.put("eos_token_id", 128009);
            c.put("pad_token_id", 128256 - 1); // a reserved token, as RMs set it
        } else if (s.vocab().equals("qwen2")) {
            c.put("bos_token_id", 151643);
            c.put("eos_token_id", 151645);
            c.put("pad_token_id", 151643);
        } else {
            c.put("bos_token_id", 1);
            c.put("eos_token_id", 2);
        }
        return c;
    }

    /** A Pythia-style GPTNeoXConfig (transformers 4.x keys), with pad_token_id = eos_token_id. */
    static ObjectNode neoxConfig(Spec s, int vocabSize) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add(s.hfArch());
        c.put("model_type", "gpt_neox");
        c.put("hidden_size", s.hidden());
        c.put("intermediate_size", s.ff());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("hidden_act", "gelu");
        c.put("rotary_pct", 0.25);
        c.put("rotary_emb_base", s.ropeTheta());
        c.put("use_parallel_residual", true);
        c.put("layer_norm_eps", 1e-5);
        c.put("max_position_embeddings", 2048);
        c.put("vocab_size", vocabSize);
        c.put("tie_word_embeddings", false);
        c.put("torch_dtype", "float32");
        c.put("bos_token_id", 0);
        c.put("eos_token_id", 0);
        c.put("pad_token_id", 0);
        c.putObject("id2label").put("0", "LABEL_0");
        c.putObject("label2id").put("LABEL_0", 0);
        return c;
    }

    /**
     * The GPT-NeoX-20B tokenizer as its tokenizer.json has it: NFC, ByteLevel pre-tokenizer with GPT-2's regex,
     * "<|endoftext|>" and "<|padding|>" special, the runs of spaces (ids 50254..50276) added as normalized non-special
     * tokens; the vocabulary GGUF's [PAD] fillers are left out (the model's vocab_size covers them).
     */
    static void writeNeox(Path dir, GgufFile vocab) throws IOException {
        List<String> tokens = vocab.getStringList("tokenizer.ggml.tokens");
        int[] types = vocab.getIntArray("tokenizer.ggml.token_type");
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ObjectNode vm = vocabAndAddedTokens(t, tokens, types, true);
        t.putObject("normalizer").put("type", "NFC");
        t.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true);
        t.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true);
        t.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true);
        ObjectNode m = bpeModel(t);
        m.set("vocab", vm);
        ArrayNode ms = m.putArray("merges");
        vocab.getStringList("tokenizer.ggml.merges").forEach(ms::add);
        Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(t), StandardCharsets.UTF_8);
        ObjectNode tc = Json.MAPPER.createObjectNode();
        tc.put("add_prefix_space", false);
        tc.put("bos_token", "<|endoftext|>");
        tc.put("eos_token", "<|endoftext|>");
        tc.put("unk_token", "<|endoftext|>");
        tc.put("tokenizer_class", "GPTNeoXTokenizer");
        Files.writeString(dir.resolve("tokenizer_config.json"), tc.toPrettyString(), StandardCharsets.UTF_8);
    }

    /**
     * tokenizer.json's added_tokens (every token that is not NORMAL, but the vocabulary GGUF's [PAD] fillers) into
     * {@code t}; returns the BPE vocabulary of the NORMAL tokens. {@code normalizedUserTokens}: the non-special added
     * tokens are matched on normalized text (GPT-NeoX's runs of spaces).
     */
    private static ObjectNode vocabAndAddedTokens(ObjectNode t, List<String> tokens, int[] types,
                                                  boolean normalizedUserTokens) {
        ArrayNode added = t.putArray("added_tokens");
        ObjectNode vm = Json.MAPPER.createObjectNode();
        for (int i = 0; i < tokens.size(); i++) {
            String tok = tokens.get(i);
            if (types[i] == TokenizerConverter.NORMAL) {
                vm.put(tok, i);
            } else if (!tok.matches("\\[PAD\\d+\\]")) {
                boolean special = types[i] == TokenizerConverter.CONTROL;
                added.addObject().put("id", i).put("content", tok).put("single_word", false).put("lstrip", false)
                        .put("rstrip", false).put("normalized", normalizedUserTokens && !special).put("special", special);
            }
        }
        return vm;
    }

    /** tokenizer.json's "model": a BPE without dropout, unknown token or affixes; the caller adds the rest. */
    private static ObjectNode bpeModel(ObjectNode t) {
        ObjectNode m = t.putObject("model");
        m.put("type", "BPE");
        m.putNull("dropout");
        m.putNull("unk_token");
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", false);
        return m;
    }

    /** tokenizer.json / tokenizer_config.json of a byte-level BPE tokenizer, rebuilt from a vocabulary GGUF. */
    static void writeBpe(Path dir, GgufFile vocab, String name) throws IOException {
        List<String> tokens = vocab.getStringList("tokenizer.ggml.tokens");
        int[] types = vocab.getIntArray("tokenizer.ggml.token_type");
        List<String> merges = vocab.getStringList("tokenizer.ggml.merges");
        boolean llama = name.equals("llama-bpe");
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ObjectNode vm = vocabAndAddedTokens(t, tokens, types, false);
        if (llama) {
            t.putNull("normalizer");
        } else {
            t.putObject("normalizer").put("type", "NFC");
        }
        String regex = PreTokenizers.BY_PATTERN.entrySet().stream().filter(e -> e.getValue().equals(llama ? "llama-bpe"
                : "qwen2")).findFirst().orElseThrow().getKey();
        ObjectNode pre = t.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pts = pre.putArray("pretokenizers");
        ObjectNode split = pts.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", regex);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        ObjectNode bl = pts.addObject();
        bl.put("type", "ByteLevel");
        bl.put("add_prefix_space", false);
        bl.put("trim_offsets", !llama);
        bl.put("use_regex", false);
        ObjectNode post = t.putObject("post_processor");
        if (llama) {
            post.put("type", "Sequence");
            ArrayNode ps = post.putArray("processors");
            ps.addObject().put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", false)
                    .put("use_regex", true);
            ObjectNode tp = ps.addObject();
            tp.put("type", "TemplateProcessing");
            ArrayNode single = tp.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            ObjectNode st = tp.putObject("special_tokens").putObject("<|begin_of_text|>");
            st.put("id", "<|begin_of_text|>");
            st.putArray("ids").add(128000);
            st.putArray("tokens").add("<|begin_of_text|>");
        } else {
            post.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false).put("use_regex", false);
        }
        t.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode m = bpeModel(t);
        m.put("byte_fallback", false);
        m.put("ignore_merges", llama);
        m.set("vocab", vm);
        ArrayNode ms = m.putArray("merges");
        for (String mg : merges) {
            if (llama) {
                ms.add(mg); // the old "a b" format
            } else {
                int sp = mg.indexOf(' ', 1);
                ms.addArray().add(mg.substring(0, sp)).add(mg.substring(sp + 1)); // the transformers >= 4.45 format
            }
        }
        Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(t), StandardCharsets.UTF_8);

        ObjectNode tc = Json.MAPPER.createObjectNode();
        if (llama) {
            tc.put("bos_token", "<|begin_of_text|>");
            tc.put("eos_token", "<|eot_id|>");
            tc.put("chat_template", LLAMA3_TEMPLATE);
        } else {
            tc.put("add_prefix_space", false);
            tc.putNull("bos_token");
            tc.put("eos_token", "<|im_end|>");
            tc.put("pad_token", "<|endoftext|>");
            // a list of named templates, as some repositories ship
            ArrayNode l = tc.putArray("chat_template");
            l.addObject().put("name", "default").put("template", CHATML_TEMPLATE);
            l.addObject().put("name", "tool_use").put("template", "{{ messages }}");
        }
        tc.put("model_max_length", 2048);
        tc.put("tokenizer_class", "PreTrainedTokenizerFast");
        Files.writeString(dir.resolve("tokenizer_config.json"), tc.toPrettyString(), StandardCharsets.UTF_8);
    }

    /** tokenizer.model (SentencePiece) + tokenizer_config.json from llama-spm, plus a SentencePiece-style tokenizer.json. */
    static void writeSpm(Path dir, GgufFile vocab) throws IOException {
        List<String> tokens = vocab.getStringList("tokenizer.ggml.tokens");
        float[] scores = vocab.getFloatArray("tokenizer.ggml.scores");
        int[] types = vocab.getIntArray("tokenizer.ggml.token_type");
        List<SentencePieceModel.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            pieces.add(new SentencePieceModel.Piece(tokens.get(i), scores[i], types[i]));
        }
        Files.write(dir.resolve("tokenizer.model"), SentencePieceModel.write(pieces, 2));
        // what transformers saves next to it: BPE with byte_fallback, not byte-level, so tokenizer.model is used
        ObjectNode t = Json.MAPPER.createObjectNode();
        ObjectNode m = t.putObject("model");
        m.put("type", "BPE");
        m.put("byte_fallback", true);
        ObjectNode vm = m.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) {
            vm.put(tokens.get(i), i);
        }
        m.putArray("merges");
        t.putObject("decoder").put("type", "Sequence").putArray("decoders");
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < 3; i++) {
            added.addObject().put("id", i).put("content", tokens.get(i)).put("special", true).put("normalized", false);
        }
        Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(t), StandardCharsets.UTF_8);
        ObjectNode tc = Json.MAPPER.createObjectNode();
        tc.put("add_bos_token", true);
        tc.put("add_eos_token", false);
        tc.put("bos_token", "<s>");
        tc.put("eos_token", "</s>");
        tc.put("unk_token", "<unk>");
        tc.put("chat_template", MISTRAL_TEMPLATE);
        Files.writeString(dir.resolve("tokenizer_config.json"), tc.toPrettyString(), StandardCharsets.UTF_8);
    }

    static Map<String, SafetensorsWriter.T> tensorsOf(Spec s, int vocabSize) {
        return weights(s, vocabSize).tensors();
    }
}
