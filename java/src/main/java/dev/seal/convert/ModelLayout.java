package dev.seal.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which Hugging Face tensor becomes which llama.cpp tensor, with the shapes config.json implies, checked against the
 * checkpoint: every expected tensor is there with the expected shape and a float dtype, and no unknown tensor is
 * silently dropped. Names follow llama.cpp's tensor map (gguf-py {@code TensorNameMap}); for {@link HfConfig.Arch#LLAMA}
 * the rows of q and k (weights and biases) are permuted exactly as llama.cpp's {@code LlamaModel.permute} does, because
 * llama.cpp rotates adjacent pairs where Hugging Face rotates halves.
 */
public final class ModelLayout {
    /**
     * One output tensor.
     *
     * @param gguf         llama.cpp name, e.g. {@code blk.0.attn_q.weight}
     * @param source       the Hugging Face tensor, or null for a generated one
     * @param ne           ggml dims (ne0 = row length first)
     * @param permuteHeads 0, or the head count of LlamaModel.permute for q/k rows
     * @param vector       a 1-D tensor (norms, biases, rope factors): always stored as F32, as llama.cpp does
     * @param generated    the values of a generated tensor (rope_freqs), else null
     * @param shift        added to every value (1 for Gemma's norms, which Hugging Face applies as 1 + weight)
     * @param qkvHeads     0, or the head count of a GPT-NeoX fused query_key_value whose rows (or bias elements) are
     *                     regrouped from per head (q, k, v) to all q, all k, all v
     */
    public record Planned(String gguf, HfTensor source, long[] ne, int permuteHeads, boolean vector, float[] generated,
                          float shift, int qkvHeads) {
        Planned(String gguf, HfTensor source, long[] ne, int permuteHeads, boolean vector, float[] generated) {
            this(gguf, source, ne, permuteHeads, vector, generated, 0f);
        }

        Planned(String gguf, HfTensor source, long[] ne, int permuteHeads, boolean vector, float[] generated,
                float shift) {
            this(gguf, source, ne, permuteHeads, vector, generated, shift, 0);
        }

        long elements() {
            long n = 1;
            for (long d : ne) {
                n *= d;
            }
            return n;
        }

        long rows() {
            return ne.length == 2 ? ne[1] : 1;
        }

        long cols() {
            return ne[0];
        }

        /** The source row (for a 1-D tensor: element) that output row {@code r} is taken from. */
        long sourceRow(long r) {
            long n = ne.length == 1 ? ne[0] : rows();
            return qkvHeads != 0 ? qkvRow(r, n, qkvHeads) : permuteHeads == 0 ? r : permutedRow(r, n, permuteHeads);
        }
    }

    /** The score head: weight [n_labels][hidden] flattened label-major, optional bias, labels. */
    public record Head(float[] weight, float[] bias, int nLabels, int hidden, List<String> labels) {}

    private final HfConfig config;
    private final List<Planned> tensors;
    private final Head head;
    private final List<String> notes;

    private ModelLayout(HfConfig config, List<Planned> tensors, Head head, List<String> notes) {
        this.config = config;
        this.tensors = tensors;
        this.head = head;
        this.notes = notes;
    }

    public List<Planned> tensors() {
        return tensors;
    }

    public Head head() {
        return head;
    }

    /** Things the user should know (tensors ignored, sliding window), one line each. */
    public List<String> notes() {
        return notes;
    }

    public HfConfig config() {
        return config;
    }

    /** The same plan with other tensors (tests use it to show that a wrong layout is caught). */
    ModelLayout withTensors(List<Planned> other) {
        return new ModelLayout(config, List.copyOf(other), head, notes);
    }

    /**
     * Row {@code r} of a permuted q/k tensor comes from this source row: {@code reshape(n_head, 2, d/2, ...)
     * .swapaxes(1, 2)} turns (head h, pair j, half t) at {@code h*d + 2j + t} into {@code h*d + t*d/2 + j}.
     */
    static long permutedRow(long r, long rows, int heads) {
        long d = rows / heads;
        long h = r / d;
        long within = r % d;
        long j = within / 2;
        long t = within % 2;
        return h * d + t * (d / 2) + j;
    }

