package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What seal needs from a Hugging Face {@code config.json}, checked: the architecture, the transformer's
 * dimensions, RoPE, and the classification head's labels. A missing or ill-typed required key is a
 * {@link ConvertException} naming config.json and the key.
 */
public final class HfConfig {
    /** The architectures seal converts, and how: the GGUF architecture llama.cpp runs them as. */
    public enum Arch {
        /** Llama and Mistral: GPT-J style RoPE in llama.cpp, so q/k rows are permuted from HF's rotate_half order. */
        LLAMA("llama", true),
        /** Qwen2 / Qwen2.5: q/k/v biases, NEOX (rotate_half) RoPE. */
        QWEN2("qwen2", false),
        /** Qwen3: per-head RMSNorm of q and k, NEOX RoPE, explicit head_dim. */
        QWEN3("qwen3", false),
        /**
         * Gemma 2: embeddings scaled by sqrt(hidden), (1 + w) RMSNorms also after attention and MLP, GELU(tanh) MLP,
         * soft-capped attention logits, a sliding window in every other layer.
         */
        GEMMA2("gemma2", false),
        /**
         * GPT-NeoX (Pythia, OpenAssistant's pythia RMs): LayerNorms with biases, one fused query_key_value projection
         * (per head q, k, v in Hugging Face; regrouped to all q, all k, all v as llama.cpp's converter does), NEOX RoPE
         * on the first rotary_pct of each head, GELU MLP, attention and MLP in parallel (use_parallel_residual) or
         * in sequence.
         */
        GPTNEOX("gptneox", false);

        public final String gguf;
        /** llama.cpp's converter permutes q/k rows for this architecture (LlamaModel.permute). */
        public final boolean permuteQk;

        Arch(String gguf, boolean permuteQk) {
            this.gguf = gguf;
            this.permuteQk = permuteQk;
        }
    }

    /** GPT-NeoX activations seal's gptneox represents: exact GELU, and the tanh approximation under its names. */
    static final List<String> GELUS = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast");

    /** Hugging Face architecture names seal converts, in the order the error message lists them. */
    static final Map<String, Arch> SUPPORTED = new java.util.LinkedHashMap<>();

    static {
        SUPPORTED.put("LlamaForSequenceClassification", Arch.LLAMA);
        SUPPORTED.put("MistralForSequenceClassification", Arch.LLAMA);
        SUPPORTED.put("Qwen2ForSequenceClassification", Arch.QWEN2);
        SUPPORTED.put("Qwen3ForSequenceClassification", Arch.QWEN3);
        SUPPORTED.put("Gemma2ForSequenceClassification", Arch.GEMMA2);
        SUPPORTED.put("GPTNeoXForSequenceClassification", Arch.GPTNEOX);
    }

    /**
     * RoPE as configured: {@code type} "default", "llama3", "linear" or "yarn" (the others are refused).
     *
     * @param factor       scaling factor (llama3, linear, yarn); 1 otherwise
     * @param lowFreqFactor  llama3 only
     * @param highFreqFactor llama3 only
     * @param originalContext llama3 / yarn: original_max_position_embeddings (0 when not given)
     */
    public record Rope(String type, double theta, double factor, double lowFreqFactor, double highFreqFactor,
                       int originalContext) {}

