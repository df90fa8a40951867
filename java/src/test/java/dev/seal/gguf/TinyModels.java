package dev.seal.gguf;

import static dev.seal.gguf.DemoModel.checkFloatType;
import static dev.seal.gguf.DemoModel.checkLabels;
import static dev.seal.gguf.DemoModel.copyTokenizer;
import static dev.seal.gguf.DemoModel.defaultLabels;
import static dev.seal.gguf.DemoModel.dims;
import static dev.seal.gguf.DemoModel.fileType;
import static dev.seal.gguf.DemoModel.gaussian;
import static dev.seal.gguf.DemoModel.matrix;
import static dev.seal.gguf.DemoModel.ones;
import static dev.seal.gguf.DemoModel.positive;
import static dev.seal.gguf.DemoModel.vocabSize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Test models beyond {@link DemoModel}'s llama reward models: a tiny BERT sequence classifier in the layout llama.cpp
 * v0.4.0 loads with RANK pooling, its weights drawn the same way (see {@link DemoModel}).
 */
public final class TinyModels {
    /** ggml's pooling type id for RANK (llama.h {@code LLAMA_POOLING_TYPE_RANK}). */
    public static final int POOLING_TYPE_RANK = 4;

    private TinyModels() {}

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

    /** A bias, small but non-zero so that the bias path is exercised: N(0, 0.1^2), always F32. */
    private static void bias(GgufWriter w, long seed, String name, int n) {
        w.addTensor(name, dims(n), GgmlType.F32, gaussian(seed, name, n, 0.1));
    }
}
