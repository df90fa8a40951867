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
 * 1/sqrt(query_pre_attn_scalar)), and the score head on the final-norm hidden state of the last token. It is slow (every weight is read per
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

    /** The rewards (one per label) of a token sequence: the score head on the last token's final-norm state. */
    public float[] score(int[] tokens) {
        float[] h = lastHidden(tokens);
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

    /** The final-norm hidden state of the last token. */
    public float[] lastHidden(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty sequence");
        }
        int n = tokens.length;
        int e = c.hiddenSize;
        int hd = c.headDim;
        int nh = c.numHeads;
        int nkv = c.numKvHeads;
        boolean gemma = c.arch == HfConfig.Arch.GEMMA2;
        HfTensor embd = ckpt.require("model.embed_tokens.weight");
        float[][] x = new float[n][e];
        for (int t = 0; t < n; t++) {
            if (tokens[t] < 0 || tokens[t] >= c.vocabSize) {
                throw new IllegalArgumentException("token " + tokens[t] + " outside the vocabulary");
            }
            embd.read((long) tokens[t] * e, x[t], 0, e);
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
                rotateHalf(q[t], nh, hd, t, invFreq);
                rotateHalf(k[t], nkv, hd, t, invFreq);
            }
            double scale = 1.0 / Math.sqrt(gemma ? c.queryPreAttnScalar : hd);
            boolean sliding = gemma && layer % 2 == 0; // Gemma 2: even layers attend within the window
            for (int t = 0; t < n; t++) {
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
        return rmsNorm(x[n - 1], vec("model.norm.weight"));
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

    /** rotate_half RoPE: pairs (i, i + d/2) of each head rotate by pos * invFreq[i]. */
    private static void rotateHalf(float[] v, int heads, int hd, int pos, double[] invFreq) {
        int half = hd / 2;
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
            double inv = 1.0 / Math.sqrt(ss / hd + c.rmsNormEps);
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
        double inv = 1.0 / Math.sqrt(ss / x.length + c.rmsNormEps);
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