    private final Path file;
    private final JsonNode root;
    public final String hfArchitecture;
    public final Arch arch;
    public final String modelType;
    public final int hiddenSize;
    public final int intermediateSize;
    public final int numLayers;
    public final int numHeads;
    public final int numKvHeads;
    public final int headDim;
    /** True when config.json gives head_dim explicitly (then llama.cpp needs key_length/value_length). */
    public final boolean explicitHeadDim;
    /** The norms' epsilon: rms_norm_eps, or GPT-NeoX's LayerNorm layer_norm_eps. */
    public final double normEps;
    /** Dimensions of each head that RoPE rotates: head_dim, or GPT-NeoX's rotary_pct of it (partial rotary). */
    public final int rotaryDims;
    /** GPT-NeoX: x + attn(ln1(x)) + mlp(ln2(x)) (true) or the two residual steps in sequence (false). */
    public final boolean parallelResidual;
    /** hidden_act (GPT-NeoX: gelu exact or a tanh approximation; the others have one fixed activation). */
    public final String hiddenAct;
    public final Rope rope;
    public final int maxPositions;
    public final int vocabSize;
    public final boolean attentionBias;
    public final boolean mlpBias;
    public final boolean tieWordEmbeddings;
    /** id2label by id, or null when config.json has none. */
    public final List<String> labels;
    /** num_labels, or -1 when absent. */
    public final int numLabels;
    /** pad_token_id / bos_token_id / first eos_token_id, or -1 when absent. */
    public final int padTokenId;
    public final int bosTokenId;
    public final int eosTokenId;
    /** The attention window when the model uses one (Mistral v0.1, Qwen2 with use_sliding_window, Gemma 2), else 0. */
    public final int slidingWindow;
    /** Gemma 2: attention logits are soft-capped at this value (tanh(x / cap) * cap); 0 = none. */
    public final double attnSoftcap;
    /** Gemma 2: the LM head's soft cap (not used by a reward head, but llama.cpp wants the key). */
    public final double finalSoftcap;
    /** Gemma 2: queries are scaled by 1/sqrt(query_pre_attn_scalar). */
    public final double queryPreAttnScalar;

