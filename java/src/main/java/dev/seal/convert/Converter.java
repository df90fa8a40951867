package dev.seal.convert;

import dev.seal.io.AtomicFiles;
import dev.seal.engine.Model;
import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code seal convert}: a Hugging Face reward model folder (config.json, safetensors, tokenizer files) to a GGUF that
 * seal scores with, in llama.cpp's layout for the architecture, with the score head in {@code seal.reward.*}.
 *
 * <p>F32, F16 and BF16 are written directly, streaming from the memory-mapped safetensors (1-D tensors stay F32, as
 * llama.cpp's converter keeps them). Any other type goes through llama.cpp's own quantizer: the model is first written
 * losslessly (BF16 or F16 when every weight already is, else F32) to a temporary file next to the output, then
 * quantized to another temporary file, which is renamed onto the output. Either way the output appears complete or
 * not at all, and the temporaries are removed.
 */
public final class Converter {
    /** Types written directly. */
    static final List<String> DIRECT = List.of("f32", "f16", "bf16");
    /** Types llama.cpp's quantizer makes (seal_model_quantize's list). */
    static final List<String> QUANTIZED = List.of("q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q2_k", "q3_k_s", "q3_k_m",
            "q3_k_l", "q4_k_s", "q4_k_m", "q5_k_s", "q5_k_m", "q6_k");

    /**
     * @param type    output type (see {@link #DIRECT} and {@link #QUANTIZED}), case-insensitive
     * @param threads quantizer threads, 0 = all cores
     * @param name    general.name, or null for the folder's name
     * @param log     progress lines (null for none)
     */
    public record Options(String type, int threads, String name, Consumer<String> log) {
        public static Options of(String type) {
            return new Options(type, 0, null, null);
        }
    }

    /** What was written. */
    public record Report(Path out, String hfArchitecture, String ggufArchitecture, String type, int nLabels,
                         List<String> labels, TokenizerConverter.Result tokenizer, long tensorBytes, List<String> notes) {}

    /** seal's GGUF key for an MLP with the exact (erf) GELU (native/patches/0002-gptneox-reward-model.patch). */
    static final String GELU_ERF = "seal.ffn.gelu_erf";

    private Converter() {}

    /** Normalizes and checks a type name before any work is done. */
    static String checkType(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (!DIRECT.contains(t) && !QUANTIZED.contains(t)) {
            throw new ConvertException("unknown --type '" + type + "' (known: " + String.join(", ", DIRECT) + ", "
                    + String.join(", ", QUANTIZED) + ")");
        }
        return t;
    }

    public static Report convert(Path folder, Path out, Options o) throws IOException {
        String type = checkType(o.type());
        Consumer<String> log = o.log() == null ? s -> { } : o.log();
        if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(folder.toString());
        }
        Path outDir = out.toAbsolutePath().getParent();
        if (outDir == null || !Files.isDirectory(outDir)) {
            throw new ConvertException("--out " + out + ": the directory " + outDir + " does not exist");
        }
        if (Deberta.is(folder)) {
            return convertDeberta(folder, out, type, o, log);
        }
        HfConfig config = HfConfig.read(folder);
        log.accept("config     " + config.hfArchitecture + " -> " + config.arch.gguf + ": " + config.numLayers
                + " layers, hidden " + config.hiddenSize + ", heads " + config.numHeads + "/" + config.numKvHeads
                + " x " + config.headDim + ", ff " + config.intermediateSize + ", vocab " + config.vocabSize
                + ", rope " + config.rope.type() + " theta " + config.rope.theta());
        TokenizerConverter.Result tok = TokenizerConverter.convert(folder, config);
        log.accept("tokenizer  " + tok.model() + ", pre '" + tok.pre() + "' (by " + tok.preFrom() + "), "
                + tok.nTokens() + " tokens, BOS " + tok.bos() + (tok.addBos() ? " (added)" : "") + ", EOS " + tok.eos()
                + (tok.addEos() ? " (added)" : "") + ", chat template " + (tok.hasChatTemplate() ? "yes" : "no"));
        List<String> notes = new ArrayList<>(tok.notes());
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            ModelLayout layout = ModelLayout.plan(config, ckpt);
            notes.addAll(layout.notes());
            if (config.padTokenId >= 0 && config.padTokenId == tok.eos()) {
                notes.add("pad_token_id " + config.padTokenId + " is also EOS: as transformers, seal pools the last token"
                        + " that is not padding, so a text ending in EOS is scored at the token before its EOS");
            }
            log.accept("weights    " + ckpt.files().size() + " safetensors file(s), " + layout.tensors().size()
                    + " tensors, head " + layout.head().nLabels() + " x " + layout.head().hidden()
                    + (layout.head().bias() != null ? " + bias" : ""));
            GgmlType direct = directType(type, layout.tensors());
            GgufStreamWriter w = build(layout, tok.keys(), direct, name(folder, o));
            long bytes = emit(w, out, type, direct, o.threads(), log);
            return new Report(out, config.hfArchitecture, config.arch.gguf, type, layout.head().nLabels(),
                    layout.head().labels(), tok, bytes, List.copyOf(notes));
        }
    }

    /** DebertaV2ForSequenceClassification: the encoder and its classifier head in seal's deberta-v2 architecture. */
    private static Report convertDeberta(Path folder, Path out, String type, Options o, Consumer<String> log)
            throws IOException {
        Deberta.Config c = Deberta.Config.read(folder);
        log.accept("config     " + Deberta.HF_ARCH + " -> " + Deberta.GGUF_ARCH + ": " + c.layers() + " layers, hidden "
                + c.hidden() + ", heads " + c.heads() + " x " + c.headSize() + ", ff " + c.ff() + ", vocab " + c.vocab()
                + ", relative positions " + (c.relative() ? c.buckets() + " buckets over " + c.maxRelative() : "off"));
        TokenizerConverter.Result tok = Deberta.tokenizer(folder, c);
        log.accept("tokenizer  unigram (spm.model), " + tok.nTokens() + " tokens, [CLS] " + tok.bos() + ", [SEP] "
                + tok.eos());
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            List<ModelLayout.Planned> tensors = Deberta.plan(c, ckpt);
            GgmlType direct = directType(type, tensors);
            GgufStreamWriter w = Deberta.build(c, tensors, tok.keys(), direct, name(folder, o));
            long bytes = emit(w, out, type, direct, o.threads(), log);
            return new Report(out, Deberta.HF_ARCH, Deberta.GGUF_ARCH, type, c.labels().size(), c.labels(), tok, bytes,
                    List.of());
        }
    }

    private static String name(Path folder, Options o) {
        return o.name() != null ? o.name() : folder.toAbsolutePath().normalize().getFileName().toString();
    }

    /**
     * Writes the GGUF to out: directly for F32/F16/BF16, else losslessly to a temporary file that llama.cpp's quantizer
     * turns into another, which is renamed onto out. Returns the bytes written.
     */
    private static long emit(GgufStreamWriter w, Path out, String type, GgmlType direct, int threads,
                             Consumer<String> log) throws IOException {
        long bytes;
        if (DIRECT.contains(type)) {
            w.write(out);
            bytes = Files.size(out);
        } else {
            Path tmp = AtomicFiles.tempSibling(out.toAbsolutePath(), "tmp");
            Path qtmp = AtomicFiles.tempSibling(out.toAbsolutePath(), "tmp");
            qtmp.toFile().deleteOnExit();
            try {
                log.accept("writing    " + direct + " intermediate " + tmp.getFileName());
                w.write(tmp);
                log.accept("quantizing to " + type + " with llama.cpp");
                Model.quantize(tmp, qtmp, type, threads);
                AtomicFiles.publish(qtmp, out.toAbsolutePath());
                bytes = Files.size(out);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(qtmp);
            }
        }
        log.accept("wrote      " + out + " (" + type + ", " + String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                + ")");
        return bytes;
    }

    /** The type written directly: the asked one when it is F32/F16/BF16, else the lossless intermediate's. */
    private static GgmlType directType(String type, List<ModelLayout.Planned> tensors) {
        return switch (type) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            case "bf16" -> GgmlType.BF16;
            default -> lossless(tensors);
        };
    }

    /** BF16 or F16 when every weight matrix already is (so the intermediate loses nothing), else F32. */
    static GgmlType lossless(ModelLayout layout) {
        return lossless(layout.tensors());
    }

    static GgmlType lossless(List<ModelLayout.Planned> tensors) {
        SafetensorsFile.DType common = null;
        for (ModelLayout.Planned p : tensors) {
            if (p.vector() || p.source() == null) {
                continue;
            }
            if (common == null) {
                common = p.source().dtype();
            } else if (common != p.source().dtype()) {
                return GgmlType.F32;
            }
        }
        return common == SafetensorsFile.DType.BF16 ? GgmlType.BF16
                : common == SafetensorsFile.DType.F16 ? GgmlType.F16 : GgmlType.F32;
    }

    /** The whole GGUF: general and architecture keys, tokenizer keys, the head, then the tensors. */
    static GgufStreamWriter build(ModelLayout layout, Map<String, GgufValue> tokenizer, GgmlType weights, String name) {
        HfConfig c = layout.config();
        String a = c.arch.gguf;
        GgufStreamWriter w = new GgufStreamWriter();
        putGeneral(w, a, name, weights);
        w.put(a + ".vocab_size", GgufValue.uint32(c.vocabSize));
        w.put(a + ".context_length", GgufValue.uint32(c.maxPositions));
        w.put(a + ".embedding_length", GgufValue.uint32(c.hiddenSize));
        w.put(a + ".block_count", GgufValue.uint32(c.numLayers));
        w.put(a + ".feed_forward_length", GgufValue.uint32(c.intermediateSize));
        w.put(a + ".attention.head_count", GgufValue.uint32(c.numHeads));
        w.put(a + ".attention.head_count_kv", GgufValue.uint32(c.numKvHeads));
        if (c.arch == HfConfig.Arch.GPTNEOX) {
            // LayerNorm rather than RMSNorm, and the residual layout (conversion/gptneox.py writes the same keys)
            w.put(a + ".attention.layer_norm_epsilon", GgufValue.float32((float) c.normEps));
            w.put(a + ".use_parallel_residual", GgufValue.bool(c.parallelResidual));
            // exact GELU (Pythia's "gelu"), which seal's llama.cpp patch 0002 computes; otherwise llama.cpp's tanh
            // approximation, which is what gelu_new / gelu_fast / gelu_pytorch_tanh are
            w.put(GELU_ERF, GgufValue.bool(c.hiddenAct.equals("gelu")));
        } else {
            w.put(a + ".attention.layer_norm_rms_epsilon", GgufValue.float32((float) c.normEps));
        }
        w.put(a + ".rope.freq_base", GgufValue.float32((float) c.rope.theta()));
        w.put(a + ".rope.dimension_count", GgufValue.uint32(c.rotaryDims));
        if (c.arch == HfConfig.Arch.GEMMA2) {
            w.put(a + ".attn_logit_softcapping", GgufValue.float32((float) c.attnSoftcap));
            w.put(a + ".final_logit_softcapping", GgufValue.float32((float) c.finalSoftcap));
            w.put(a + ".attention.sliding_window", GgufValue.uint32(c.slidingWindow));
        }
        if (c.explicitHeadDim || c.arch == HfConfig.Arch.GEMMA2) {
            w.put(a + ".attention.key_length", GgufValue.uint32(c.headDim));
            w.put(a + ".attention.value_length", GgufValue.uint32(c.headDim));
        }
        switch (c.rope.type()) {
            case "linear" -> {
                w.put(a + ".rope.scaling.type", GgufValue.string("linear"));
                w.put(a + ".rope.scaling.factor", GgufValue.float32((float) c.rope.factor()));
            }
            case "yarn" -> {
                w.put(a + ".rope.scaling.type", GgufValue.string("yarn"));
                w.put(a + ".rope.scaling.factor", GgufValue.float32((float) c.rope.factor()));
                w.put(a + ".rope.scaling.original_context_length", GgufValue.uint32(c.rope.originalContext()));
            }
            default -> { } // default: nothing; llama3: the rope_freqs tensor
        }
        tokenizer.forEach(w::put);
        putHead(w, layout.head(), c.padTokenId >= 0 && c.padTokenId < c.vocabSize ? c.padTokenId : -1);
        for (ModelLayout.Planned p : layout.tensors()) {
            GgmlType t = TensorData.typeOf(p, weights);
            w.addTensor(p.gguf(), p.ne(), t, TensorData.source(p, t));
        }
        return w;
    }

    /** general.architecture, general.name and general.file_type (the lossless weight type written). */
    static void putGeneral(GgufStreamWriter w, String arch, String name, GgmlType weights) {
        w.put("general.architecture", GgufValue.string(arch));
        w.put("general.name", GgufValue.string(name));
        w.put("general.file_type", GgufValue.uint32(switch (weights) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException(weights.toString());
        }));
    }

    /** The seal.reward.* keys the engine reads; {@code padTokenId} -1 for none (the last token is pooled). */
    static void putHead(GgufStreamWriter w, ModelLayout.Head h, int padTokenId) {
        if (padTokenId >= 0) {
            w.put(HeadAttacher.KEY_PAD, GgufValue.uint32(padTokenId));
        } else {
            w.metadata().remove(HeadAttacher.KEY_PAD);
        }
        w.put(HeadAttacher.KEY_WEIGHT, GgufValue.float32Array(h.weight()));
        if (h.bias() != null) {
            w.put(HeadAttacher.KEY_BIAS, GgufValue.float32Array(h.bias()));
        } else {
            w.metadata().remove(HeadAttacher.KEY_BIAS);
        }
        if (h.labels() != null) {
            w.put(HeadAttacher.KEY_LABELS, GgufValue.stringArray(h.labels()));
        } else {
            w.metadata().remove(HeadAttacher.KEY_LABELS);
        }
    }
}