    /**
     * Row {@code r} of llama.cpp's attn_qkv (all q rows, then all k, then all v) comes from this row of GPT-NeoX's
     * query_key_value, which is laid out per head as [q; k; v] ({@code view(..., heads, 3 * head_size)} in
     * transformers; conversion/gptneox.py regroups it the same way).
     */
    static long qkvRow(long r, long rows, int heads) {
        long e = rows / 3;
        long d = e / heads;
        long part = r / e; // 0 q, 1 k, 2 v
        long h = (r % e) / d;
        return h * 3 * d + part * d + r % d;
    }

    /** Plans the conversion of a checkpoint with this config. */
    public static ModelLayout plan(HfConfig c, Checkpoint ckpt) {
        if (c.arch == HfConfig.Arch.GPTNEOX) {
            return planGptNeox(c, ckpt);
        }
        List<Planned> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> used = new HashSet<>();
        long e = c.hiddenSize;
        long qDim = (long) c.numHeads * c.headDim;
        long kvDim = (long) c.numKvHeads * c.headDim;
        long ff = c.intermediateSize;

        boolean gemma = c.arch == HfConfig.Arch.GEMMA2;
        HfTensor embd = expect(ckpt, used, "model.embed_tokens.weight", c, c.vocabSize, e);
        out.add(new Planned("token_embd.weight", embd, new long[] {e, c.vocabSize}, 0, false, null));
        if (c.rope.type().equals("llama3")) {
            out.add(new Planned("rope_freqs.weight", null, new long[] {c.headDim / 2}, 0, true, llama3RopeFactors(c)));
        }
        for (int i = 0; i < c.numLayers; i++) {
            String p = "model.layers." + i + ".";
            String b = "blk." + i + ".";
            out.add(norm(ckpt, used, c, p + "input_layernorm.weight", b + "attn_norm.weight", e));
            int qPerm = c.arch.permuteQk ? c.numHeads : 0;
            int kPerm = c.arch.permuteQk ? c.numKvHeads : 0;
            out.add(matrix(ckpt, used, c, p + "self_attn.q_proj.weight", b + "attn_q.weight", qDim, e, qPerm));
            out.add(matrix(ckpt, used, c, p + "self_attn.k_proj.weight", b + "attn_k.weight", kvDim, e, kPerm));
            out.add(matrix(ckpt, used, c, p + "self_attn.v_proj.weight", b + "attn_v.weight", kvDim, e, 0));
            if (c.attentionBias) {
                out.add(bias(ckpt, used, c, p + "self_attn.q_proj.bias", b + "attn_q.bias", qDim, qPerm));
                out.add(bias(ckpt, used, c, p + "self_attn.k_proj.bias", b + "attn_k.bias", kvDim, kPerm));
                out.add(bias(ckpt, used, c, p + "self_attn.v_proj.bias", b + "attn_v.bias", kvDim, 0));
            }
            out.add(matrix(ckpt, used, c, p + "self_attn.o_proj.weight", b + "attn_output.weight", e, qDim, 0));
            if (c.attentionBias && c.arch == HfConfig.Arch.LLAMA) {
                out.add(bias(ckpt, used, c, p + "self_attn.o_proj.bias", b + "attn_output.bias", e, 0));
            }
            if (c.arch == HfConfig.Arch.QWEN3) {
                out.add(vector(ckpt, used, c, p + "self_attn.q_norm.weight", b + "attn_q_norm.weight", c.headDim));
                out.add(vector(ckpt, used, c, p + "self_attn.k_norm.weight", b + "attn_k_norm.weight", c.headDim));
            }
            if (gemma) {
                // Gemma 2: norms after attention and after the MLP too; the MLP's input norm is pre_feedforward
                out.add(norm(ckpt, used, c, p + "post_attention_layernorm.weight", b + "post_attention_norm.weight", e));
                out.add(norm(ckpt, used, c, p + "pre_feedforward_layernorm.weight", b + "ffn_norm.weight", e));
                out.add(norm(ckpt, used, c, p + "post_feedforward_layernorm.weight", b + "post_ffw_norm.weight", e));
            } else {
                out.add(vector(ckpt, used, c, p + "post_attention_layernorm.weight", b + "ffn_norm.weight", e));
            }
            out.add(matrix(ckpt, used, c, p + "mlp.gate_proj.weight", b + "ffn_gate.weight", ff, e, 0));
            out.add(matrix(ckpt, used, c, p + "mlp.up_proj.weight", b + "ffn_up.weight", ff, e, 0));
            out.add(matrix(ckpt, used, c, p + "mlp.down_proj.weight", b + "ffn_down.weight", e, ff, 0));
            if (c.mlpBias) {
                out.add(bias(ckpt, used, c, p + "mlp.gate_proj.bias", b + "ffn_gate.bias", ff, 0));
                out.add(bias(ckpt, used, c, p + "mlp.up_proj.bias", b + "ffn_up.bias", ff, 0));
                out.add(bias(ckpt, used, c, p + "mlp.down_proj.bias", b + "ffn_down.bias", e, 0));
            }
        }
        out.add(norm(ckpt, used, c, "model.norm.weight", "output_norm.weight", e));

        Head head = readHead(c, ckpt, used, ckpt.get("score.weight"), ckpt.get("score.bias"));
        refuseUnknown(c, ckpt, used, notes, "lm_head.weight");
        if (c.rope.type().equals("yarn")) {
            notes.add("YaRN RoPE (factor " + c.rope.factor() + ") is written as llama.cpp's converter writes it;"
                    + " seal's reference forward pass does not implement YaRN, so this case is not verified by its tests");
        }
        if (gemma) {
            notes.add("Gemma 2 attends within a sliding window of " + c.slidingWindow + " tokens in every other layer;"
                    + " llama.cpp does the same");
        } else if (c.slidingWindow > 0 && c.slidingWindow < c.maxPositions) {
            notes.add("config.json sets sliding_window " + c.slidingWindow + ": llama.cpp attends to the whole context,"
                    + " so texts longer than " + c.slidingWindow + " tokens score differently from transformers");
        }
        return new ModelLayout(c, List.copyOf(out), head, List.copyOf(notes));
    }