    private HfConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
        JsonNode archs = root.get("architectures");
        if (archs == null || !archs.isArray() || archs.isEmpty() || !archs.get(0).isTextual()) {
            throw ConvertException.in(file, "no \"architectures\" list: cannot tell what model this is");
        }
        hfArchitecture = archs.get(0).asText();
        Arch a = SUPPORTED.get(hfArchitecture);
        if (a == null) {
            String hint = hfArchitecture.endsWith("ForCausalLM")
                    ? " (a language model, not a reward model: it has no score head. Convert it with llama.cpp's"
                    + " convert_hf_to_gguf.py and attach a head with `seal convert --head-from`)"
                    : "";
            throw ConvertException.in(file, "not supported yet: " + hfArchitecture + hint + "; seal convert supports "
                    + String.join(", ", SUPPORTED.keySet()) + ", " + Deberta.HF_ARCH); // DeBERTa: see Deberta
        }
        arch = a;
        modelType = text("model_type", "");
        hiddenSize = requireInt("hidden_size");
        intermediateSize = requireInt("intermediate_size");
        numLayers = requireInt("num_hidden_layers");
        numHeads = requireInt("num_attention_heads");
        numKvHeads = optInt("num_key_value_heads", numHeads);
        explicitHeadDim = root.hasNonNull("head_dim");
        headDim = optInt("head_dim", hiddenSize / numHeads);
        if (!explicitHeadDim && hiddenSize % numHeads != 0) {
            throw ConvertException.in(file, "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numHeads + " and there is no head_dim");
        }
        if (headDim % 2 != 0) {
            throw ConvertException.in(file, "head_dim " + headDim + " is odd: RoPE rotates pairs");
        }
        if (numKvHeads <= 0 || numHeads % numKvHeads != 0) {
            throw ConvertException.in(file, "num_key_value_heads " + numKvHeads + " does not divide num_attention_heads "
                    + numHeads);
        }
        if (arch == Arch.QWEN2 && headDim * numHeads != hiddenSize) {
            throw ConvertException.in(file, "qwen2 needs head_dim * num_attention_heads == hidden_size (llama.cpp's"
                    + " qwen2 layout), got " + headDim + " * " + numHeads + " != " + hiddenSize);
        }
        boolean neox = arch == Arch.GPTNEOX;
        normEps = neox ? optDouble("layer_norm_eps", 1e-5) : requireDouble("rms_norm_eps");
        maxPositions = optInt("max_position_embeddings", 4096);
        vocabSize = requireInt("vocab_size");
        // GPT-NeoX's attention_bias (transformers >= 4.48, default true) covers query_key_value and dense
        attentionBias = arch == Arch.QWEN2 || optBool("attention_bias", neox);
        if (attentionBias && (arch == Arch.QWEN3 || arch == Arch.GEMMA2)) {
            throw ConvertException.in(file, "attention_bias true: llama.cpp's " + arch.gguf + " has no attention output"
                    + " bias, so this model cannot be represented");
        }
        mlpBias = optBool("mlp_bias", false);
        tieWordEmbeddings = optBool("tie_word_embeddings", false);
        String act = arch == Arch.GEMMA2 ? text("hidden_activation", text("hidden_act", "gelu_pytorch_tanh"))
                : text("hidden_act", neox ? "gelu" : "silu");
        boolean known = switch (arch) {
            case GEMMA2 -> act.equals("gelu_pytorch_tanh") || act.equals("gelu_tanh");
            // exact GELU through seal's llama.cpp patch (seal.ffn.gelu_erf), the others as llama.cpp's tanh GELU
            case GPTNEOX -> GELUS.contains(act);
            default -> act.equals("silu") || act.equals("swish");
        };
        if (!known) {
            throw ConvertException.in(file, "hidden_act '" + act + "' is not supported (" + switch (arch) {
                case GEMMA2 -> "Gemma 2 uses gelu_pytorch_tanh";
                case GPTNEOX -> "llama.cpp's gptneox applies GELU: one of " + GELUS;
                default -> "Llama/Qwen use silu";
            } + ")");
        }
        hiddenAct = act;
        parallelResidual = neox && optBool("use_parallel_residual", true);
        rope = parseRope();
        double rotaryPct = !neox ? 1.0 : root.hasNonNull("rotary_pct") ? root.get("rotary_pct").asDouble()
                : root.path("rope_parameters").hasNonNull("partial_rotary_factor")
                ? root.get("rope_parameters").get("partial_rotary_factor").asDouble()
                : root.hasNonNull("partial_rotary_factor") ? root.get("partial_rotary_factor").asDouble() : 1.0;
        // transformers: int(head_size * rotary_pct); llama.cpp's converter writes the same
        rotaryDims = (int) (headDim * rotaryPct);
        if (rotaryPct <= 0 || rotaryPct > 1 || rotaryDims % 2 != 0) {
            throw ConvertException.in(file, "rotary_pct " + rotaryPct + " gives " + rotaryDims + " rotary dimensions of"
                    + " head_dim " + headDim + ": RoPE needs an even number in 2.." + headDim);
        }
        labels = parseLabels();
        numLabels = optInt("num_labels", labels == null ? -1 : labels.size());
        padTokenId = optInt("pad_token_id", -1);
        bosTokenId = optInt("bos_token_id", -1);
        JsonNode eos = root.get("eos_token_id");
        eosTokenId = eos != null && eos.isArray() && !eos.isEmpty() ? eos.get(0).asInt(-1)
                : eos != null && eos.isIntegralNumber() ? eos.asInt() : -1;
        int window = 0;
        JsonNode sw = root.get("sliding_window");
        boolean uses = arch == Arch.LLAMA ? sw != null && sw.isIntegralNumber() : optBool("use_sliding_window", false);
        if (uses && sw != null && sw.isIntegralNumber()) {
            window = sw.asInt();
        }
        if (arch == Arch.GEMMA2) {
            window = optInt("sliding_window", 4096);
            JsonNode cap = root.get("attn_logit_softcapping");
            if (cap == null || cap.isNull()) {
                throw ConvertException.in(file, "attn_logit_softcapping is null: llama.cpp always soft-caps Gemma 2's"
                        + " attention logits, so a model trained without it cannot be represented");
            }
            attnSoftcap = cap.asDouble();
            JsonNode fcap = root.get("final_logit_softcapping");
            finalSoftcap = fcap == null || fcap.isNull() ? 30.0 : fcap.asDouble();
            queryPreAttnScalar = root.hasNonNull("query_pre_attn_scalar") ? root.get("query_pre_attn_scalar").asDouble()
                    : headDim;
            // llama.cpp does not read query_pre_attn_scalar: it scales by hidden/heads for the 46-layer 27B, else
            // by head_dim (gemma2.cpp); a model that differs cannot be represented
            double llamaCpp = numLayers == 46 ? (double) hiddenSize / numHeads : headDim;
            if (Math.abs(queryPreAttnScalar - llamaCpp) > 1e-6) {
                throw ConvertException.in(file, "query_pre_attn_scalar " + queryPreAttnScalar + " but llama.cpp's gemma2"
                        + " scales queries by 1/sqrt(" + llamaCpp + ") for a " + numLayers + "-layer model");
            }
        } else {
            attnSoftcap = 0;
            finalSoftcap = 0;
            queryPreAttnScalar = headDim;
        }
        slidingWindow = window;
    }

