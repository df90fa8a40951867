package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code seal convert} for {@code DebertaV2ForSequenceClassification} (DeBERTa-v2/-v3 reward models such as
 * OpenAssistant/reward-model-deberta-v3-large-v2) into the {@code deberta-v2} architecture of seal's llama.cpp patch
 * (native/patches/0003-deberta-v2.patch). The encoder's tensors keep llama.cpp's BERT names; the relative embeddings
 * become {@code rel_embd} (kept F32: they are normalized before use) with {@code rel_embd_norm}; the ContextPooler's
 * dense and the classifier become {@code cls} and {@code cls.output}, which llama.cpp applies with RANK pooling on the
 * first token ([CLS]), so the model scores through seal's classifier head. The SentencePiece {@code spm.model} becomes
 * llama.cpp's Unigram tokenizer ({@code t5}) with its normalizer, [CLS] as BOS and [SEP] as EOS and separator, which
 * gives {@code [CLS] prompt [SEP] response [SEP]} for a pair.
 */
final class Deberta {
    static final String HF_ARCH = "DebertaV2ForSequenceClassification";
    static final String GGUF_ARCH = "deberta-v2";
    /** llama.cpp's LLAMA_POOLING_TYPE_RANK: the first token through cls and cls.output. */
    static final int POOLING_RANK = 4;
    /** The relative embeddings: always F32, since the engine normalizes them first (ggml_norm reads F32 only). */
    static final String REL_EMBD = "rel_embd.weight";