    /**
     * GPT-NeoX in llama.cpp's gptneox layout: LayerNorm weights and biases, the fused query_key_value regrouped
     * ({@link #qkvRow}), attention output and MLP with biases. transformers' GPTNeoXForSequenceClassification has no
     * LM head (embed_out); seal's llama.cpp patch 0002 lets the gptneox loader go without output.weight.
     */
    static ModelLayout planGptNeox(HfConfig c, Checkpoint ckpt) {
        List<Planned> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> used = new HashSet<>();
        long e = c.hiddenSize;
        long ff = c.intermediateSize;
        if (c.numKvHeads != c.numHeads || (long) c.numHeads * c.headDim != e) {
            throw ConvertException.in(c.file(), "GPT-NeoX needs num_attention_heads * head size == hidden_size and no"
                    + " grouped KV heads, got " + c.numHeads + "/" + c.numKvHeads + " heads of " + c.headDim);
        }
        HfTensor embd = expect(ckpt, used, "gpt_neox.embed_in.weight", c, c.vocabSize, e);
        out.add(new Planned("token_embd.weight", embd, new long[] {e, c.vocabSize}, 0, false, null));
        for (int i = 0; i < c.numLayers; i++) {
            String p = "gpt_neox.layers." + i + ".";
            String b = "blk." + i + ".";
            layerNorm(out, ckpt, used, c, p + "input_layernorm", b + "attn_norm", e);
            HfTensor qkv = expect(ckpt, used, p + "attention.query_key_value.weight", c, 3 * e, e);
            out.add(new Planned(b + "attn_qkv.weight", qkv, new long[] {e, 3 * e}, 0, false, null, 0f, c.numHeads));
            out.add(linearBias(ckpt, used, c, p + "attention.query_key_value.bias", b + "attn_qkv.bias", 3 * e,
                    c.numHeads));
            out.add(matrix(ckpt, used, c, p + "attention.dense.weight", b + "attn_output.weight", e, e, 0));
            out.add(linearBias(ckpt, used, c, p + "attention.dense.bias", b + "attn_output.bias", e, 0));
            layerNorm(out, ckpt, used, c, p + "post_attention_layernorm", b + "ffn_norm", e);
            out.add(matrix(ckpt, used, c, p + "mlp.dense_h_to_4h.weight", b + "ffn_up.weight", ff, e, 0));
            out.add(bias(ckpt, used, c, p + "mlp.dense_h_to_4h.bias", b + "ffn_up.bias", ff, 0));
            out.add(matrix(ckpt, used, c, p + "mlp.dense_4h_to_h.weight", b + "ffn_down.weight", e, ff, 0));
            out.add(bias(ckpt, used, c, p + "mlp.dense_4h_to_h.bias", b + "ffn_down.bias", e, 0));
        }
        layerNorm(out, ckpt, used, c, "gpt_neox.final_layer_norm", "output_norm", e);
        Head head = readHead(c, ckpt, used, ckpt.get("score.weight"), ckpt.get("score.bias"));
        refuseUnknown(c, ckpt, used, notes, "embed_out.weight");
        return new ModelLayout(c, List.copyOf(out), head, List.copyOf(notes));
    }

