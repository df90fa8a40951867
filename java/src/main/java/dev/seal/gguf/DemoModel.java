package dev.seal.gguf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a random-weight llama reward model with a real tokenizer, in the exact layout llama.cpp v0.4.0 loads: what
 * {@code seal demo} scores, what the benchmarks time at real models' shapes, and what the tests load. The tokenizer
 * is copied from one of llama.cpp's {@code ggml-vocab-*.gguf} files (see {@link Vocabularies}); the defaults are small
 * enough to write in milliseconds and run on a CPU, real enough to exercise tokenization, chat templates, batching and
 * pooling end to end.
 *
 * <p>Weights come from a SplitMix64 generator seeded per tensor from the spec's seed and the tensor's name, so a model
 * depends only on its spec (not on the JDK or on which other tensors exist). Matrices are N(0, 1/fan_in) (fan_in =
 * ne0, the row length), embeddings N(0, 1), norm weights 1 and norm biases 0, so activations stay O(1) through the
 * layers and different texts get visibly different rewards.
 *
 * <p>Dimensions below are GGUF/ggml "ne" order: ne0 (the row length, the input dimension of a weight) first.
 */
public final class DemoModel {
    private DemoModel() {}

    // ---- spec ----------------------------------------------------------------------------------------------------------

    /**
     * A llama-architecture reward model.
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
     * @param includeHead  false writes no {@code seal.reward.*} keys: a base model without a reward head (what
     *                     {@code seal convert --head-from} completes)
     * @param name         {@code general.name}
     */
    public record Spec(Path vocab, String arch, int nEmbd, int nLayer, int nHead, int nHeadKv, int nFf, int nCtx,
                       List<String> labels, long seed, GgmlType tensorType, String chatTemplate, boolean includeHead,
                       String name) {
        public Spec {
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
        public static Spec defaults(Path vocab) {
            return new Spec(vocab, "llama", 64, 2, 4, 2, 128, 2048, List.of("reward"), 42L, GgmlType.F32, null,
                    true, "seal-tiny-llama");
        }

        /** {@link #defaults(Path)} with the llama-spm vocabulary (32000 tokens) from {@link Vocabularies}. */
        public static Spec defaults() {
            return defaults(Vocabularies.find("llama-spm"));
        }

        public int nLabels() {
            return labels.size();
        }

        public int headDim() {
            return nEmbd / nHead;
        }

        public Spec withArch(String a) {
            return new Spec(vocab, a, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        /** Sets width, depth and heads together, since they constrain each other. */
        public Spec withShape(int embd, int layers, int heads, int headsKv, int ff) {
            return new Spec(vocab, arch, embd, layers, heads, headsKv, ff, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        public Spec withNCtx(int ctx) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, ctx, labels, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        public Spec withLabels(List<String> l) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, l, seed, tensorType,
                    chatTemplate, includeHead, name);
        }

        /** {@code n} labels named {@code label_0..} ({@code "reward"} when n is 1). */
        public Spec withNLabels(int n) {
            return withLabels(defaultLabels(n));
        }

        public Spec withSeed(long s) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, s, tensorType,
                    chatTemplate, includeHead, name);
        }

        public Spec withTensorType(GgmlType t) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, t,
                    chatTemplate, includeHead, name);
        }

        public Spec withChatTemplate(String template) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    template, includeHead, name);
        }

        public Spec withIncludeHead(boolean include) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, include, name);
        }

        public Spec withName(String n) {
            return new Spec(vocab, arch, nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, labels, seed, tensorType,
                    chatTemplate, includeHead, n);
        }
    }

    static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
    }

    static void checkLabels(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one label is needed");
        }
    }

    static void checkFloatType(GgmlType t) {
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

    // ---- writer --------------------------------------------------------------------------------------------------------

    /**
     * Writes a llama reward model. With {@code A} = {@code spec.arch()}:
     * <ul>
     * <li>keys: {@code general.architecture} = A, {@code general.name}, {@code general.file_type} (UINT32: 0 F32, 1
     * F16, 32 BF16); UINT32 {@code A.vocab_size}, {@code A.context_length}, {@code A.embedding_length},
     * {@code A.block_count}, {@code A.feed_forward_length}, {@code A.attention.head_count},
     * {@code A.attention.head_count_kv}, {@code A.rope.dimension_count} (= head size); FLOAT32
     * {@code A.attention.layer_norm_rms_epsilon} = 1e-5, {@code A.rope.freq_base} = 10000; for llama-embed BOOL
     * {@code llama-embed.attention.causal} = true; every {@code tokenizer.*} key of the vocab except
     * {@code tokenizer.chat_template}, then {@code tokenizer.chat_template} when the spec has one; and unless
     * {@code includeHead} is false {@value RewardHeadKeys#WEIGHT} (FLOAT32[n_labels*n_embd]), {@value RewardHeadKeys#BIAS}
     * (FLOAT32[n_labels]), {@value RewardHeadKeys#LABELS} (STRING[n_labels]).</li>
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
    public static Path write(Path out, Spec spec) throws IOException {
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
            w.putFloat32Array(RewardHeadKeys.WEIGHT, gaussian(spec.seed(), RewardHeadKeys.WEIGHT, n * e, 1 / Math.sqrt(e)))
                    .putFloat32Array(RewardHeadKeys.BIAS, gaussian(spec.seed(), RewardHeadKeys.BIAS, n, 0.1))
                    .putStringArray(RewardHeadKeys.LABELS, spec.labels());
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

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /** n_vocab as llama.cpp sees it: the length of {@code tokenizer.ggml.tokens}. */
    static int vocabSize(GgufFile vocab) {
        List<String> tokens = vocab.optionalStringList("tokenizer.ggml.tokens").orElseThrow(() ->
                new IllegalArgumentException(vocab.path() + " has no tokenizer.ggml.tokens: not a vocabulary GGUF"));
        return tokens.size();
    }

    /** Every {@code tokenizer.*} key but the chat template, whose presence the spec decides. */
    static void copyTokenizer(GgufWriter w, GgufFile vocab) {
        w.copyFrom(vocab, k -> k.startsWith("tokenizer.") && !k.equals("tokenizer.chat_template"));
    }

    static long[] dims(long... d) {
        return d;
    }

    /** A weight with rows of length {@code in} (= ne0 = fan_in) and {@code out} rows, N(0, 1/in). */
    static void matrix(GgufWriter w, long seed, String name, int in, int out, GgmlType type) {
        w.addTensor(name, dims(in, out), type, gaussian(seed, name, (long) in * out, 1 / Math.sqrt(in)));
    }

    static float[] ones(int n) {
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
