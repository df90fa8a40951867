package dev.seal.gguf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deterministic random-weight test models in the exact layout llama.cpp v0.4.0 loads, with real tokenizers copied
 * from its {@code ggml-vocab-*.gguf} files: small enough to write in milliseconds and run on a CPU, real enough to
 * exercise tokenization, chat templates, batching and pooling end to end.
 *
 * <p>Weights come from a SplitMix64 generator seeded per tensor from the spec's seed and the tensor's name, so a model
 * depends only on its spec (not on the JDK or on which other tensors exist). Matrices are N(0, 1/fan_in) (fan_in =
 * ne0, the row length), embeddings N(0, 1), norm weights 1 and norm biases 0, so activations stay O(1) through the
 * layers and different texts get visibly different rewards.
 *
 * <p>Dimensions below are GGUF/ggml "ne" order: ne0 (the row length, the input dimension of a weight) first.
 */
public final class TinyModels {
    /** Reward head weight, FLOAT32 array of n_labels x n_embd, row-major by label (label 0's n_embd weights first). */
    public static final String KEY_HEAD_WEIGHT = "seal.reward.head.weight";
    /** Reward head bias, FLOAT32 array of n_labels. */
    public static final String KEY_HEAD_BIAS = "seal.reward.head.bias";
    /** Label names, STRING array of n_labels. */
    public static final String KEY_LABELS = "seal.reward.labels";

    /** ggml's pooling type id for RANK (llama.h {@code LLAMA_POOLING_TYPE_RANK}). */
    public static final int POOLING_TYPE_RANK = 4;

    private TinyModels() {}

    // ---- specs --------------------------------------------------------------------------------------------------------