    public static HfConfig read(Path folder) throws IOException {
        Path f = folder.resolve("config.json");
        return new HfConfig(f, Json.readObject(f));
    }

    public Path file() {
        return file;
    }

    /** The raw JSON. */
    public JsonNode json() {
        return root;
    }

    private Rope parseRope() {
        // transformers 5 writes rope_parameters (with rope_theta inside); 4.x writes rope_theta and rope_scaling
        JsonNode p = root.get("rope_parameters");
        if (p == null || p.isNull()) {
            p = root.get("rope_scaling");
        }
        if (p != null && p.has("full_attention")) {
            p = p.get("full_attention");
        }
        double theta = p != null && p.hasNonNull("rope_theta") ? p.get("rope_theta").asDouble()
                : root.hasNonNull("rope_theta") ? root.get("rope_theta").asDouble()
                : root.hasNonNull("rotary_emb_base") ? root.get("rotary_emb_base").asDouble() : 10000.0;
        if (p == null || p.isNull()) {
            return new Rope("default", theta, 1, 1, 1, 0);
        }
        String type = p.hasNonNull("rope_type") ? p.get("rope_type").asText()
                : p.hasNonNull("type") ? p.get("type").asText() : "default";
        double factor = p.hasNonNull("factor") ? p.get("factor").asDouble() : 1.0;
        int orig = p.hasNonNull("original_max_position_embeddings") ? p.get("original_max_position_embeddings").asInt()
                : root.hasNonNull("original_max_position_embeddings") ? root.get("original_max_position_embeddings").asInt() : 0;
        if (arch != Arch.GPTNEOX && p.hasNonNull("partial_rotary_factor")
                && p.get("partial_rotary_factor").asDouble() != 1.0) {
            throw ConvertException.in(file, "partial_rotary_factor " + p.get("partial_rotary_factor") + " is not supported");
        }
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "default" -> new Rope("default", theta, 1, 1, 1, 0);
            case "llama3" -> new Rope("llama3", theta, p.hasNonNull("factor") ? factor : 8.0,
                    p.hasNonNull("low_freq_factor") ? p.get("low_freq_factor").asDouble() : 1.0,
                    p.hasNonNull("high_freq_factor") ? p.get("high_freq_factor").asDouble() : 4.0,
                    orig > 0 ? orig : 8192);
            case "linear" -> new Rope("linear", theta, factor, 1, 1, 0);
            case "yarn" -> {
                if (orig <= 0) {
                    throw ConvertException.in(file, "rope_scaling yarn without original_max_position_embeddings");
                }
                yield new Rope("yarn", theta, factor, 1, 1, orig);
            }
            default -> throw ConvertException.in(file, "rope type '" + type + "' is not supported yet (seal converts"
                    + " default, llama3, linear and yarn RoPE)");
        };
    }

    private List<String> parseLabels() {
        JsonNode m = root.get("id2label");
        if (m == null || !m.isObject() || m.isEmpty()) {
            return null;
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw ConvertException.in(file, "id2label key '" + e.getKey() + "' is not an integer");
            }
            byId.put(id, e.getValue().asText());
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            throw ConvertException.in(file, "id2label ids must be 0.." + (byId.size() - 1) + ", got " + byId.keySet());
        }
        return new ArrayList<>(byId.values());
    }

    private String text(String key, String dflt) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? dflt : n.asText();
    }

    private int requireInt(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw ConvertException.in(file, "missing \"" + key + "\"");
        }
        if (!n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
            throw ConvertException.in(file, "\"" + key + "\" must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    private int optInt(String key, int dflt) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber()) {
            throw ConvertException.in(file, "\"" + key + "\" must be an integer, got " + n);
        }
        return n.asInt();
    }

    private double optDouble(String key, double dflt) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw ConvertException.in(file, "\"" + key + "\" must be a number, got " + n);
        }
        return n.asDouble();
    }

    private double requireDouble(String key) {
        if (!root.hasNonNull(key)) {
            throw ConvertException.in(file, "missing \"" + key + "\"");
        }
        return optDouble(key, Double.NaN);
    }

    private boolean optBool(String key, boolean dflt) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? dflt : n.asBoolean();
    }
}