    /** A LayerNorm's weight and bias ({@code hf}.weight/.bias to {@code gguf}.weight/.bias). */
    private static void layerNorm(List<Planned> out, Checkpoint ckpt, Set<String> used, HfConfig c, String hf,
                                  String gguf, long n) {
        out.add(vector(ckpt, used, c, hf + ".weight", gguf + ".weight", n));
        out.add(vector(ckpt, used, c, hf + ".bias", gguf + ".bias", n));
    }

    /**
     * A linear layer's bias that llama.cpp's gptneox requires; zeros when the model has none (attention_bias false),
     * which is what a Linear without bias adds.
     */
    private static Planned linearBias(Checkpoint ckpt, Set<String> used, HfConfig c, String hf, String gguf, long n,
                                      int qkvHeads) {
        if (!c.attentionBias) {
            return new Planned(gguf, null, new long[] {n}, 0, true, new float[(int) n]);
        }
        HfTensor t = expect(ckpt, used, hf, c, n);
        return new Planned(gguf, t, new long[] {n}, 0, true, null, 0f, qkvHeads);
    }

    /**
     * Fails on a tensor the plan did not use, except RoPE and attention-mask buffers old checkpoints saved and the
     * LM head ({@code lmHead}), which a reward model does not score with.
     */
    private static void refuseUnknown(HfConfig c, Checkpoint ckpt, Set<String> used, List<String> notes, String lmHead) {
        List<String> unknown = new ArrayList<>();
        for (String name : ckpt.tensors().keySet()) {
            if (used.contains(name)) {
                continue;
            }
            if (name.endsWith("rotary_emb.inv_freq") || name.endsWith(".attention.bias")
                    || name.endsWith(".attention.masked_bias")) {
                continue; // buffers old checkpoints saved (RoPE frequencies, causal masks); recomputed from the config
            }
            if (name.equals(lmHead)) {
                notes.add("ignored " + lmHead + ": a reward model scores with its score head");
                continue;
            }
            unknown.add(name);
        }
        if (!unknown.isEmpty()) {
            throw ConvertException.in(ckpt.source(), unknown.size() + " tensor(s) that a " + c.hfArchitecture
                    + " does not have, e.g. " + unknown.subList(0, Math.min(5, unknown.size()))
                    + ": a different architecture, or a model with extra heads seal does not know");
        }
    }

    /** The score head from its tensors, checked against config.json's hidden size and labels. */
    static Head readHead(HfConfig c, Checkpoint ckpt, Set<String> used, HfTensor w, HfTensor bias) {
        if (w == null) {
            throw ConvertException.in(ckpt.source(), "no score.weight: a " + c.hfArchitecture + " keeps its reward head"
                    + " there (is this really a sequence-classification model?)");
        }
        used.add(w.name());
        Head h = headFrom(w, bias, c.hiddenSize, c.labels);
        if (bias != null) {
            used.add(bias.name());
        }
        if (c.numLabels > 0 && c.numLabels != h.nLabels()) {
            throw ConvertException.in(w.file(), "score.weight has " + h.nLabels() + " rows but " + c.file().getFileName()
                    + " says num_labels/id2label " + c.numLabels);
        }
        return h;
    }

