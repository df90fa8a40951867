package dev.seal.gguf;

import dev.seal.gguf.GgufValidationException.Field;
import dev.seal.gguf.GgufValidationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Malformed GGUF files made from one valid small model, each by one named mutation: byte patches of single fields
 * (counts, lengths, type ids, dims, offsets; the shapes of llama.cpp's GGUF CVEs) and rewrites with one metadata key
 * or tensor changed (what llama.cpp's loader would assert on). Each carries the field and reason the validator must
 * report (a null reason: any typed rejection, for cuts whose first casualty depends on the layout).
 */
public final class MalformedGgufCorpus {
    /** One malformed file. */
    public record Case(String name, byte[] bytes, Field field, Reason reason) {}

    private final Path base;
    private final byte[] bytes;
    private final GgufLayout layout;
    private final GgufFile file;
    private final List<Case> cases = new ArrayList<>();

    private MalformedGgufCorpus(Path base) throws IOException {
        this.base = base;
        this.bytes = Files.readAllBytes(base);
        this.layout = new GgufLayout(bytes);
        this.file = GgufFile.read(base);
    }

    /** The corpus for a valid model written by {@link SmallModels#rewardModel}. */
    public static List<Case> of(Path validModel) throws IOException {
        MalformedGgufCorpus c = new MalformedGgufCorpus(validModel);
        c.header();
        c.keys();
        c.values();
        c.tensorInfos();
        c.layoutAndCuts();
        c.semantics();
        return List.copyOf(c.cases);
    }

    private void patch(String name, Field f, Reason r, Consumer<byte[]> p) {
        byte[] b = layout.copy();
        p.accept(b);
        cases.add(new Case(name, b, f, r));
    }

    private void raw(String name, Field f, Reason r, byte[] b) {
        cases.add(new Case(name, b, f, r));
    }

    // ---- header -------------------------------------------------------------------------------------------------------

    private void header() {
        raw("empty_file", Field.MAGIC, Reason.TRUNCATED, new byte[0]);
        raw("only_magic", Field.VERSION, Reason.TRUNCATED, "GGUF".getBytes(StandardCharsets.US_ASCII));
        raw("cut_in_counts", Field.KV_COUNT, Reason.TRUNCATED, Arrays.copyOf(bytes, 18));
        patch("bad_magic", Field.MAGIC, Reason.BAD_MAGIC, b -> b[3] = 'X');
        patch("ggml_magic", Field.MAGIC, Reason.BAD_MAGIC, b -> System.arraycopy("lmgg".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4));
        patch("version_0", Field.VERSION, Reason.UNSUPPORTED_VERSION, b -> GgufLayout.putU32(b, GgufLayout.VERSION, 0));
        patch("version_1", Field.VERSION, Reason.UNSUPPORTED_VERSION, b -> GgufLayout.putU32(b, GgufLayout.VERSION, 1));
        patch("version_4", Field.VERSION, Reason.UNSUPPORTED_VERSION, b -> GgufLayout.putU32(b, GgufLayout.VERSION, 4));
        patch("version_big_endian", Field.VERSION, Reason.UNSUPPORTED_VERSION, b -> GgufLayout.putU32(b, GgufLayout.VERSION, 0x03000000L));
        // CVE-shaped: counts that make n * sizeof(info) overflow size_t, or that no file could hold
        patch("n_tensors_size_max", Field.TENSOR_COUNT, Reason.NEGATIVE, b -> GgufLayout.putU64(b, GgufLayout.N_TENSORS, -1L));
        patch("n_tensors_2e62", Field.TENSOR_COUNT, Reason.TOO_MANY, b -> GgufLayout.putU64(b, GgufLayout.N_TENSORS, 1L << 62));
        patch("n_tensors_beyond_file", Field.TENSOR_COUNT, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, GgufLayout.N_TENSORS, 1L << 19));
        patch("n_kv_size_max", Field.KV_COUNT, Reason.NEGATIVE, b -> GgufLayout.putU64(b, GgufLayout.N_KV, -1L));
        patch("n_kv_2e60", Field.KV_COUNT, Reason.TOO_MANY, b -> GgufLayout.putU64(b, GgufLayout.N_KV, 1L << 60));
        patch("n_kv_beyond_file", Field.KV_COUNT, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, GgufLayout.N_KV, 60000));
        patch("n_kv_plus_one", null, null, b -> GgufLayout.putU64(b, GgufLayout.N_KV, layout.kvs.size() + 1));
        patch("n_tensors_plus_one", null, null, b -> GgufLayout.putU64(b, GgufLayout.N_TENSORS, layout.tensors.size() + 1));
    }

    // ---- keys ---------------------------------------------------------------------------------------------------------

    private void keys() {
        GgufLayout.Kv first = layout.kv("general.architecture");
        GgufLayout.Kv name = layout.kv("general.name");
        patch("key_length_overflow", Field.KEY, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, first.keyLen(), 0xFFFF_FFFF_FFFF_FFF0L));
        patch("key_length_beyond_file", Field.KEY, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, first.keyLen(), bytes.length));
        patch("key_empty", Field.KEY, Reason.EMPTY, b -> GgufLayout.putU64(b, first.keyLen(), 0));
        patch("key_bad_utf8", Field.KEY, Reason.BAD_UTF8, b -> b[name.keyBytes() + 2] = (byte) 0xC3);
        // "general.name" (12 bytes) renamed to a 12-byte key the file already has
        GgufLayout.Kv twin = layout.kvs.values().stream()
                .filter(k -> k.keyBytes() != name.keyBytes() && k.key().length() == name.key().length())
                .findFirst().orElse(null);
        if (twin != null) {
            patch("key_duplicate", Field.KEY, Reason.DUPLICATE, b -> System.arraycopy(twin.key().getBytes(StandardCharsets.UTF_8), 0,
                    b, name.keyBytes(), name.key().length()));
        }
        GgufLayout.Kv later = layout.kv("llama.block_count");
        patch("key_duplicate_later", Field.KEY, Reason.DUPLICATE, b -> {
            // a later key renamed to an earlier key of the same length
            String same = layout.kvs.keySet().stream().filter(k -> k.length() == later.key().length() && !k.equals(later.key()))
                    .findFirst().orElseThrow();
            System.arraycopy(same.getBytes(StandardCharsets.UTF_8), 0, b, later.keyBytes(), same.length());
        });
    }

    // ---- values -------------------------------------------------------------------------------------------------------

    private void values() {
        GgufLayout.Kv name = layout.kv("general.name");
        GgufLayout.Kv tokens = layout.kv("tokenizer.ggml.tokens");
        GgufLayout.Kv scores = layout.kv("tokenizer.ggml.scores");
        GgufLayout.Kv weight = layout.kv(RewardHeadKeys.WEIGHT);
        patch("value_type_13", Field.VALUE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, name.type(), 13));
        patch("value_type_max", Field.VALUE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, name.type(), 0xFFFF_FFFFL));
        // CVE-2025-53630 shape: a string length that wraps a size computation
        patch("string_length_overflow", Field.VALUE, Reason.NEGATIVE, b -> GgufLayout.putU64(b, name.value(), -1L));
        patch("string_length_2e40", Field.VALUE, Reason.TOO_LONG, b -> GgufLayout.putU64(b, name.value(), 1L << 40));
        patch("string_length_beyond_file", Field.VALUE, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, name.value(), bytes.length));
        patch("array_element_type_unknown", Field.VALUE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, scores.arrType(), 77));
        patch("array_nested", Field.VALUE, Reason.NESTED_ARRAY, b -> GgufLayout.putU32(b, scores.arrType(), GgufType.ARRAY.id()));
        // array length x element size overflows 64 bits (2^62 float32s): over the element cap first
        patch("array_length_times_size_overflow", Field.VALUE, Reason.TOO_MANY, b -> GgufLayout.putU64(b, scores.arrCount(), 1L << 62));
        patch("array_length_negative", Field.VALUE, Reason.NEGATIVE, b -> GgufLayout.putU64(b, scores.arrCount(), -2L));
        patch("array_length_beyond_file", Field.VALUE, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, scores.arrCount(), 1L << 28));
        patch("string_array_length_beyond_file", Field.VALUE, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, tokens.arrCount(), 1L << 26));
        patch("string_array_element_length_overflow", Field.VALUE, Reason.NEGATIVE, b -> GgufLayout.putU64(b, tokens.value(), -8L));
        patch("string_array_element_beyond_file", Field.VALUE, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, tokens.value(), 1L << 29));
        patch("reward_weight_nan", Field.REWARD_HEAD, Reason.NOT_FINITE, b -> GgufLayout.putF32(b, weight.value() + 4 * 5, Float.NaN));
        patch("reward_weight_infinite", Field.REWARD_HEAD, Reason.NOT_FINITE, b -> GgufLayout.putF32(b, weight.value(), Float.NEGATIVE_INFINITY));
        GgufLayout.Kv blocks = layout.kv("llama.block_count");
        patch("block_count_zero", Field.HPARAM, Reason.OUT_OF_RANGE, b -> GgufLayout.putU32(b, blocks.value(), 0));
        patch("block_count_513", Field.HPARAM, Reason.OUT_OF_RANGE, b -> GgufLayout.putU32(b, blocks.value(), 513));
        patch("block_count_wrong_type", Field.HPARAM, Reason.WRONG_TYPE, b -> GgufLayout.putU32(b, blocks.type(), GgufType.INT32.id()));
    }

    // ---- tensor infos -------------------------------------------------------------------------------------------------

    private void tensorInfos() {
        GgufLayout.Tensor embd = layout.tensor("token_embd.weight");
        GgufLayout.Tensor norm = layout.tensor("output_norm.weight");
        GgufLayout.Tensor q = layout.tensor("blk.0.attn_q.weight");
        GgufLayout.Tensor k = layout.tensor("blk.0.attn_k.weight");
        GgufLayout.Tensor last = layout.tensors.getLast();
        patch("tensor_name_length_64", Field.TENSOR_NAME, Reason.TOO_LONG, b -> GgufLayout.putU64(b, norm.nameLen(), 64));
        patch("tensor_name_length_overflow", Field.TENSOR_NAME, Reason.EXCEEDS_FILE, b -> GgufLayout.putU64(b, norm.nameLen(), -1L));
        patch("tensor_name_empty", Field.TENSOR_NAME, Reason.EMPTY, b -> GgufLayout.putU64(b, embd.nameLen(), 0));
        patch("tensor_name_bad_utf8", Field.TENSOR_NAME, Reason.BAD_UTF8, b -> b[norm.nameBytes()] = (byte) 0xFF);
        patch("tensor_name_duplicate", Field.TENSOR_NAME, Reason.DUPLICATE, b -> System.arraycopy(q.name().getBytes(StandardCharsets.UTF_8),
                0, b, k.nameBytes(), k.name().length()));
        patch("tensor_n_dims_5", Field.TENSOR_DIMS, Reason.OUT_OF_RANGE, b -> GgufLayout.putU32(b, norm.nDims(), 5));
        patch("tensor_n_dims_max", Field.TENSOR_DIMS, Reason.OUT_OF_RANGE, b -> GgufLayout.putU32(b, norm.nDims(), 0xFFFF_FFFFL));
        patch("tensor_dim_negative", Field.TENSOR_DIMS, Reason.NEGATIVE, b -> GgufLayout.putU64(b, norm.dims(), -64L));
        // ne product overflow: 2^32 x 2^32 elements
        patch("tensor_ne_product_overflow", Field.TENSOR_DIMS, Reason.OVERFLOW, b -> {
            GgufLayout.putU64(b, embd.dims(), 1L << 32);
            GgufLayout.putU64(b, embd.dims() + 8, 1L << 32);
        });
        patch("tensor_ne_product_int64_max", Field.TENSOR_DIMS, Reason.OVERFLOW, b -> {
            GgufLayout.putU64(b, embd.dims(), Long.MAX_VALUE);
            GgufLayout.putU64(b, embd.dims() + 8, 1);
        });
        // element count fits int64, the byte size (x4 for F32) does not
        patch("tensor_nbytes_overflow", Field.TENSOR_DIMS, Reason.OVERFLOW, b -> {
            GgufLayout.putU64(b, embd.dims(), 1L << 31);
            GgufLayout.putU64(b, embd.dims() + 8, 1L << 31);
        });
        patch("tensor_type_unknown", Field.TENSOR_TYPE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, norm.type(), 99));
        patch("tensor_type_removed_q4_2", Field.TENSOR_TYPE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, norm.type(), 4));
        patch("tensor_type_negative", Field.TENSOR_TYPE, Reason.UNKNOWN_TYPE, b -> GgufLayout.putU32(b, norm.type(), 0xFFFF_FFFFL));
        patch("tensor_type_block_mismatch", Field.TENSOR_DIMS, Reason.NOT_BLOCK_MULTIPLE, b -> GgufLayout.putU32(b, norm.type(), GgmlType.Q4_K.id()));
        patch("tensor_offset_misaligned", Field.TENSOR_OFFSET, Reason.MISALIGNED, b -> GgufLayout.putU64(b, norm.offset(), norm.dataOffset() + 4));
        patch("tensor_offset_negative", Field.TENSOR_OFFSET, Reason.NEGATIVE, b -> GgufLayout.putU64(b, norm.offset(), -32L));
        // CVE-shaped: offset + size wraps around 2^64
        patch("tensor_offset_plus_size_overflow", Field.TENSOR_OFFSET, Reason.OUT_OF_BOUNDS, b -> GgufLayout.putU64(b, last.offset(), Long.MAX_VALUE - 31));
        patch("tensor_offset_beyond_file", Field.TENSOR_OFFSET, Reason.OUT_OF_BOUNDS, b -> GgufLayout.putU64(b, last.offset(), last.dataOffset() + 1024 * 1024));
        patch("tensor_offset_overlap", Field.TENSOR_OFFSET, Reason.OVERLAP, b -> GgufLayout.putU64(b, k.offset(), q.dataOffset()));
        // two tensors of equal size with their offsets swapped: in bounds, no overlap, but not ggml's layout
        GgufLayout.Tensor n0 = layout.tensor("blk.0.attn_norm.weight");
        GgufLayout.Tensor n1 = layout.tensor("blk.0.ffn_norm.weight");
        patch("tensor_offsets_swapped", Field.TENSOR_OFFSET, Reason.UNEXPECTED_OFFSET, b -> {
            GgufLayout.putU64(b, n0.offset(), n1.dataOffset());
            GgufLayout.putU64(b, n1.offset(), n0.dataOffset());
        });
        patch("tensor_dims_grown", Field.TENSOR_OFFSET, null, b -> GgufLayout.putU64(b, embd.dims() + 8, embd.ne()[1] * 2));
    }

    // ---- cuts -------------------------------------------------------------------------------------------------------

    private void layoutAndCuts() {
        GgufLayout.Kv tokens = layout.kv("tokenizer.ggml.tokens");
        raw("cut_in_tensor_data", Field.TENSOR_OFFSET, Reason.OUT_OF_BOUNDS, Arrays.copyOf(bytes, bytes.length - 1000));
        raw("cut_after_tensor_infos", null, null, Arrays.copyOf(bytes, layout.tensorInfosEnd));
        raw("cut_in_tensor_infos", null, null, Arrays.copyOf(bytes, layout.tensors.get(3).nameLen() + 5));
        raw("cut_in_token_list", null, null, Arrays.copyOf(bytes, tokens.value() + 1000));
        raw("cut_in_key", null, null, Arrays.copyOf(bytes, layout.kv("general.name").keyBytes() + 3));
        byte[] garbage = Arrays.copyOf(bytes, 4096);
        new java.util.Random(5).nextBytes(garbage);
        System.arraycopy(bytes, 0, garbage, 0, 8); // magic and version intact, the rest noise
        raw("garbage_after_header", null, null, garbage);
    }

    // ---- rewrites: one key or tensor changed, the file otherwise well formed ---------------------------------------------

    private byte[] rewrite(UnaryOperator<GgufWriter> edit) {
        try {
            GgufWriter w = new GgufWriter().copyFrom(file, k -> true);
            for (TensorInfo t : file.tensors()) {
                w.addRawTensor(t.name(), t.dims(), t.type(), file.readTensorBytes(t));
            }
            w = edit.apply(w);
            Path tmp = Files.createTempFile(base.getParent(), "rewrite", ".gguf");
            try {
                w.write(tmp);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void rw(String name, Field f, Reason r, UnaryOperator<GgufWriter> edit) {
        cases.add(new Case(name, rewrite(edit), f, r));
    }

    private void semantics() {
        long nEmbd = file.getLong("llama.embedding_length");
        int nVocab = file.getStringList("tokenizer.ggml.tokens").size();
        // the writer refuses bad alignments: write a valid 64-aligned file, then patch its general.alignment
        GgufLayout aligned = new GgufLayout(rewrite(w -> w.alignment(64)));
        GgufLayout.Kv al = aligned.kv(GgufFile.KEY_ALIGNMENT);
        byte[] a48 = aligned.copy();
        GgufLayout.putU32(a48, al.value(), 48);
        raw("alignment_not_power_of_two", Field.ALIGNMENT, Reason.NOT_POWER_OF_TWO, a48);
        byte[] a0 = aligned.copy();
        GgufLayout.putU32(a0, al.value(), 0);
        raw("alignment_zero", Field.ALIGNMENT, Reason.NOT_POWER_OF_TWO, a0);
        byte[] aType = aligned.copy();
        GgufLayout.putU32(aType, al.type(), GgufType.INT32.id());
        raw("alignment_wrong_type", Field.ALIGNMENT, Reason.WRONG_TYPE, aType);
        rw("architecture_missing", Field.ARCHITECTURE, Reason.MISSING, w -> w.remove("general.architecture"));
        rw("architecture_wrong_type", Field.ARCHITECTURE, Reason.WRONG_TYPE, w -> w.putUInt32("general.architecture", 7));
        rw("architecture_empty", Field.ARCHITECTURE, Reason.EMPTY, w -> w.putString("general.architecture", ""));
        rw("embedding_length_missing", Field.HPARAM, Reason.MISSING, w -> w.remove("llama.embedding_length"));
        rw("context_length_wrong_type", Field.HPARAM, Reason.WRONG_TYPE, w -> w.put("llama.context_length", GgufValue.uint64(2048)));
        rw("head_count_not_dividing", Field.HPARAM, Reason.NOT_DIVISIBLE, w -> w.putUInt32("llama.attention.head_count", 5));
        rw("head_count_zero", Field.HPARAM, Reason.OUT_OF_RANGE, w -> w.putUInt32("llama.attention.head_count", 0));
        rw("head_count_kv_zero", Field.HPARAM, Reason.NOT_DIVISIBLE, w -> w.putUInt32("llama.attention.head_count_kv", 0));
        rw("head_count_kv_not_dividing", Field.HPARAM, Reason.NOT_DIVISIBLE, w -> w.putUInt32("llama.attention.head_count_kv", 3));
        rw("head_count_per_layer_wrong_length", Field.HPARAM, Reason.LENGTH_MISMATCH, w -> w.putInt32Array("llama.attention.head_count", new int[] {4, 4, 4}));
        rw("rope_dimension_mismatch", Field.HPARAM, Reason.LENGTH_MISMATCH, w -> w.putUInt32("llama.rope.dimension_count", 6));
        rw("rope_scaling_unknown", Field.HPARAM, Reason.OUT_OF_RANGE, w -> w.putString("llama.rope.scaling.type", "banana"));
        rw("expert_count_2000", Field.HPARAM, Reason.OUT_OF_RANGE, w -> w.putUInt32("llama.expert_count", 2000));
        rw("experts_used_without_experts", Field.HPARAM, Reason.OUT_OF_RANGE, w -> w.putUInt32("llama.expert_used_count", 2));
        rw("nextn_layers_over_block_count", Field.HPARAM, Reason.OUT_OF_RANGE, w -> w.putUInt32("llama.nextn_predict_layers", 9));
        rw("tokens_wrong_type", Field.TOKENIZER, Reason.WRONG_TYPE, w -> w.putInt32Array("tokenizer.ggml.tokens", new int[nVocab]));
        rw("scores_too_short", Field.TOKENIZER, Reason.LENGTH_MISMATCH, w -> w.putFloat32Array("tokenizer.ggml.scores", new float[nVocab - 1]));
        rw("token_type_wrong_type", Field.TOKENIZER, Reason.WRONG_TYPE, w -> w.putFloat32Array("tokenizer.ggml.token_type", new float[nVocab]));
        rw("reward_weight_not_multiple_of_n_embd", Field.REWARD_HEAD, Reason.LENGTH_MISMATCH,
                w -> w.putFloat32Array(RewardHeadKeys.WEIGHT, new float[(int) nEmbd + 1]));
        rw("reward_weight_empty", Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, w -> w.putFloat32Array(RewardHeadKeys.WEIGHT, new float[0]));
        rw("reward_weight_wrong_type", Field.REWARD_HEAD, Reason.WRONG_TYPE, w -> w.putInt32Array(RewardHeadKeys.WEIGHT, new int[(int) nEmbd]));
        rw("reward_weight_scalar", Field.REWARD_HEAD, Reason.WRONG_TYPE, w -> w.putFloat32(RewardHeadKeys.WEIGHT, 1f));
        rw("reward_bias_wrong_length", Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, w -> w.putFloat32Array(RewardHeadKeys.BIAS, new float[2]));
        rw("reward_labels_wrong_count", Field.REWARD_HEAD, Reason.LENGTH_MISMATCH, w -> w.putStringArray(RewardHeadKeys.LABELS, List.of("a", "b")));
        rw("reward_bias_without_weight", Field.REWARD_HEAD, Reason.MISSING, w -> w.remove(RewardHeadKeys.WEIGHT));
        rw("token_embd_wrong_width", Field.TENSOR_DIMS, Reason.LENGTH_MISMATCH, w -> {
            try {
                TensorInfo t = file.tensor("token_embd.weight").orElseThrow();
                GgufWriter x = new GgufWriter().copyFrom(file, k -> true);
                for (TensorInfo o : file.tensors()) {
                    long[] dims = o == t ? new long[] {nEmbd / 2, 2L * nVocab} : o.dims();
                    x.addRawTensor(o.name(), dims, o.type(), file.readTensorBytes(o));
                }
                return x;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
