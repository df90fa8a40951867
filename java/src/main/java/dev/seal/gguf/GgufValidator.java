package dev.seal.gguf;

import dev.seal.gguf.GgufValidationException.Field;
import dev.seal.gguf.GgufValidationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a GGUF file in Java before any native code sees it. llama.cpp's loader has had a run of size-overflow bugs
 * (CVE-2025-53630 and later) and many of its internal checks {@code abort()}, which would take the JVM down with it;
 * a model file from the internet is untrusted input. {@link #validate} refuses, with a
 * {@link GgufValidationException} naming the field and the reason:
 *
 * <ul>
 *   <li><b>structure</b> (one bounded streaming pass, see {@link GgufValidatorScan}): magic, version 2 or 3, tensor
 *       and key/value counts against the file size and {@link Limits}; each key non-empty, valid UTF-8, unique, at
 *       most 65535 bytes; value type ids; string lengths and array length x element size against the bytes left
 *       (overflow-safe), no nested arrays; {@code general.alignment} a UINT32 power of two; tensor names unique, 1 to
 *       63 bytes, UTF-8; at most 4 dims, none negative, element count and byte size without int64 overflow; known
 *       ggml type ids, ne0 a multiple of the block size; offsets aligned, every tensor's data inside the file, no two
 *       overlapping, and each at the padded running offset ggml's layout requires;</li>
 *   <li><b>what llama.cpp would abort or misread on</b>, when the scope is {@link Scope#FULL}: a string
 *       {@code general.architecture}; UINT32 {@code <arch>.context_length}, {@code .embedding_length} and
 *       {@code .block_count} (1..512, a GGML_ASSERT otherwise); head counts of the type llama.cpp reads, n_head
 *       dividing n_embd (unless a key length is given) and n_head_kv dividing n_head; expert counts within
 *       GGML_ASSERT's bounds; a known rope scaling type; {@code token_embd.weight}'s row length = n_embd;</li>
 *   <li><b>the tokenizer</b>: {@code tokenizer.ggml.tokens} a string array, scores and token types of the right types
 *       and at least as long;</li>
 *   <li><b>seal's reward head</b>: {@code seal.reward.head.weight} a FLOAT32 array of n_labels x n_embd finite
 *       values, {@code .bias} n_labels finite FLOAT32s, {@code seal.reward.labels} n_labels strings, and neither of
 *       the last two without the weight.</li>
 * </ul>
 *
 * Reading is bounded: values are skipped rather than decoded, so a hostile count or length costs a comparison, not
 * an allocation. {@link #sha256} and {@link #checkSha256} pin a file to a known digest.
 */
public final class GgufValidator {
    private GgufValidator() {}

    /** What to check beyond the structure. */
    public enum Scope {
        /** structure, tokenizer, architecture hyperparameters and the reward head: for loading weights */
        FULL,
        /** structure and tokenizer: for llama.cpp's vocab-only loads, which read no hyperparameters */
        VOCAB_ONLY
    }

    /**
     * Caps on what a file may declare, beyond fitting in its own size.
     *
     * @param maxKv            key/values (real models: under 100; with a tokenizer, still under 100 keys)
     * @param maxTensors       tensor infos (the largest MoE models: a few thousand)
     * @param maxStringBytes   one string (llama.cpp's GGUF_MAX_STRING_LENGTH: 1 GiB)
     * @param maxArrayElements one array (llama.cpp's GGUF_MAX_ARRAY_ELEMENTS: 2^30)
     */
    public record Limits(long maxKv, long maxTensors, long maxStringBytes, long maxArrayElements) {
        public static Limits defaults() {
            return new Limits(1L << 16, 1L << 20, 1L << 30, 1L << 30);
        }
    }

    /**
     * What a valid file holds, for messages and manifests.
     *
     * @param nEmbd   {@code <arch>.embedding_length}, or -1 when absent (vocab-only files)
     * @param nLabels rewards per sequence from {@code seal.reward.head.weight}, 0 when the file has no such head
     */
    public record Report(Path path, int version, long fileSize, long kvCount, long tensorCount, int alignment,
                         long dataOffset, String architecture, long nEmbd, long nLayer, int nLabels, long nTokens) {}

    /** llama.cpp's LLAMA_MAX_LAYERS and LLAMA_MAX_EXPERTS (llama-hparams.h). */
    static final long MAX_LAYERS = 512;
    static final long MAX_EXPERTS = 1024;
    /** Rope scaling types llama.cpp knows; another one is a GGML_ASSERT. */
    static final Set<String> ROPE_SCALING = Set.of("none", "linear", "yarn", "longrope");
    /** Architectures whose attention is plain multi-head (GQA) with head_dim = n_embd / n_head unless given. */
    static final Set<String> MHA_ARCHS = Set.of("llama", "llama-embed", "mistral3", "qwen2", "qwen3", "gemma", "gemma2",
            "gemma3", "bert", "nomic-bert", "jina-bert-v2", "phi3", "granite", "olmo2", "smollm3", "gptneox",
            "deberta-v2");
    /** Architectures for which llama.cpp insists rope.dimension_count equals the head size. */
    static final Set<String> ROT_EQUALS_HEAD = Set.of("llama", "llama-embed", "deci", "falcon");

    /** {@link #validate(Path, Scope, Limits)} with the full scope and the default limits. */
    public static Report validate(Path path) throws IOException {
        return validate(path, Scope.FULL, Limits.defaults());
    }

    public static Report validate(Path path, Scope scope) throws IOException {
        return validate(path, scope, Limits.defaults());
    }

    /**
     * Validates a GGUF file.
     *
     * @throws GgufValidationException when the file is refused (the field and reason say why)
     * @throws NoSuchFileException     when it does not exist
     * @throws IOException             when it cannot be read
     */
    public static Report validate(Path path, Scope scope, Limits limits) throws IOException {
        if (Files.isDirectory(path)) {
            throw new GgufValidationException(path, Field.FILE, Reason.UNREADABLE, null, -1, "is a directory");
        }
        GgufValidatorScan.Result r;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            r = GgufValidatorScan.scan(path, GgufInput.Source.of(ch), limits);
        }
        return new Semantics(path, r, scope).check();
    }

    /** Validates a GGUF image held in memory (fuzzing, tests); messages name no file. */
    public static Report validate(byte[] bytes, Scope scope, Limits limits) {
        try {
            GgufValidatorScan.Result r = GgufValidatorScan.scan(null, GgufInput.Source.of(bytes), limits);
            return new Semantics(null, r, scope).check();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // memory does not fail to read
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path path) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        byte[] b = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of bytes, lower-case hex. */
    public static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Checks a file against an expected SHA-256 (64 hex digits, any case).
     *
     * @return the digest
     * @throws IllegalArgumentException when {@code expected} is not 64 hex digits
     * @throws GgufValidationException  (FILE, CHECKSUM_MISMATCH) when the digest differs
     */
    public static String checkSha256(Path path, String expected) throws IOException {
        String want = expected.strip().toLowerCase(Locale.ROOT);
        if (!want.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--sha256 must be 64 hex digits, got \"" + expected + "\"");
        }
        String got = sha256(path);
        if (!got.equals(want)) {
            throw new GgufValidationException(path, Field.FILE, Reason.CHECKSUM_MISMATCH, null, -1,
                    "SHA-256 is " + got + ", expected " + want + ": the file is not the one you meant (changed,"
                            + " truncated, or another download)");
        }
        return got;
    }

    /** The checks on what the structure holds. */
    private static final class Semantics {
        private final Path path;
        private final GgufValidatorScan.Result r;
        private final Scope scope;
        private final Map<String, GgufValidatorScan.Kv> kv;

        Semantics(Path path, GgufValidatorScan.Result r, Scope scope) {
            this.path = path;
            this.r = r;
            this.scope = scope;
            this.kv = r.kvs();
        }

        private GgufValidationException fail(Field f, Reason reason, String key, String detail) {
            GgufValidatorScan.Kv v = key == null ? null : kv.get(key);
            return new GgufValidationException(path, f, reason, key, v == null ? -1 : v.offset(), detail);
        }

        Report check() {
            String arch = architecture();
            long nTokens = tokenizer();
            long nEmbd = -1;
            long nLayer = -1;
            int nLabels = 0;
            if (scope == Scope.FULL) {
                nEmbd = requireUInt32(Field.HPARAM, arch + ".embedding_length");
                requireUInt32(Field.HPARAM, arch + ".context_length");
                nLayer = requireUInt32(Field.HPARAM, arch + ".block_count");
                if (nLayer < 1 || nLayer > MAX_LAYERS) {
                    throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".block_count", nLayer
                            + " layers: llama.cpp asserts 1 to " + MAX_LAYERS + " and would abort");
                }
                if (nEmbd < 1) {
                    throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".embedding_length", "n_embd is " + nEmbd);
                }
                heads(arch, nEmbd, nLayer);
                experts(arch, nLayer);
                ropeScaling(arch);
                tokenEmbedding(arch, nEmbd);
                nLabels = rewardHead(nEmbd);
            }
            return new Report(path, r.version(), r.fileSize(), kv.size(), r.tensors().size(), r.alignment(),
                    r.dataOffset(), arch, nEmbd, nLayer, nLabels, nTokens);
        }

        private String architecture() {
            GgufValidatorScan.Kv a = kv.get(GgufFile.KEY_ARCHITECTURE);
            if (a == null) {
                throw fail(Field.ARCHITECTURE, Reason.MISSING, GgufFile.KEY_ARCHITECTURE,
                        "missing: llama.cpp needs it to pick the model code");
            }
            if (a.type() != GgufType.STRING) {
                throw fail(Field.ARCHITECTURE, Reason.WRONG_TYPE, a.key(), "must be STRING but is " + a.typeName());
            }
            String s = (String) a.scalar();
            if (s == null || s.isBlank()) {
                throw fail(Field.ARCHITECTURE, Reason.EMPTY, a.key(), s == null ? "longer than any architecture name"
                        : "empty");
            }
            return s;
        }

        private long requireUInt32(Field f, String key) {
            GgufValidatorScan.Kv v = kv.get(key);
            if (v == null) {
                throw fail(f, Reason.MISSING, key, "missing: llama.cpp requires it");
            }
            if (v.type() != GgufType.UINT32) {
                throw fail(f, Reason.WRONG_TYPE, key, "must be UINT32 but is " + v.typeName());
            }
            return (Long) v.scalar();
        }

        /** An optional UINT32 scalar, or -1. */
        private long optionalUInt32(Field f, String key) {
            return kv.containsKey(key) ? requireUInt32(f, key) : -1;
        }

        /** A UINT32 scalar, or an integer array of one value per layer (llama.cpp's get_key_or_arr): the maximum. */
        private long scalarOrPerLayer(String key, long nLayer) {
            GgufValidatorScan.Kv v = kv.get(key);
            if (v == null) {
                return -1;
            }
            if (!v.isArray()) {
                return requireUInt32(Field.HPARAM, key);
            }
            if (v.elementType() != GgufType.INT32 && v.elementType() != GgufType.UINT32) {
                throw fail(Field.HPARAM, Reason.WRONG_TYPE, key, "must be UINT32 or an integer array per layer, but is "
                        + v.typeName());
            }
            if (v.count() != nLayer) {
                throw fail(Field.HPARAM, Reason.LENGTH_MISMATCH, key, "has " + v.count() + " values for " + nLayer
                        + " layers");
            }
            return -2; // per-layer: not checked further (values were skipped)
        }

        private void heads(String arch, long nEmbd, long nLayer) {
            long nHead = scalarOrPerLayer(arch + ".attention.head_count", nLayer);
            long nHeadKv = scalarOrPerLayer(arch + ".attention.head_count_kv", nLayer);
            if (!MHA_ARCHS.contains(arch) || nHead < 0) {
                return;
            }
            if (nHead == 0) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".attention.head_count",
                        "0 heads in a transformer architecture");
            }
            long keyLength = optionalUInt32(Field.HPARAM, arch + ".attention.key_length");
            long headDim = keyLength > 0 ? keyLength : nEmbd / nHead;
            if (keyLength <= 0 && nEmbd % nHead != 0) {
                throw fail(Field.HPARAM, Reason.NOT_DIVISIBLE, arch + ".attention.head_count", nHead
                        + " heads do not divide n_embd " + nEmbd + " (and no attention.key_length is given)");
            }
            if (nHeadKv >= 0 && (nHeadKv == 0 || nHead % nHeadKv != 0)) {
                throw fail(Field.HPARAM, Reason.NOT_DIVISIBLE, arch + ".attention.head_count_kv", nHeadKv
                        + " key/value heads do not divide " + nHead + " heads");
            }
            long nRot = optionalUInt32(Field.HPARAM, arch + ".rope.dimension_count");
            if (ROT_EQUALS_HEAD.contains(arch) && nRot >= 0 && nRot != headDim) {
                throw fail(Field.HPARAM, Reason.LENGTH_MISMATCH, arch + ".rope.dimension_count", "n_rot " + nRot
                        + " differs from the head size " + headDim);
            }
        }

        private void experts(String arch, long nLayer) {
            long nExpert = optionalUInt32(Field.HPARAM, arch + ".expert_count");
            long nUsed = scalarOrPerLayer(arch + ".expert_used_count", nLayer);
            if (nExpert > MAX_EXPERTS) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".expert_count", nExpert
                        + " experts: llama.cpp asserts at most " + MAX_EXPERTS + " and would abort");
            }
            if (nUsed >= 0 && nUsed > Math.max(nExpert, 0)) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".expert_used_count", nUsed
                        + " experts used of " + Math.max(nExpert, 0) + ": llama.cpp asserts and would abort");
            }
            if (nExpert > 0 && nUsed == 0) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".expert_used_count",
                        "0 experts used of " + nExpert + ": llama.cpp asserts and would abort");
            }
            long nextn = optionalUInt32(Field.HPARAM, arch + ".nextn_predict_layers");
            if (nextn > nLayer) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, arch + ".nextn_predict_layers", nextn
                        + " > block_count " + nLayer + ": llama.cpp asserts and would abort");
            }
        }

        private void ropeScaling(String arch) {
            String key = arch + ".rope.scaling.type";
            GgufValidatorScan.Kv v = kv.get(key);
            if (v == null) {
                return;
            }
            if (v.type() != GgufType.STRING) {
                throw fail(Field.HPARAM, Reason.WRONG_TYPE, key, "must be STRING but is " + v.typeName());
            }
            if (v.scalar() == null || !ROPE_SCALING.contains((String) v.scalar())) {
                throw fail(Field.HPARAM, Reason.OUT_OF_RANGE, key, "unknown rope scaling type (known: " + ROPE_SCALING
                        + "): llama.cpp asserts and would abort");
            }
        }

        private void tokenEmbedding(String arch, long nEmbd) {
            for (GgufValidatorScan.Tensor t : r.tensors()) {
                if (t.name().equals("token_embd.weight") && MHA_ARCHS.contains(arch) && t.ne().length >= 1
                        && t.ne()[0] != nEmbd) {
                    throw new GgufValidationException(path, Field.TENSOR_DIMS, Reason.LENGTH_MISMATCH, t.name(),
                            t.infoOffset(), "row length " + t.ne()[0] + " differs from n_embd " + nEmbd);
                }
            }
        }

        private long tokenizer() {
            GgufValidatorScan.Kv tokens = kv.get("tokenizer.ggml.tokens");
            if (tokens == null) {
                return -1;
            }
            if (!tokens.isArray() || tokens.elementType() != GgufType.STRING) {
                throw fail(Field.TOKENIZER, Reason.WRONG_TYPE, tokens.key(), "must be an array of STRING but is "
                        + tokens.typeName());
            }
            long n = tokens.count();
            if (n > Integer.MAX_VALUE) {
                throw fail(Field.TOKENIZER, Reason.OUT_OF_RANGE, tokens.key(), n + " tokens do not fit llama.cpp's int32 ids");
            }
            perToken("tokenizer.ggml.scores", n, Set.of(GgufType.FLOAT32, GgufType.INT32));
            perToken("tokenizer.ggml.token_type", n, Set.of(GgufType.INT32));
            GgufValidatorScan.Kv merges = kv.get("tokenizer.ggml.merges");
            if (merges != null && (!merges.isArray() || merges.elementType() != GgufType.STRING)) {
                throw fail(Field.TOKENIZER, Reason.WRONG_TYPE, merges.key(), "must be an array of STRING but is "
                        + merges.typeName());
            }
            return n;
        }

        private void perToken(String key, long nTokens, Set<GgufType> types) {
            GgufValidatorScan.Kv v = kv.get(key);
            if (v == null) {
                return;
            }
            if (!v.isArray() || !types.contains(v.elementType())) {
                throw fail(Field.TOKENIZER, Reason.WRONG_TYPE, key, "must be an array of " + types + " but is "
                        + v.typeName());
            }
            if (v.count() < nTokens) {
                throw fail(Field.TOKENIZER, Reason.LENGTH_MISMATCH, key, "has " + v.count() + " values for " + nTokens
                        + " tokens");
            }
        }

        private int rewardHead(long nEmbd) {
            GgufValidatorScan.Kv w = kv.get(RewardHeadKeys.WEIGHT);
            GgufValidatorScan.Kv b = kv.get(RewardHeadKeys.BIAS);
            GgufValidatorScan.Kv l = kv.get(RewardHeadKeys.LABELS);
            if (w == null) {
                if (b != null || l != null) {
                    throw fail(Field.REWARD_HEAD, Reason.MISSING, RewardHeadKeys.WEIGHT, "missing, but "
                            + (b != null ? RewardHeadKeys.BIAS : RewardHeadKeys.LABELS) + " is present");
                }
                return 0;
            }
            floats(w);
            if (w.count() == 0 || w.count() % nEmbd != 0) {
                throw fail(Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, w.key(), w.count()
                        + " values: not a positive multiple of n_embd " + nEmbd);
            }
            long nLabels = w.count() / nEmbd;
            if (nLabels > 65536) {
                throw fail(Field.REWARD_HEAD, Reason.OUT_OF_RANGE, w.key(), nLabels + " labels, at most 65536");
            }
            if (b != null) {
                floats(b);
                if (b.count() != nLabels) {
                    throw fail(Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, b.key(), b.count() + " values for "
                            + nLabels + " labels");
                }
            }
            if (l != null) {
                if (!l.isArray() || l.elementType() != GgufType.STRING) {
                    throw fail(Field.REWARD_HEAD, Reason.WRONG_TYPE, l.key(), "must be an array of STRING but is "
                            + l.typeName());
                }
                if (l.count() != nLabels) {
                    throw fail(Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, l.key(), l.count() + " names for "
                            + nLabels + " labels");
                }
            }
            return (int) nLabels;
        }

        private void floats(GgufValidatorScan.Kv v) {
            if (!v.isArray() || v.elementType() != GgufType.FLOAT32) {
                throw fail(Field.REWARD_HEAD, Reason.WRONG_TYPE, v.key(), "must be an array of FLOAT32 but is "
                        + v.typeName());
            }
            if (v.firstNonFinite() >= 0) {
                throw fail(Field.REWARD_HEAD, Reason.NOT_FINITE, v.key(), "element " + v.firstNonFinite()
                        + " is NaN or infinite");
            }
        }
    }
}