    /**
     * A tiny llama-architecture reward model.
     *
     * @param vocab        tokenizer-only GGUF whose {@code tokenizer.*} keys are copied (its token count is n_vocab)
     * @param arch         {@code "llama"} or {@code "llama-embed"} (the latter also gets
     *                     {@code llama-embed.attention.causal = true})
     * @param nEmbd        hidden size; a multiple of nHead with an even head size (RoPE rotates pairs)
     * @param nLayer       blocks
     * @param nHead        attention heads
     * @param nHeadKv      key/value heads (GQA); divides nHead
     * @param nFf          feed-forward size
     * @param nCtx         training context length
     * @param labels       one name per reward output; n_labels = its size
     * @param seed         weight seed
     * @param tensorType   storage type of the 2-D weights: F32, F16 or BF16 (norms stay F32, as llama.cpp's
     *                     converter keeps 1-D tensors)
     * @param chatTemplate {@code tokenizer.chat_template}, or null for none (the vocab's own template, if any, is not
     *                     copied, so the spec alone decides)
     * @param includeHead  false writes no {@code seal.reward.*} keys: a model without a reward head, for error tests
     * @param name         {@code general.name}
     */
    public record LlamaSpec(Path vocab, String arch, int nEmbd, int nLayer, int nHead, int nHeadKv, int nFf, int nCtx,
                            List<String> labels, long seed, GgmlType tensorType, String chatTemplate,
                            boolean includeHead, String name) {
        public LlamaSpec {
            Objects.requireNonNull(vocab, "vocab");
            Objects.requireNonNull(tensorType, "tensorType");
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
            if (!arch.equals("llama") && !arch.equals("llama-embed")) {
                throw new IllegalArgumentException("arch must be \"llama\" or \"llama-embed\": " + arch);
            }
            positive("nEmbd", nEmbd);
            positive("nLayer", nLayer);
            positive("nHead", nHead);
            positive("nHeadKv", nHeadKv);
            positive("nFf", nFf);
            positive("nCtx", nCtx);
            if (nEmbd % nHead != 0 || (nEmbd / nHead) % 2 != 0) {
                throw new IllegalArgumentException("nEmbd " + nEmbd + " must be nHead " + nHead
                        + " times an even head size");
            }
            if (nHead % nHeadKv != 0) {
                throw new IllegalArgumentException("nHeadKv " + nHeadKv + " must divide nHead " + nHead);
            }
            checkLabels(labels);
            checkFloatType(tensorType);
        }

        /** 64 wide, 2 layers, 4 heads (2 KV), ff 128, ctx 2048, one label "reward", seed 42, F32, no template. */
        public static LlamaSpec defaults(Path vocab) {
            return new LlamaSpec(vocab, "llama", 64, 2, 4, 2, 128, 2048, List.of("reward"), 42L, GgmlType.F32, null,
                    true, "seal-tiny-llama");
        }

        /** {@link #defaults(Path)} with the llama-spm vocabulary (32000 tokens) from {@link Vocabularies}. */
        public static LlamaSpec defaults() {
            return defaults(Vocabularies.find("llama-spm"));
        }

        public int nLabels() {
            return labels.size();
        }

        public int headDim() {
            return nEmbd / nHead;
        }

        public LlamaSpec withVocab(Path v) {
            return new LlamaSpec(v, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        public LlamaSpec withArch(String a) {
            return new LlamaSpec(vocab, a, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        /** Sets width, depth and heads together, since they constrain each other. */
        public LlamaSpec withShape(int embd, int layers, int heads, int headsKv, int ff) {
            return new LlamaSpec(vocab, arch, embd, layers, heads, headsKv, ff, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        public LlamaSpec withNCtx(int ctx) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, ctx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        public LlamaSpec withLabels(List<String> l) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, l, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        /** {@code n} labels named {@code label_0..} ({@code "reward"} when n is 1). */
        public LlamaSpec withNLabels(int n) {
            return withLabels(defaultLabels(n));
        }

        public LlamaSpec withSeed(long s) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, s, tensorType,
                    chatTemplate, includeHead, name);
        }

        public LlamaSpec withTensorType(GgmlType t) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, t,
                    chatTemplate, includeHead, name);
        }

        public LlamaSpec withChatTemplate(String template) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    template, includeHead, name);
        }

        public LlamaSpec withIncludeHead(boolean include) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, include, name);
        }

        public LlamaSpec withName(String n) {
            return new LlamaSpec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, n);
        }
    }

    /**
     * A tiny BERT sequence classifier, run by llama.cpp with RANK pooling: the [CLS] row of the last layer, through
     * {@code cls} (dense + tanh, when {@code pooler}) and {@code cls.output} (dense to n_labels).
     *
     * @param vocab      tokenizer-only GGUF with a BERT (WordPiece) tokenizer, e.g. {@code bert-bge}; must define
     *                   {@code tokenizer.ggml.token_type_count} (llama.cpp refuses a BERT model without it)
     * @param nEmbd      hidden size, a multiple of nHead
     * @param nLayer     blocks
     * @param nHead      attention heads
     * @param nFf        feed-forward size
     * @param nCtx       context length = rows of the position embedding
     * @param labels     one name per classifier output ({@code bert.classifier.output_labels}); n_labels = its size
     * @param seed       weight seed
     * @param tensorType storage type of the 2-D weights: F32, F16 or BF16 (norms, biases, token-type and position
     *                   embeddings stay F32, as llama.cpp's converter keeps them)
     * @param pooler     true adds {@code cls.weight}/{@code cls.bias} (the BERT pooler, dense + tanh) before
     *                   {@code cls.output}, as in BERT/RoBERTa rerankers; false projects the [CLS] row directly
     * @param name       {@code general.name}
     */
    public record BertSpec(Path vocab, int nEmbd, int nLayer, int nHead, int nFf, int nCtx, List<String> labels,
                           long seed, GgmlType tensorType, boolean pooler, String name) {
        public BertSpec {
            Objects.requireNonNull(vocab, "vocab");
            Objects.requireNonNull(tensorType, "tensorType");
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
            positive("nEmbd", nEmbd);
            positive("nLayer", nLayer);
            positive("nHead", nHead);
            positive("nFf", nFf);
            positive("nCtx", nCtx);
            if (nEmbd % nHead != 0) {
                throw new IllegalArgumentException("nEmbd " + nEmbd + " must be a multiple of nHead " + nHead);
            }
            checkLabels(labels);
            checkFloatType(tensorType);
        }

        /** 64 wide, 2 layers, 4 heads, ff 128, ctx 512, one label "score", seed 42, F32, with pooler. */
        public static BertSpec defaults(Path vocab) {
            return new BertSpec(vocab, 64, 2, 4, 128, 512, List.of("score"), 42L, GgmlType.F32, true,
                    "seal-tiny-bert");
        }

        /** {@link #defaults(Path)} with the bert-bge vocabulary from {@link Vocabularies}. */
        public static BertSpec defaults() {
            return defaults(Vocabularies.find("bert-bge"));
        }

        public int nLabels() {
            return labels.size();
        }

        public BertSpec withVocab(Path v) {
            return new BertSpec(v, nEmbd, nLayer, nHead, nFf, nCtx, labels, seed, tensorType, pooler, name);
        }

        public BertSpec withShape(int embd, int layers, int heads, int ff) {
            return new BertSpec(vocab, embd, layers, heads, ff, nCtx, labels, seed, tensorType, pooler, name);
        }

        public BertSpec withNCtx(int ctx) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, ctx, labels, seed, tensorType, pooler, name);
        }

        public BertSpec withLabels(List<String> l) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, nCtx, l, seed, tensorType, pooler, name);
        }

        public BertSpec withNLabels(int n) {
            return withLabels(defaultLabels(n));
        }

        public BertSpec withSeed(long s) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, nCtx, labels, s, tensorType, pooler, name);
        }

        public BertSpec withTensorType(GgmlType t) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, nCtx, labels, seed, t, pooler, name);
        }

        public BertSpec withPooler(boolean p) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, nCtx, labels, seed, tensorType, p, name);
        }

        public BertSpec withName(String n) {
            return new BertSpec(vocab, nEmbd, nLayer, nHead, nFf, nCtx, labels, seed, tensorType, pooler, n);
        }
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
    }

    private static void checkLabels(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one label is needed");
        }
    }

    private static void checkFloatType(GgmlType t) {
        if (t != GgmlType.F32 && t != GgmlType.F16 && t != GgmlType.BF16) {
            throw new IllegalArgumentException("tensorType must be F32, F16 or BF16: " + t);
        }
    }

    static List<String> defaultLabels(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one label is needed: " + n);
        }
        if (n == 1) {
            return List.of("reward");
        }
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add("label_" + i);
        }
        return l;
    }

    /** {@code general.file_type} (llama_ftype) for the type of the 2-D weights. */
    static int fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;  // LLAMA_FTYPE_ALL_F32
            case F16 -> 1;  // LLAMA_FTYPE_MOSTLY_F16
            case BF16 -> 32; // LLAMA_FTYPE_MOSTLY_BF16
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    // ---- llama --------------------------------------------------------------------------------------------------------

    /**
     * Writes a tiny llama reward model. With {@code A} = {@code spec.arch()}:
     * <ul>
     * <li>keys: {@code general.architecture} = A, {@code general.name}, {@code general.file_type} (UINT32: 0 F32, 1
     * F16, 32 BF16); UINT32 {@code A.vocab_size}, {@code A.context_length}, {@code A.embedding_length},
     * {@code A.block_count}, {@code A.feed_forward_length}, {@code A.attention.head_count},
     * {@code A.attention.head_count_kv}, {@code A.rope.dimension_count} (= head size); FLOAT32
     * {@code A.attention.layer_norm_rms_epsilon} = 1e-5, {@code A.rope.freq_base} = 10000; for llama-embed BOOL
     * {@code llama-embed.attention.causal} = true; every {@code tokenizer.*} key of the vocab except
     * {@code tokenizer.chat_template}, then {@code tokenizer.chat_template} when the spec has one; and unless
     * {@code includeHead} is false {@value #KEY_HEAD_WEIGHT} (FLOAT32[n_labels*n_embd]), {@value #KEY_HEAD_BIAS}
     * (FLOAT32[n_labels]), {@value #KEY_LABELS} (STRING[n_labels]).</li>
     * <li>tensors: {@code token_embd.weight} [n_embd, n_vocab], {@code output_norm.weight} [n_embd], and per block
     * {@code blk.N.}: {@code attn_norm.weight} [n_embd], {@code attn_q.weight} [n_embd, n_head*head_dim],
     * {@code attn_k.weight} and {@code attn_v.weight} [n_embd, n_head_kv*head_dim], {@code attn_output.weight}
     * [n_head*head_dim, n_embd], {@code ffn_norm.weight} [n_embd], {@code ffn_gate.weight} and
     * {@code ffn_up.weight} [n_embd, n_ff], {@code ffn_down.weight} [n_ff, n_embd]. No {@code output.weight}:
     * llama.cpp then ties the LM head to the token embedding, and seal never computes it.</li>
     * </ul>
     *
     * @return {@code out}
     */
    public static Path llamaRewardModel(Path out, LlamaSpec spec) throws IOException {
        GgufFile vocab = GgufFile.read(spec.vocab());
        int nVocab = vocabSize(vocab);
        String a = spec.arch();
        int e = spec.nEmbd();
        int hd = spec.headDim();
        int nQ = spec.nHead() * hd;
        int nKv = spec.nHeadKv() * hd;
        GgmlType wt = spec.tensorType();

        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", spec.name())
                .putUInt32("general.file_type", fileType(wt))
                .putUInt32(a + ".vocab_size", nVocab)
                .putUInt32(a + ".context_length", spec.nCtx())
                .putUInt32(a + ".embedding_length", e)
                .putUInt32(a + ".block_count", spec.nLayer())
                .putUInt32(a + ".feed_forward_length", spec.nFf())
                .putUInt32(a + ".attention.head_count", spec.nHead())
                .putUInt32(a + ".attention.head_count_kv", spec.nHeadKv())
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32(a + ".rope.freq_base", 10000f)
                .putUInt32(a + ".rope.dimension_count", hd); // llama.cpp insists it equals the head size
        if (a.equals("llama-embed")) {
            w.putBool(a + ".attention.causal", true);
        }
        copyTokenizer(w, vocab);
        if (spec.chatTemplate() != null) {
            w.putString("tokenizer.chat_template", spec.chatTemplate());
        }
        if (spec.includeHead()) {
            int n = spec.nLabels();
            w.putFloat32Array(KEY_HEAD_WEIGHT, gaussian(spec.seed(), KEY_HEAD_WEIGHT, n * e, 1 / Math.sqrt(e)))
                    .putFloat32Array(KEY_HEAD_BIAS, gaussian(spec.seed(), KEY_HEAD_BIAS, n, 0.1))
                    .putStringArray(KEY_LABELS, spec.labels());
        }

        long seed = spec.seed();
        w.addTensor("token_embd.weight", dims(e, nVocab), wt, gaussian(seed, "token_embd.weight", (long) e * nVocab, 1));
        w.addTensor("output_norm.weight", dims(e), GgmlType.F32, ones(e));
        for (int i = 0; i < spec.nLayer(); i++) {
            String b = "blk." + i + ".";
            w.addTensor(b + "attn_norm.weight", dims(e), GgmlType.F32, ones(e));
            matrix(w, seed, b + "attn_q.weight", e, nQ, wt);
            matrix(w, seed, b + "attn_k.weight", e, nKv, wt);
            matrix(w, seed, b + "attn_v.weight", e, nKv, wt);
            matrix(w, seed, b + "attn_output.weight", nQ, e, wt);
            w.addTensor(b + "ffn_norm.weight", dims(e), GgmlType.F32, ones(e));
            matrix(w, seed, b + "ffn_gate.weight", e, spec.nFf(), wt);
            matrix(w, seed, b + "ffn_up.weight", e, spec.nFf(), wt);
            matrix(w, seed, b + "ffn_down.weight", spec.nFf(), e, wt);
        }
        return w.write(out);
    }

    // ---- bert ---------------------------------------------------------------------------------------------------------

    /**
     * Writes a tiny BERT classifier for RANK pooling.
     * <ul>
     * <li>keys: {@code general.architecture} = {@code bert}, {@code general.name}, {@code general.file_type}; UINT32
     * {@code bert.context_length}, {@code bert.embedding_length}, {@code bert.block_count},
     * {@code bert.feed_forward_length}, {@code bert.attention.head_count}; FLOAT32
     * {@code bert.attention.layer_norm_epsilon} = 1e-12; BOOL {@code bert.attention.causal} = false; UINT32
     * {@code bert.pooling_type} = 4 (RANK); STRING array {@code bert.classifier.output_labels} (its length is
     * llama.cpp's n_cls_out); every {@code tokenizer.*} key of the vocab (bert-bge brings
     * {@code tokenizer.ggml.token_type_count} = 2).</li>
     * <li>tensors: {@code token_embd.weight} [n_embd, n_vocab], {@code token_types.weight} [n_embd, n_token_types]
     * and {@code position_embd.weight} [n_embd, n_ctx] (both always F32), {@code token_embd_norm.weight}/{@code .bias}
     * [n_embd]; per block
     * {@code blk.N.}: {@code attn_q}, {@code attn_k}, {@code attn_v}, {@code attn_output} {@code .weight}
     * [n_embd, n_embd] and {@code .bias} [n_embd], {@code attn_output_norm.weight}/{@code .bias} [n_embd],
     * {@code ffn_up.weight} [n_embd, n_ff], {@code ffn_up.bias} [n_ff], {@code ffn_down.weight} [n_ff, n_embd],
     * {@code ffn_down.bias} [n_embd], {@code layer_output_norm.weight}/{@code .bias} [n_embd]; with the pooler
     * {@code cls.weight} [n_embd, n_embd] and {@code cls.bias} [n_embd]; {@code cls.output.weight}
     * [n_embd, n_labels] and {@code cls.output.bias} [n_labels].</li>
     * </ul>
     *
     * @return {@code out}
     */
    public static Path bertClassifier(Path out, BertSpec spec) throws IOException {
        GgufFile vocab = GgufFile.read(spec.vocab());
        int nVocab = vocabSize(vocab);
        long nTypes = vocab.optionalLong("tokenizer.ggml.token_type_count").orElseThrow(() ->
                new IllegalArgumentException(spec.vocab() + " has no tokenizer.ggml.token_type_count, which"
                        + " llama.cpp's BERT loader requires: use a BERT vocabulary such as bert-bge"));
        if (nTypes < 1 || nTypes > 1024) {
            throw new IllegalArgumentException(spec.vocab() + ": implausible token_type_count " + nTypes);
        }
        int e = spec.nEmbd();
        int ff = spec.nFf();
        int nl = spec.nLabels();
        GgmlType wt = spec.tensorType();
        long seed = spec.seed();

        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "bert")
                .putString("general.name", spec.name())
                .putUInt32("general.file_type", fileType(wt))
                .putUInt32("bert.context_length", spec.nCtx())
                .putUInt32("bert.embedding_length", e)
                .putUInt32("bert.block_count", spec.nLayer())
                .putUInt32("bert.feed_forward_length", ff)
                .putUInt32("bert.attention.head_count", spec.nHead())
                .putFloat32("bert.attention.layer_norm_epsilon", 1e-12f)
                .putBool("bert.attention.causal", false)
                .putUInt32("bert.pooling_type", POOLING_TYPE_RANK)
                .putStringArray("bert.classifier.output_labels", spec.labels());
        copyTokenizer(w, vocab);

        w.addTensor("token_embd.weight", dims(e, nVocab), wt, gaussian(seed, "token_embd.weight", (long) e * nVocab, 1));
        // always F32, as llama.cpp's converter keeps them: the graph adds them to F32 activations with ggml_add,
        // which the CPU backend does not support with an F16 operand (it aborts)
        w.addTensor("token_types.weight", dims(e, nTypes), GgmlType.F32,
                gaussian(seed, "token_types.weight", e * nTypes, 0.5));
        w.addTensor("position_embd.weight", dims(e, spec.nCtx()), GgmlType.F32,
                gaussian(seed, "position_embd.weight", (long) e * spec.nCtx(), 0.5));
        w.addTensor("token_embd_norm.weight", dims(e), GgmlType.F32, ones(e));
        w.addTensor("token_embd_norm.bias", dims(e), GgmlType.F32, new float[e]);
        for (int i = 0; i < spec.nLayer(); i++) {
            String b = "blk." + i + ".";
            for (String m : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
                matrix(w, seed, b + m + ".weight", e, e, wt);
                bias(w, seed, b + m + ".bias", e);
            }
            w.addTensor(b + "attn_output_norm.weight", dims(e), GgmlType.F32, ones(e));
            w.addTensor(b + "attn_output_norm.bias", dims(e), GgmlType.F32, new float[e]);
            matrix(w, seed, b + "ffn_up.weight", e, ff, wt);
            bias(w, seed, b + "ffn_up.bias", ff);
            matrix(w, seed, b + "ffn_down.weight", ff, e, wt);
            bias(w, seed, b + "ffn_down.bias", e);
            w.addTensor(b + "layer_output_norm.weight", dims(e), GgmlType.F32, ones(e));
            w.addTensor(b + "layer_output_norm.bias", dims(e), GgmlType.F32, new float[e]);
        }
        if (spec.pooler()) {
            matrix(w, seed, "cls.weight", e, e, wt);
            bias(w, seed, "cls.bias", e);
        }
        matrix(w, seed, "cls.output.weight", e, nl, wt);
        bias(w, seed, "cls.output.bias", nl);
        return w.write(out);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /** n_vocab as llama.cpp sees it: the length of {@code tokenizer.ggml.tokens}. */
    private static int vocabSize(GgufFile vocab) {
        List<String> tokens = vocab.optionalStringList("tokenizer.ggml.tokens").orElseThrow(() ->
                new IllegalArgumentException(vocab.path() + " has no tokenizer.ggml.tokens: not a vocabulary GGUF"));
        return tokens.size();
    }

    /** Every {@code tokenizer.*} key but the chat template, whose presence the spec decides. */
    private static void copyTokenizer(GgufWriter w, GgufFile vocab) {
        w.copyFrom(vocab, k -> k.startsWith("tokenizer.") && !k.equals("tokenizer.chat_template"));
    }

    private static long[] dims(long... d) {
        return d;
    }

    /** A weight with rows of length {@code in} (= ne0 = fan_in) and {@code out} rows, N(0, 1/in). */
    private static void matrix(GgufWriter w, long seed, String name, int in, int out, GgmlType type) {
        w.addTensor(name, dims(in, out), type, gaussian(seed, name, (long) in * out, 1 / Math.sqrt(in)));
    }

    /** A bias, small but non-zero so that the bias path is exercised: N(0, 0.1^2), always F32. */
    private static void bias(GgufWriter w, long seed, String name, int n) {
        w.addTensor(name, dims(n), GgmlType.F32, gaussian(seed, name, n, 0.1));
    }

    private static float[] ones(int n) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, 1f);
        return f;
    }

    /**
     * {@code n} draws of N(0, std^2) from a SplitMix64 stream keyed by the model seed and the tensor name
     * (Box-Muller on 53-bit uniforms), so each tensor is reproducible on its own.
     */
    static float[] gaussian(long seed, String stream, long n, double std) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(stream + ": " + n + " elements is too many for a tiny model");
        }
        SplitMix64 r = new SplitMix64(seed ^ fnv1a64(stream));
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1.0 - r.nextDouble(); // (0, 1]: log is finite
            double u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            out[i] = (float) (std * rad * Math.cos(2 * Math.PI * u2));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (std * rad * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed forever, unlike the JDK's gaussian sampler. */
    private static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long nextLong() {
            long z = (state += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) with 53 random bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