    /** What the converter reads from config.json, with transformers' defaults, checked. */
    record Config(Path file, int vocab, int hidden, int layers, int heads, int headSize, int ff, double eps,
                  int maxPositions, boolean relative, boolean c2p, boolean p2c, int buckets, int maxRelative,
                  boolean shareAttKey, boolean normRel, List<String> labels) {
        /** pos_ebd_size: relative embeddings on each side. */
        int span() {
            return buckets > 0 ? buckets : maxRelative;
        }

        /** pos_att_type as the patch reads it: bit 1 c2p, bit 2 p2c. */
        int posAttBits() {
            return (c2p ? 1 : 0) | (p2c ? 2 : 0);
        }

        static Config read(Path folder) throws IOException {
            Path f = folder.resolve("config.json");
            return of(f, Json.readObject(f));
        }

        static Config of(Path f, JsonNode j) {
            Reader r = new Reader(f, j);
            int hidden = r.positive("hidden_size");
            int heads = r.positive("num_attention_heads");
            if (!j.hasNonNull("attention_head_size") && hidden % heads != 0) {
                throw ConvertException.in(f, "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
            }
            r.require(!j.path("position_biased_input").asBoolean(true), "position_biased_input is true: absolute"
                    + " position embeddings (as in DeBERTa v1-style configs) are not supported, only relative ones");
            r.require(j.path("type_vocab_size").asInt(0) == 0, "type_vocab_size > 0: token type embeddings are not"
                    + " supported");
            r.require(j.path("conv_kernel_size").asInt(0) == 0, "conv_kernel_size > 0: the convolution layer of"
                    + " DeBERTa-v2 xlarge/xxlarge is not supported");
            r.require(j.path("embedding_size").asInt(hidden) == hidden, "embedding_size differs from hidden_size (an"
                    + " embedding projection) is not supported");
            r.require(j.path("pooler_hidden_size").asInt(hidden) == hidden, "pooler_hidden_size differs from"
                    + " hidden_size");
            for (String key : new String[] {"hidden_act", "pooler_hidden_act"}) {
                String act = j.path(key).asText("gelu");
                r.require(act.equals("gelu"), key + " '" + act + "': the engine implements transformers' gelu (erf)");
            }
            List<String> posAtt = new ArrayList<>();
            JsonNode pa = j.get("pos_att_type");
            if (pa != null && pa.isArray()) {
                pa.forEach(n -> posAtt.add(n.asText().trim().toLowerCase(Locale.ROOT)));
            } else if (pa != null && pa.isTextual()) {
                Arrays.stream(pa.asText().toLowerCase(Locale.ROOT).split("\\|")).map(String::trim).forEach(posAtt::add);
            }
            int maxPositions = j.path("max_position_embeddings").asInt(512);
            int maxRel = j.path("max_relative_positions").asInt(-1);
            int buckets = Math.max(0, j.path("position_buckets").asInt(-1));
            boolean normRel = Arrays.stream(j.path("norm_rel_ebd").asText("none").toLowerCase(Locale.ROOT).split("\\|"))
                    .anyMatch(s -> s.trim().equals("layer_norm"));
            return new Config(f, r.positive("vocab_size"), hidden, r.positive("num_hidden_layers"), heads,
                    j.path("attention_head_size").asInt(hidden / heads), r.positive("intermediate_size"),
                    j.path("layer_norm_eps").asDouble(1e-7), maxPositions, j.path("relative_attention").asBoolean(false),
                    posAtt.contains("c2p"), posAtt.contains("p2c"), buckets, maxRel < 1 ? maxPositions : maxRel,
                    j.path("share_att_key").asBoolean(false), normRel, labels(f, j));
        }

        /** id2label by id, or LABEL_i for num_labels (transformers' default 2). */
        private static List<String> labels(Path f, JsonNode j) {
            JsonNode m = j.get("id2label");
            List<String> out = new ArrayList<>();
            if (m != null && m.isObject() && !m.isEmpty()) {
                for (int i = 0; i < m.size(); i++) {
                    JsonNode l = m.get(String.valueOf(i));
                    if (l == null) {
                        throw ConvertException.in(f, "id2label must name ids 0.." + (m.size() - 1) + "; " + i + " is missing");
                    }
                    out.add(l.asText());
                }
                return out;
            }
            for (int i = 0; i < j.path("num_labels").asInt(2); i++) {
                out.add("LABEL_" + i);
            }
            return out;
        }
    }

    /** config.json checks that name the file. */
    private record Reader(Path file, JsonNode j) {
        int positive(String key) {
            JsonNode n = j.get(key);
            if (n == null || !n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
                throw ConvertException.in(file, "\"" + key + "\" must be a positive integer, got " + n);
            }
            return n.asInt();
        }

        void require(boolean ok, String why) {
            if (!ok) {
                throw ConvertException.in(file, why);
            }
        }
    }

    private Deberta() {}

    /** Whether the folder's config.json names DebertaV2ForSequenceClassification. */
    static boolean is(Path folder) throws IOException {
        Path f = folder.resolve("config.json");
        if (!Files.isRegularFile(f)) {
            return false;
        }
        JsonNode a = Json.readObject(f).path("architectures");
        return a.isArray() && !a.isEmpty() && HF_ARCH.equals(a.get(0).asText());
    }

    /** Plans the tensors: every expected one present with its shape, nothing unknown left over. */
    static List<ModelLayout.Planned> plan(Config c, Checkpoint ckpt) {
        Plan p = new Plan(c, ckpt);
        int e = c.hidden();
        int q = c.heads() * c.headSize();
        p.matrix("deberta.embeddings.word_embeddings.weight", "token_embd.weight", c.vocab(), e);
        p.norm("deberta.embeddings.LayerNorm", "token_embd_norm", e);
        if (c.relative()) {
            p.matrix("deberta.encoder.rel_embeddings.weight", REL_EMBD, 2L * c.span(), e);
            if (c.normRel()) {
                p.norm("deberta.encoder.LayerNorm", "rel_embd_norm", e);
            }
        }
        for (int i = 0; i < c.layers(); i++) {
            String h = "deberta.encoder.layer." + i + ".";
            String b = "blk." + i + ".";
            p.linear(h + "attention.self.query_proj", b + "attn_q", q, e);
            p.linear(h + "attention.self.key_proj", b + "attn_k", q, e);
            p.linear(h + "attention.self.value_proj", b + "attn_v", q, e);
            if (c.relative() && !c.shareAttKey()) {
                if (c.c2p()) {
                    p.linear(h + "attention.self.pos_key_proj", b + "attn_pos_k", q, e);
                }
                if (c.p2c()) {
                    p.linear(h + "attention.self.pos_query_proj", b + "attn_pos_q", q, e);
                }
            }
            p.linear(h + "attention.output.dense", b + "attn_output", e, q);
            p.norm(h + "attention.output.LayerNorm", b + "attn_output_norm", e);
            p.linear(h + "intermediate.dense", b + "ffn_up", c.ff(), e);
            p.linear(h + "output.dense", b + "ffn_down", e, c.ff());
            p.norm(h + "output.LayerNorm", b + "layer_output_norm", e);
        }
        p.linear("pooler.dense", "cls", e, e);
        p.linear("classifier", "cls.output", c.labels().size(), e);
        List<String> unknown = ckpt.tensors().keySet().stream().filter(n -> !p.used.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw ConvertException.in(ckpt.source(), unknown.size() + " tensor(s) that a " + HF_ARCH + " with this"
                    + " config.json does not have, e.g. " + unknown.subList(0, Math.min(5, unknown.size())));
        }
        return List.copyOf(p.out);
    }

    /** Collects planned tensors, checking each against the checkpoint. */
    private static final class Plan {
        final Config c;
        final Checkpoint ckpt;
        final Set<String> used = new HashSet<>();
        final List<ModelLayout.Planned> out = new ArrayList<>();

        Plan(Config c, Checkpoint ckpt) {
            this.c = c;
            this.ckpt = ckpt;
        }

        HfTensor take(String name, long... shape) {
            HfTensor t = ckpt.get(name);
            if (t == null) {
                throw ConvertException.in(ckpt.source(), "tensor '" + name + "' is missing (a " + HF_ARCH + " with "
                        + c.file().getFileName() + " as given needs it)");
            }
            t.requireFloat();
            if (!Arrays.equals(t.shape(), shape)) {
                throw ConvertException.in(t.file(), "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                        + " but config.json implies " + Arrays.toString(shape));
            }
            used.add(name);
            return t;
        }

        void matrix(String hf, String gguf, long rows, long cols) {
            out.add(new ModelLayout.Planned(gguf, take(hf, rows, cols), new long[] {cols, rows}, 0, false, null));
        }

        void vector(String hf, String gguf, long n) {
            out.add(new ModelLayout.Planned(gguf, take(hf, n), new long[] {n}, 0, true, null));
        }

        /** An HF Linear (weight [out, in] and bias [out]). */
        void linear(String hf, String gguf, long rows, long cols) {
            matrix(hf + ".weight", gguf + ".weight", rows, cols);
            vector(hf + ".bias", gguf + ".bias", rows);
        }

        void norm(String hf, String gguf, long n) {
            vector(hf + ".weight", gguf + ".weight", n);
            vector(hf + ".bias", gguf + ".bias", n);
        }
    }

    /** The architecture's keys: the encoder, the relative attention, RANK pooling and the classifier's labels. */
    static Map<String, GgufValue> archKeys(Config c) {
        String a = GGUF_ARCH + ".";
        Map<String, GgufValue> k = new LinkedHashMap<>();
        k.put(a + "context_length", GgufValue.uint32(c.maxPositions()));
        k.put(a + "embedding_length", GgufValue.uint32(c.hidden()));
        k.put(a + "block_count", GgufValue.uint32(c.layers()));
        k.put(a + "feed_forward_length", GgufValue.uint32(c.ff()));
        k.put(a + "attention.head_count", GgufValue.uint32(c.heads()));
        k.put(a + "attention.head_count_kv", GgufValue.uint32(c.heads()));
        k.put(a + "attention.key_length", GgufValue.uint32(c.headSize()));
        k.put(a + "attention.value_length", GgufValue.uint32(c.headSize()));
        k.put(a + "attention.layer_norm_epsilon", GgufValue.float32((float) c.eps()));
        k.put(a + "attention.causal", GgufValue.bool(false));
        k.put(a + "attention.relative_buckets_count", GgufValue.uint32(c.buckets()));
        k.put(a + "attention.max_relative_positions", GgufValue.uint32(c.maxRelative()));
        k.put(a + "attention.pos_att_type", GgufValue.uint32(c.posAttBits()));
        k.put(a + "pooling_type", GgufValue.uint32(POOLING_RANK));
        k.put(a + "classifier.output_labels", GgufValue.stringArray(c.labels()));
        return k;
    }

    /**
     * spm.model as llama.cpp's Unigram tokenizer: pieces, scores and types (added tokens placed, padded to vocab_size),
     * the normalizer's character map and whitespace rules, [CLS] / [SEP] / [PAD] / [UNK] / [MASK].
     */
    static TokenizerConverter.Result tokenizer(Path folder, Config c) throws IOException {
        Path spm = folder.resolve("spm.model");
        if (!Files.isRegularFile(spm)) {
            throw ConvertException.in(folder, "no spm.model: a DeBERTa tokenizer is the SentencePiece model spm.model");
        }
        SentencePieceModel m = SentencePieceModel.read(spm);
        if (m.modelType() > 1) {
            throw ConvertException.in(spm, "a SentencePiece model of type " + m.modelType() + ", not Unigram (1): seal"
                    + " converts DeBERTa's Unigram tokenizer only");
        }
        Path tcFile = folder.resolve("tokenizer_config.json");
        JsonNode tc = Files.isRegularFile(tcFile) ? Json.readObject(tcFile) : Json.MAPPER.createObjectNode();
        for (String flag : new String[] {"do_lower_case", "split_by_punct"}) {
            if (tc.path(flag).asBoolean(false)) {
                throw ConvertException.in(tcFile, flag + " is true: llama.cpp's Unigram tokenizer cannot do it");
            }
        }
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("tokenizer.ggml.model", GgufValue.string("t5"));
        kv.put("tokenizer.ggml.pre", GgufValue.string("default"));
        List<String> tokens = TokenizerConverter.sentencePiece(spm, folder, tcFile.toFile().isFile() ? tc : null,
                c.vocab(), kv);
        TokenizerConverter.checkUnique(spm, tokens);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String[] s : new String[][] {{"cls", "[CLS]"}, {"sep", "[SEP]"}, {"pad", "[PAD]"}, {"unk", "[UNK]"},
                {"mask", "[MASK]"}}) {
            JsonNode named = tc.path(s[0] + "_token");
            String text = named.isTextual() ? named.asText() : named.path("content").asText(s[1]);
            int id = tokens.indexOf(text);
            if (id >= 0) {
                ids.put(s[0], id);
            } else if (s[0].equals("cls") || s[0].equals("sep")) {
                throw ConvertException.in(spm, "no " + text + " token: DeBERTa encodes a pair as [CLS] a [SEP] b [SEP]");
            }
        }
        putId(kv, "bos", ids.get("cls"));
        putId(kv, "eos", ids.get("sep"));
        putId(kv, "seperator", ids.get("sep")); // llama.cpp's key is spelled this way
        putId(kv, "padding", ids.get("pad"));
        putId(kv, "unknown", ids.get("unk"));
        putId(kv, "mask", ids.get("mask"));
        kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        kv.put("tokenizer.ggml.add_eos_token", GgufValue.bool(true));
        SentencePieceModel.Normalizer n = m.normalizer();
        kv.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(n.addDummyPrefix()));
        kv.put("tokenizer.ggml.remove_extra_whitespaces", GgufValue.bool(n.removeExtraWhitespaces()));
        if (n.charsmap().length > 0) {
            kv.put("tokenizer.ggml.precompiled_charsmap", GgufValue.uint8Array(n.charsmap()));
        }
        return new TokenizerConverter.Result(kv, "t5", "default", "sentencepiece", tokens.size(), ids.get("cls"),
                ids.get("sep"), ids.getOrDefault("pad", -1), true, true, false, null, List.of());
    }

    private static void putId(Map<String, GgufValue> kv, String name, Integer id) {
        if (id != null) {
            kv.put("tokenizer.ggml." + name + "_token_id", GgufValue.uint32(id));
        }
    }

    /** The whole GGUF of a DeBERTa classifier. */
    static GgufStreamWriter build(Config c, List<ModelLayout.Planned> tensors, Map<String, GgufValue> tokenizer,
                                  GgmlType weights, String name) {
        GgufStreamWriter w = new GgufStreamWriter();
        Converter.putGeneral(w, GGUF_ARCH, name, weights);
        archKeys(c).forEach(w::put);
        tokenizer.forEach(w::put);
        for (ModelLayout.Planned p : tensors) {
            GgmlType t = p.gguf().equals(REL_EMBD) ? GgmlType.F32 : TensorData.typeOf(p, weights);
            w.addTensor(p.gguf(), p.ne(), t, TensorData.source(p, t));
        }
        return w;
    }
}
