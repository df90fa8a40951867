package dev.seal.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A naive, obviously-correct forward pass of a Hugging Face Llama / Mistral / Qwen2 / Qwen3 sequence-classification
 * model, in float32 storage with double accumulation, for one sequence, reading the Hugging Face tensors directly (no
 * permutation, no GGUF): RMSNorm, rotary embeddings in Hugging Face's rotate_half convention (with llama3 and linear
 * frequency scaling), grouped-query attention with a causal mask, SwiGLU, Qwen2's q/k/v biases, Qwen3's per-head q/k
 * RMSNorm, Gemma 2's differences (embeddings times sqrt(hidden), (1 + w) norms before and after attention and MLP,
 * GELU-tanh, soft-capped attention logits, a sliding window in even layers, queries scaled by
 * 1/sqrt(query_pre_attn_scalar)), and GPT-NeoX (LayerNorms with biases, the fused query_key_value read per head as
 * q, k, v, rotate_half RoPE on the first rotary_pct of each head, exact or tanh GELU as hidden_act says, attention and MLP
 * in parallel or in sequence), and the score head on the final-norm hidden state of the token transformers pools: the
 * last one that is not pad_token_id (the last token when there is no pad id). It is slow (every weight is read per
 * token) and meant for tiny models: it is the yardstick the converted GGUF is compared with.
 */
public final class ReferenceModel implements AutoCloseable {
    private final HfConfig c;
    private final Checkpoint ckpt;
    private final boolean ownsCheckpoint;
    private final ModelLayout.Head head;

    private ReferenceModel(HfConfig c, Checkpoint ckpt, boolean owns) {
        this.c = c;
        this.ckpt = ckpt;
        this.ownsCheckpoint = owns;
        this.head = ModelLayout.readHead(c, ckpt, new java.util.HashSet<>(), ckpt.get("score.weight"), ckpt.get("score.bias"));
        if (c.rope.type().equals("yarn")) {
            throw new UnsupportedOperationException("the reference forward pass does not implement YaRN RoPE");
        }
    }

    public static ReferenceModel open(Path folder) throws IOException {
        HfConfig c = HfConfig.read(folder);
        return new ReferenceModel(c, Checkpoint.open(folder), true);
    }

    public static ReferenceModel of(HfConfig c, Checkpoint ckpt) {
        return new ReferenceModel(c, ckpt, false);
    }

    public int nLabels() {
        return head.nLabels();
    }

    /** The rewards (one per label) of a token sequence: the score head on the pooled token's final-norm state. */
    public float[] score(int[] tokens) {
        float[] h = hidden(tokens, pooledPosition(tokens, c.padTokenId));
        float[] out = new float[head.nLabels()];
        for (int l = 0; l < out.length; l++) {
            double s = head.bias() == null ? 0 : head.bias()[l];
            for (int i = 0; i < h.length; i++) {
                s += (double) head.weight()[l * h.length + i] * h[i];
            }
            out[l] = (float) s;
        }
        return out;
    }