    /** A head from score.weight [n_labels, hidden] and an optional score.bias [n_labels]. */
    static Head headFrom(HfTensor w, HfTensor bias, int hidden, List<String> labels) {
        w.requireFloat();
        if (w.rank() != 2 || w.dim(1) != hidden || w.dim(0) < 1 || w.dim(0) > 4096) {
            throw ConvertException.in(w.file(), "score head '" + w.name() + "' has shape " + Arrays.toString(w.shape())
                    + "; expected [n_labels, " + hidden + "] (hidden size " + hidden + ")");
        }
        int n = (int) w.dim(0);
        float[] bw = null;
        if (bias != null) {
            bias.requireFloat();
            if (bias.rank() != 1 || bias.dim(0) != n) {
                throw ConvertException.in(bias.file(), "score bias '" + bias.name() + "' has shape "
                        + Arrays.toString(bias.shape()) + "; expected [" + n + "]");
            }
            bw = bias.toFloats();
        }
        if (labels != null && labels.size() != n) {
            throw ConvertException.in(w.file(), "score head has " + n + " outputs but id2label names " + labels.size());
        }
        return new Head(w.toFloats(), bw, n, hidden, labels);
    }

    private static HfTensor expect(Checkpoint ckpt, Set<String> used, String name, HfConfig c, long... shape) {
        HfTensor t = ckpt.get(name);
        if (t == null) {
            String hint = ckpt.tensors().keySet().stream().limit(3).toList().toString();
            throw ConvertException.in(ckpt.source(), "tensor '" + name + "' is missing (a " + c.hfArchitecture
                    + " with " + c.file().getFileName() + " as given needs it; the checkpoint has e.g. " + hint + ")");
        }
        t.requireFloat();
        if (!Arrays.equals(t.shape(), shape)) {
            throw ConvertException.in(t.file(), "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + " but config.json implies " + Arrays.toString(shape) + " (hidden_size " + c.hiddenSize
                    + ", heads " + c.numHeads + "/" + c.numKvHeads + " of " + c.headDim + ", intermediate_size "
                    + c.intermediateSize + ", vocab_size " + c.vocabSize + ")");
        }
        used.add(name);
        return t;
    }

    private static Planned matrix(Checkpoint ckpt, Set<String> used, HfConfig c, String hf, String gguf, long out,
                                  long in, int permuteHeads) {
        HfTensor t = expect(ckpt, used, hf, c, out, in);
        return new Planned(gguf, t, new long[] {in, out}, permuteHeads, false, null);
    }

    private static Planned vector(Checkpoint ckpt, Set<String> used, HfConfig c, String hf, String gguf, long n) {
        HfTensor t = expect(ckpt, used, hf, c, n);
        return new Planned(gguf, t, new long[] {n}, 0, true, null);
    }

    /** An RMSNorm weight; Gemma's are stored as (weight - 1) and get the 1 back, as llama.cpp's converter does. */
    private static Planned norm(Checkpoint ckpt, Set<String> used, HfConfig c, String hf, String gguf, long n) {
        HfTensor t = expect(ckpt, used, hf, c, n);
        return new Planned(gguf, t, new long[] {n}, 0, true, null, c.arch == HfConfig.Arch.GEMMA2 ? 1f : 0f);
    }

    /** A bias; permuted like its weight's rows (a vector with one element per row). */
    private static Planned bias(Checkpoint ckpt, Set<String> used, HfConfig c, String hf, String gguf, long n,
                                int permuteHeads) {
        HfTensor t = expect(ckpt, used, hf, c, n);
        return new Planned(gguf, t, new long[] {n}, permuteHeads, true, null);
    }

    /**
     * Llama 3's RoPE frequency factors, as llama.cpp's converter writes {@code rope_freqs.weight}: 1 for high
     * frequencies, {@code factor} for low ones, smoothly interpolated between; llama.cpp divides each frequency by
     * its factor.
     */
    static float[] llama3RopeFactors(HfConfig c) {
        HfConfig.Rope r = c.rope;
        int dim = c.headDim;
        float[] out = new float[dim / 2];
        double lowWavelen = r.originalContext() / r.lowFreqFactor();
        double highWavelen = r.originalContext() / r.highFreqFactor();
        for (int i = 0; i < dim / 2; i++) {
            // torch: 1.0 / (base ** (arange(0, dim, 2, float32) / dim)), all in float32
            float freq = (float) (1.0 / Math.pow(r.theta(), (float) (2 * i) / (float) dim));
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                out[i] = 1f;
            } else if (wavelen > lowWavelen) {
                out[i] = (float) r.factor();
            } else {
                double smooth = (r.originalContext() / wavelen - r.lowFreqFactor()) / (r.highFreqFactor() - r.lowFreqFactor());
                out[i] = (float) (1 / ((1 - smooth) / r.factor() + smooth));
            }
        }
        return out;
    }
}
