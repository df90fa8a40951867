package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A naive forward pass of a Hugging Face {@code DebertaV2ForSequenceClassification} (DeBERTa-v2 and -v3), written
 * from transformers' modeling_deberta_v2 and kept in its shape, in float32 storage with double accumulation, for one
 * sequence, reading the Hugging Face tensors directly:
 * <ul>
 * <li>word embeddings, LayerNorm (no absolute positions: {@code position_biased_input} false, no token types);</li>
 * <li>per layer, disentangled self-attention: content-to-content {@code Q K^T}, plus content-to-position
 * {@code Q Kr^T} gathered at {@code clamp(r(q, k) + span)} and position-to-content {@code K Qr^T} gathered at
 * {@code clamp(-r(k, q) + span)} and transposed, where {@code r} is the log-bucketed relative position
 * ({@link #bucket}) and {@code Kr}/{@code Qr} are the relative embeddings (LayerNorm'd when {@code norm_rel_ebd} says
 * layer_norm) through the key/query projections ({@code share_att_key}) or their own; every term divided by
 * {@code sqrt(head_size * (1 + number of position terms))}; softmax over all keys (no causal mask);</li>
 * <li>attention output dense + residual + LayerNorm, intermediate dense + GELU, output dense + residual +
 * LayerNorm (post-norm, as BERT);</li>
 * <li>ContextPooler (dense + {@code pooler_hidden_act} on the first token) and the classifier.</li>
 * </ul>
 * It is the yardstick the converted GGUF is scored against. {@link Mutation}s break one distinctive part each, so the
 * tests can show that the comparison notices it.
 */
final class DebertaReference implements AutoCloseable {
    /** A deliberate error in one part of the model (tests only show that a comparison would catch it). */
    enum Mutation {
        NONE,
        /** Leave out the content-to-position term. */
        NO_C2P,
        /** Leave out the position-to-content term. */
        NO_P2C,
        /** Relative positions clamped linearly instead of log-bucketed. */
        LINEAR_BUCKETS,
        /** tanh as the pooler activation, whatever the config says. */
        TANH_POOLER
    }

    /** What the forward pass reads from config.json, with transformers' defaults. */
    record Config(int vocab, int hidden, int layers, int heads, int headSize, int ff, double eps, String hiddenAct,
                  boolean relativeAttention, boolean c2p, boolean p2c, int buckets, int maxRelative,
                  boolean shareAttKey, boolean normRelEmbeddings, int poolerHidden, String poolerAct, int nLabels) {
        /** The number of relative embeddings on each side ({@code pos_ebd_size}): the buckets when bucketing, else the
         * maximum relative distance. */
        int span() {
            return buckets > 0 ? buckets : maxRelative;
        }

        /** {@code scale_factor}: 1 plus one for each position term the config names. */
        int scaleFactor() {
            return 1 + (c2p ? 1 : 0) + (p2c ? 1 : 0);
        }

        static Config of(JsonNode j, Path file) {
            int hidden = j.path("hidden_size").asInt(768);
            int heads = j.path("num_attention_heads").asInt(12);
            List<String> posAtt = new ArrayList<>();
            JsonNode pa = j.get("pos_att_type");
            if (pa != null && pa.isArray()) {
                pa.forEach(n -> posAtt.add(n.asText().trim().toLowerCase(Locale.ROOT)));
            } else if (pa != null && pa.isTextual()) {
                for (String s : pa.asText().toLowerCase(Locale.ROOT).split("\\|")) {
                    posAtt.add(s.trim());
                }
            }
            int maxRel = j.path("max_relative_positions").asInt(-1);
            if (maxRel < 1) {
                maxRel = j.path("max_position_embeddings").asInt(512);
            }
            if (j.path("position_biased_input").asBoolean(true) || j.path("type_vocab_size").asInt(0) > 0
                    || j.path("conv_kernel_size").asInt(0) > 0
                    || j.path("embedding_size").asInt(hidden) != hidden) {
                throw new UnsupportedOperationException(file + ": the reference implements DeBERTa-v3's shape only"
                        + " (position_biased_input false, no token types, no conv layer, embedding_size = hidden)");
            }
            List<String> norm = List.of(j.path("norm_rel_ebd").asText("none").toLowerCase(Locale.ROOT).split("\\|"));
            int labels = j.has("id2label") ? j.get("id2label").size() : j.path("num_labels").asInt(2);
            return new Config(j.path("vocab_size").asInt(), hidden, j.path("num_hidden_layers").asInt(12), heads,
                    j.path("attention_head_size").asInt(hidden / heads), j.path("intermediate_size").asInt(3072),
                    j.path("layer_norm_eps").asDouble(1e-7), j.path("hidden_act").asText("gelu"),
                    j.path("relative_attention").asBoolean(false), posAtt.contains("c2p"), posAtt.contains("p2c"),
                    j.path("position_buckets").asInt(-1), maxRel, j.path("share_att_key").asBoolean(false),
                    norm.stream().anyMatch(s -> s.trim().equals("layer_norm")),
                    j.path("pooler_hidden_size").asInt(hidden), j.path("pooler_hidden_act").asText("gelu"), labels);
        }
    }

    private final Config c;
    private final Checkpoint ckpt;
    private final Mutation mutation;

    private DebertaReference(Config c, Checkpoint ckpt, Mutation mutation) {
        this.c = c;
        this.ckpt = ckpt;
        this.mutation = mutation;
    }

    static DebertaReference open(Path folder, Mutation mutation) throws IOException {
        Path f = folder.resolve("config.json");
        return new DebertaReference(Config.of(Json.readObject(f), f), Checkpoint.open(folder), mutation);
    }

    Config config() {
        return c;
    }

    /**
     * transformers' {@code make_log_bucket_position} for one relative position: within {@code mid = buckets / 2} of
     * zero the position itself, beyond it {@code sign * (ceil(log(|r| / mid) / log((max - 1) / mid) * (mid - 1)) +
     * mid)}, computed in float32 as torch does (the ceiling makes the rounding matter).
     */
    static int bucket(int rel, int buckets, int maxPosition) {
        int mid = buckets / 2;
        int abs = Math.abs(rel);
        if (abs <= mid) {
            return rel;
        }
        float ratio = (float) abs / (float) mid;
        float num = (float) Math.log(ratio);
        float den = (float) Math.log((float) (maxPosition - 1) / (float) mid);
        float logPos = (float) Math.ceil(num / den * (float) (mid - 1)) + mid;
        return (int) (Math.signum(rel) * logPos);
    }

    /** {@code build_relative_position}: r[q][k] = bucket(q - k), or q - k itself when there are no buckets. */
    int[][] relativePositions(int n) {
        int[][] r = new int[n][n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                int d = q - k;
                if (mutation == Mutation.LINEAR_BUCKETS) {
                    r[q][k] = d;
                } else {
                    r[q][k] = c.buckets() > 0 && c.maxRelative() > 0 ? bucket(d, c.buckets(), c.maxRelative()) : d;
                }
            }
        }
        return r;
    }

    /** The logits of a token sequence: the classifier on the pooled first token. */
    float[] score(int[] tokens) {
        float[] pooled = linear("pooler.dense", encode(tokens)[0]);
        String act = mutation == Mutation.TANH_POOLER ? "tanh" : c.poolerAct();
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) activation(act, pooled[i]);
        }
        return linear("classifier", pooled);
    }

    /** The last layer's hidden states, one row per token. */
    float[][] encode(int[] tokens) {
        int n = tokens.length;
        if (n == 0) {
            throw new IllegalArgumentException("empty sequence");
        }
        int e = c.hidden();
        HfTensor embd = ckpt.require("deberta.embeddings.word_embeddings.weight");
        float[][] x = new float[n][e];
        for (int t = 0; t < n; t++) {
            if (tokens[t] < 0 || tokens[t] >= c.vocab()) {
                throw new IllegalArgumentException("token " + tokens[t] + " outside the vocabulary");
            }
            embd.read((long) tokens[t] * e, x[t], 0, e);
            x[t] = layerNorm(x[t], "deberta.embeddings.LayerNorm");
        }
        float[][] rel = relativeEmbeddings();
        int[][] relPos = relativePositions(n);
        for (int layer = 0; layer < c.layers(); layer++) {
            String p = "deberta.encoder.layer." + layer + ".";
            float[][] att = attention(p + "attention.self.", x, rel, relPos);
            float[][] h = new float[n][];
            for (int t = 0; t < n; t++) {
                h[t] = layerNorm(add(linear(p + "attention.output.dense", att[t]), x[t]), p + "attention.output.LayerNorm");
                float[] mid = linear(p + "intermediate.dense", h[t]);
                for (int i = 0; i < mid.length; i++) {
                    mid[i] = (float) activation(c.hiddenAct(), mid[i]);
                }
                x[t] = layerNorm(add(linear(p + "output.dense", mid), h[t]), p + "output.LayerNorm");
            }
        }
        return x;
    }

    /** The first 2 * span relative embeddings, after the encoder's LayerNorm when norm_rel_ebd asks for it. */
    private float[][] relativeEmbeddings() {
        if (!c.relativeAttention()) {
            return null;
        }
        HfTensor w = ckpt.require("deberta.encoder.rel_embeddings.weight");
        float[][] rel = new float[2 * c.span()][c.hidden()];
        for (int r = 0; r < rel.length; r++) {
            w.readRow(r, rel[r]);
            if (c.normRelEmbeddings()) {
                rel[r] = layerNorm(rel[r], "deberta.encoder.LayerNorm");
            }
        }
        return rel;
    }

    /** DisentangledSelfAttention for every token: the context rows (heads concatenated). */
    private float[][] attention(String p, float[][] x, float[][] rel, int[][] relPos) {
        int n = x.length;
        int nh = c.heads();
        int d = c.headSize();
        float[][] q = new float[n][];
        float[][] k = new float[n][];
        float[][] v = new float[n][];
        for (int t = 0; t < n; t++) {
            q[t] = linear(p + "query_proj", x[t]);
            k[t] = linear(p + "key_proj", x[t]);
            v[t] = linear(p + "value_proj", x[t]);
        }
        boolean c2p = c.relativeAttention() && c.c2p() && mutation != Mutation.NO_C2P;
        boolean p2c = c.relativeAttention() && c.p2c() && mutation != Mutation.NO_P2C;
        int span = c.span();
        float[][] posKey = null;
        float[][] posQuery = null;
        if (c2p || p2c) {
            posKey = new float[rel.length][];
            posQuery = new float[rel.length][];
            for (int r = 0; r < rel.length; r++) {
                posKey[r] = linear(p + (c.shareAttKey() ? "key_proj" : "pos_key_proj"), rel[r]);
                posQuery[r] = linear(p + (c.shareAttKey() ? "query_proj" : "pos_query_proj"), rel[r]);
            }
        }
        double scale = Math.sqrt((double) d * c.scaleFactor());
        float[][] out = new float[n][nh * d];
        for (int h = 0; h < nh; h++) {
            int o = h * d;
            // the position terms over every relative bucket first, then gathered, as transformers does
            double[][] c2pAll = c2p ? products(q, posKey, o, d) : null; // [query][bucket]
            double[][] p2cAll = p2c ? products(k, posQuery, o, d) : null; // [key][bucket]
            for (int i = 0; i < n; i++) {
                double[] s = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double sc = dot(q[i], k[j], o, d);
                    if (c2p) {
                        sc += c2pAll[i][clamp(relPos[i][j] + span, 2 * span)];
                    }
                    if (p2c) {
                        sc += p2cAll[j][clamp(-relPos[j][i] + span, 2 * span)];
                    }
                    s[j] = sc / scale;
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int a = 0; a < d; a++) {
                    double acc = 0;
                    for (int j = 0; j < n; j++) {
                        acc += s[j] / sum * v[j][o + a];
                    }
                    out[i][o + a] = (float) acc;
                }
            }
        }
        return out;
    }

    /** rows[i] . other[r] over one head's slice, for every i and r. */
    private static double[][] products(float[][] rows, float[][] other, int o, int d) {
        double[][] p = new double[rows.length][other.length];
        for (int i = 0; i < rows.length; i++) {
            for (int r = 0; r < other.length; r++) {
                p[i][r] = dot(rows[i], other[r], o, d);
            }
        }
        return p;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    private static double dot(float[] a, float[] b, int o, int d) {
        double s = 0;
        for (int i = o; i < o + d; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[] add(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    /** transformers' ACT2FN for the names DeBERTa configs use. */
    static double activation(String name, double x) {
        return switch (name) {
            case "gelu" -> 0.5 * x * erfc(-x / Math.sqrt(2));
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" ->
                    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case "tanh" -> Math.tanh(x);
            case "relu" -> Math.max(0, x);
            case "linear", "identity" -> x;
            default -> throw new UnsupportedOperationException("activation '" + name + "'");
        };
    }

    /**
     * The complementary error function, from the Chebyshev fit of Numerical Recipes (erfcc): fractional error below
     * 1.2e-7 everywhere, far inside the tolerances it is compared at.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** LayerNorm with the weight and bias under {@code name}: (x - mean) / sqrt(var + eps) * w + b. */
    private float[] layerNorm(float[] x, String name) {
        float[] w = ckpt.require(name + ".weight").toFloats();
        float[] b = ckpt.require(name + ".bias").toFloats();
        double mean = IntStream.range(0, x.length).mapToDouble(i -> x[i]).average().orElseThrow();
        double var = IntStream.range(0, x.length).mapToDouble(i -> (x[i] - mean) * (x[i] - mean)).average().orElseThrow();
        double inv = 1 / Math.sqrt(var + c.eps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv * w[i] + b[i]);
        }
        return out;
    }

    /** y = W x + b for an HF Linear {@code name} (weight [out, in]; every DeBERTa Linear has a bias). */
    private float[] linear(String name, float[] in) {
        HfTensor w = ckpt.require(name + ".weight");
        if (w.dim(1) != in.length) {
            throw new IllegalStateException(name + ": " + w.dim(1) + " inputs, given " + in.length);
        }
        float[] b = ckpt.require(name + ".bias").toFloats();
        float[] row = new float[in.length];
        float[] out = new float[(int) w.dim(0)];
        for (int r = 0; r < out.length; r++) {
            w.readRow(r, row);
            double s = b[r];
            for (int i = 0; i < row.length; i++) {
                s += (double) row[i] * in[i];
            }
            out[r] = (float) s;
        }
        return out;
    }

    @Override
    public void close() {
        ckpt.close();
    }
}