    /**
     * The position transformers' *ForSequenceClassification pools (4.48 and later): {@code (arange(n) * (ids != pad))
     * .argmax()}, the last token that is not padding, 0 when every token is; the last token when there is no pad id.
     */
    static int pooledPosition(int[] tokens, int pad) {
        if (pad < 0) {
            return tokens.length - 1;
        }
        int best = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] != pad) {
                best = i;
            }
        }
        return best;
    }

    /** The final-norm hidden state of the token at {@code pos}, after a forward pass over the whole sequence. */
    public float[] hidden(int[] tokens, int pos) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty sequence");
        }
        if (c.arch == HfConfig.Arch.GPTNEOX) {
            return neoxHidden(tokens, pos);
        }
        int n = tokens.length;
        int e = c.hiddenSize;
        int hd = c.headDim;
        int nh = c.numHeads;
        int nkv = c.numKvHeads;
        boolean gemma = c.arch == HfConfig.Arch.GEMMA2;
        float[][] x = embed("model.embed_tokens.weight", tokens);
        for (int t = 0; t < n; t++) {
            if (gemma) {
                for (int i = 0; i < e; i++) {
                    x[t][i] = (float) (x[t][i] * Math.sqrt(e));
                }
            }
        }
        double[] invFreq = inverseFrequencies();
        for (int layer = 0; layer < c.numLayers; layer++) {
            String p = "model.layers." + layer + ".";
            float[] inNorm = vec(p + "input_layernorm.weight");
            float[][] q = new float[n][];
            float[][] k = new float[n][];
            float[][] v = new float[n][];
            for (int t = 0; t < n; t++) {
                float[] h = rmsNorm(x[t], inNorm);
                q[t] = linear(p + "self_attn.q_proj", h, c.attentionBias);
                k[t] = linear(p + "self_attn.k_proj", h, c.attentionBias);
                v[t] = linear(p + "self_attn.v_proj", h, c.attentionBias);
                if (c.arch == HfConfig.Arch.QWEN3) {
                    headNorm(q[t], nh, hd, vec(p + "self_attn.q_norm.weight"));
                    headNorm(k[t], nkv, hd, vec(p + "self_attn.k_norm.weight"));
                }
                rotateHalf(q[t], nh, hd, hd, t, invFreq);
                rotateHalf(k[t], nkv, hd, hd, t, invFreq);
            }
            double scale = 1.0 / Math.sqrt(gemma ? c.queryPreAttnScalar : hd);
            boolean sliding = gemma && layer % 2 == 0; // Gemma 2: even layers attend within the window
            for (int t = 0; t < n; t++) {
                float[] att = attend(q, k, v, t, nh, nkv, hd, scale, sliding);
                float[] o = linear(p + "self_attn.o_proj", att, c.attentionBias && c.arch == HfConfig.Arch.LLAMA);
                if (gemma) {
                    o = rmsNorm(o, vec(p + "post_attention_layernorm.weight"));
                }
                for (int i = 0; i < e; i++) {
                    x[t][i] += o[i];
                }
            }
            float[] postNorm = vec(p + (gemma ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight"));
            for (int t = 0; t < n; t++) {
                float[] h = rmsNorm(x[t], postNorm);
                float[] gate = linear(p + "mlp.gate_proj", h, c.mlpBias);
                float[] up = linear(p + "mlp.up_proj", h, c.mlpBias);
                float[] act = new float[gate.length];
                for (int i = 0; i < act.length; i++) {
                    double gi = gate[i];
                    act[i] = (float) ((gemma ? geluTanh(gi) : gi / (1 + Math.exp(-gi))) * up[i]); // act(gate) * up
                }
                float[] down = linear(p + "mlp.down_proj", act, c.mlpBias);
                if (gemma) {
                    down = rmsNorm(down, vec(p + "post_feedforward_layernorm.weight"));
                }
                for (int i = 0; i < e; i++) {
                    x[t][i] += down[i];
                }
            }
        }
        return rmsNorm(x[pos], vec("model.norm.weight"));
    }

    /** GPT-NeoX's forward pass (transformers' GPTNeoXModel; dropout is off at inference). */
    private float[] neoxHidden(int[] tokens, int pos) {
        int n = tokens.length;
        int e = c.hiddenSize;
        int hd = c.headDim;
        int nh = c.numHeads;
        float[][] x = embed("gpt_neox.embed_in.weight", tokens);
        double[] invFreq = new double[c.rotaryDims / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1.0 / Math.pow(c.rope.theta(), (2.0 * i) / c.rotaryDims); // over the rotary dims only
        }
        for (int layer = 0; layer < c.numLayers; layer++) {
            String p = "gpt_neox.layers." + layer + ".";
            float[][] q = new float[n][e];
            float[][] k = new float[n][e];
            float[][] v = new float[n][e];
            for (int t = 0; t < n; t++) {
                float[] qkv = linear(p + "attention.query_key_value", layerNorm(x[t], p + "input_layernorm"),
                        c.attentionBias);
                for (int h = 0; h < nh; h++) { // view(..., heads, 3 * head_size).chunk(3): per head q, k, v
                    System.arraycopy(qkv, h * 3 * hd, q[t], h * hd, hd);
                    System.arraycopy(qkv, h * 3 * hd + hd, k[t], h * hd, hd);
                    System.arraycopy(qkv, h * 3 * hd + 2 * hd, v[t], h * hd, hd);
                }
                rotateHalf(q[t], nh, hd, c.rotaryDims, t, invFreq);
                rotateHalf(k[t], nh, hd, c.rotaryDims, t, invFreq);
            }
            float[][] attnOut = new float[n][];
            for (int t = 0; t < n; t++) {
                attnOut[t] = linear(p + "attention.dense", attend(q, k, v, t, nh, nh, hd, 1.0 / Math.sqrt(hd), false),
                        c.attentionBias);
            }
            for (int t = 0; t < n; t++) {
                float[] mlpIn = x[t];
                if (!c.parallelResidual) { // x = x + attn(ln1(x)); x = x + mlp(ln2(x))
                    mlpIn = add(x[t], attnOut[t]);
                }
                float[] up = linear(p + "mlp.dense_h_to_4h", layerNorm(mlpIn, p + "post_attention_layernorm"), true);
                for (int i = 0; i < up.length; i++) {
                    up[i] = (float) (c.hiddenAct.equals("gelu") ? geluExact(up[i]) : geluTanh(up[i]));
                }
                float[] mlp = linear(p + "mlp.dense_4h_to_h", up, true);
                // parallel: x = x + attn(ln1(x)) + mlp(ln2(x)); sequential: (x + attn) + mlp(ln2(x + attn))
                x[t] = c.parallelResidual ? add(add(x[t], attnOut[t]), mlp) : add(mlpIn, mlp);
            }
        }
        return layerNorm(x[pos], "gpt_neox.final_layer_norm");
    }

    private float[][] embed(String name, int[] tokens) {
        HfTensor embd = ckpt.require(name);
        int e = c.hiddenSize;
        float[][] x = new float[tokens.length][e];
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t] < 0 || tokens[t] >= c.vocabSize) {
                throw new IllegalArgumentException("token " + tokens[t] + " outside the vocabulary");
            }
            embd.read((long) tokens[t] * e, x[t], 0, e);
        }
        return x;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** LayerNorm with {@code name}.weight and .bias (biased variance, eps inside the root). */
    private float[] layerNorm(float[] x, String name) {
        float[] w = vec(name + ".weight");
        float[] b = vec(name + ".bias");
        double mean = 0;
        for (float f : x) {
            mean += f;
        }
        mean /= x.length;
        double var = 0;
        for (float f : x) {
            var += (f - mean) * (f - mean);
        }
        double inv = 1.0 / Math.sqrt(var / x.length + c.normEps);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv * w[i] + b[i]);
        }
        return out;
    }

    /** GELU with the exact erf (transformers' "gelu"). */
    static double geluExact(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, far under the tests' tolerances). */
    static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }

    /** Hugging Face's inv_freq, with the llama3 or linear scaling of the config. */
    double[] inverseFrequencies() {
        int hd = c.headDim;
        HfConfig.Rope r = c.rope;
        double[] f = new double[hd / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1.0 / Math.pow(r.theta(), (2.0 * i) / hd);
            switch (r.type()) {
                case "linear" -> f[i] /= r.factor();
                case "llama3" -> {
                    double lowWavelen = r.originalContext() / r.lowFreqFactor();
                    double highWavelen = r.originalContext() / r.highFreqFactor();
                    double wavelen = 2 * Math.PI / f[i];
                    if (wavelen > lowWavelen) {
                        f[i] = f[i] / r.factor();
                    } else if (wavelen >= highWavelen) {
                        double smooth = (r.originalContext() / wavelen - r.lowFreqFactor())
                                / (r.highFreqFactor() - r.lowFreqFactor());
                        f[i] = (1 - smooth) * f[i] / r.factor() + smooth * f[i];
                    }
                }
                default -> { }
            }
        }
        return f;
    }

    /**
     * Causal softmax attention of query position {@code t} over positions 0..t, per query head, with the KV head it
     * shares (GQA), Gemma 2's soft cap and sliding window.
     */
    private float[] attend(float[][] q, float[][] k, float[][] v, int t, int nh, int nkv, int hd, double scale,
                           boolean sliding) {
        float[] att = new float[nh * hd];
        for (int h = 0; h < nh; h++) {
            int g = h / (nh / nkv); // the KV head this query head shares (GQA)
            double[] s = new double[t + 1];
            double max = Double.NEGATIVE_INFINITY;
            for (int u = 0; u <= t; u++) { // causal: only positions up to t
                if (sliding && t - u >= c.slidingWindow) {
                    s[u] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double d = 0;
                for (int i = 0; i < hd; i++) {
                    d += (double) q[t][h * hd + i] * k[u][g * hd + i];
                }
                s[u] = d * scale;
                if (c.attnSoftcap > 0) {
                    s[u] = Math.tanh(s[u] / c.attnSoftcap) * c.attnSoftcap;
                }
                max = Math.max(max, s[u]);
            }
            double sum = 0;
            for (int u = 0; u <= t; u++) {
                s[u] = Math.exp(s[u] - max);
                sum += s[u];
            }
            for (int i = 0; i < hd; i++) {
                double o = 0;
                for (int u = 0; u <= t; u++) {
                    o += s[u] / sum * v[u][g * hd + i];
                }
                att[h * hd + i] = (float) o;
            }
        }
        return att;
    }

    /**
     * rotate_half RoPE on the first {@code rot} dims of each head: pairs (i, i + rot/2) rotate by pos * invFreq[i];
     * the other dims pass through (GPT-NeoX's partial rotary).
     */
    private static void rotateHalf(float[] v, int heads, int hd, int rot, int pos, double[] invFreq) {
        int half = rot / 2;
        for (int h = 0; h < heads; h++) {
            int b = h * hd;
            for (int i = 0; i < half; i++) {
                double a = pos * invFreq[i];
                double cos = Math.cos(a);
                double sin = Math.sin(a);
                double x1 = v[b + i];
                double x2 = v[b + i + half];
                v[b + i] = (float) (x1 * cos - x2 * sin);
                v[b + i + half] = (float) (x2 * cos + x1 * sin);
            }
        }
    }

    private void headNorm(float[] v, int heads, int hd, float[] w) {
        for (int h = 0; h < heads; h++) {
            double ss = 0;
            for (int i = 0; i < hd; i++) {
                ss += (double) v[h * hd + i] * v[h * hd + i];
            }
            double inv = 1.0 / Math.sqrt(ss / hd + c.normEps);
            for (int i = 0; i < hd; i++) {
                v[h * hd + i] = (float) (w[i] * (v[h * hd + i] * inv));
            }
        }
    }

    /** GELU, tanh approximation (gelu_pytorch_tanh). */
    private static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** RMSNorm; Gemma's weight is applied as (1 + w). */
    private float[] rmsNorm(float[] x, float[] w) {
        double off = c.arch == HfConfig.Arch.GEMMA2 ? 1.0 : 0.0;
        double ss = 0;
        for (float f : x) {
            ss += (double) f * f;
        }
        double inv = 1.0 / Math.sqrt(ss / x.length + c.normEps);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((off + w[i]) * (x[i] * inv));
        }
        return out;
    }

    /** y = W x (+ b) for an HF Linear {@code name}: weight [out, in]. */
    private float[] linear(String name, float[] in, boolean bias) {
        HfTensor w = ckpt.require(name + ".weight");
        int rows = (int) w.dim(0);
        int cols = (int) w.dim(1);
        if (cols != in.length) {
            throw new IllegalStateException(name + ": " + cols + " inputs, given " + in.length);
        }
        float[] b = bias ? vec(name + ".bias") : null;
        float[] row = new float[cols];
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            w.readRow(r, row);
            double s = b == null ? 0 : b[r];
            for (int i = 0; i < cols; i++) {
                s += (double) row[i] * in[i];
            }
            out[r] = (float) s;
        }
        return out;
    }

    private float[] vec(String name) {
        return ckpt.require(name).toFloats();
    }

    @Override
    public void close() {
        if (ownsCheckpoint) {
            ckpt.close();
        }
    }
}
