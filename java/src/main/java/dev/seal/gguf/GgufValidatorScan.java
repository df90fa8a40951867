package dev.seal.gguf;

import dev.seal.gguf.GgufValidationException.Field;
import dev.seal.gguf.GgufValidationException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structural pass of {@link GgufValidator}: one streaming read (through a {@link GgufInput}) of the header, every
 * key/value and the tensor table, checking each count, length, type id, dimension and offset before it is used, and
 * keeping only what the semantic checks need (types, array lengths, short scalars). Values are skipped, not decoded,
 * so memory stays bounded by the limits whatever the file says; float arrays under {@code seal.reward.} are scanned
 * for NaN and infinities on the way through.
 *
 * <p>Every problem is a {@link GgufValidationException} with the field, reason, subject and file offset.
 */
final class GgufValidatorScan {
    /** The GGUF spec's limit on key length. */
    static final int MAX_KEY_BYTES = 65535;
    /** Scalars longer than this are not kept (the checks only look at short strings such as the architecture). */
    private static final int KEEP_STRING_BYTES = 4096;

    private static final int MIN_KV_BYTES = 8 + 1 + 4 + 1;           // key length, >= 1 key byte, type, 1-byte value
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 4 + 8; // name length, >= 1 byte, n_dims, type, offset

    /** One metadata key/value as the checks see it. */
    record Kv(String key, GgufType type, GgufType elementType, long count, Object scalar, long offset,
              long firstNonFinite) {
        boolean isArray() {
            return type == GgufType.ARRAY;
        }

        String typeName() {
            return isArray() ? "ARRAY[" + elementType + "]" : type.name();
        }
    }

    /** One tensor info. */
    record Tensor(String name, long[] ne, GgmlType type, long offset, long nbytes, long infoOffset) {}

    /** What the pass found. */
    record Result(int version, long fileSize, int alignment, long dataOffset, Map<String, Kv> kvs,
                  List<Tensor> tensors) {}

    private final Path path;
    private final GgufInput in;
    private final long size;
    private final GgufValidator.Limits limits;
    // what is being read, for errors
    private Field field = Field.FILE;
    private String subject;

    private GgufValidatorScan(Path path, GgufInput.Source src, GgufValidator.Limits limits) throws IOException {
        this.path = path;
        this.in = new GgufInput(src, detail -> fail(Reason.TRUNCATED, detail));
        this.size = in.size();
        this.limits = limits;
    }

    static Result scan(Path path, GgufInput.Source src, GgufValidator.Limits limits) throws IOException {
        return new GgufValidatorScan(path, src, limits).run();
    }

    private GgufValidationException fail(Reason reason, String detail) {
        return new GgufValidationException(path, field, reason, subject, in.pos(), detail);
    }

    private GgufValidationException fail(Field f, Reason reason, String subj, String detail) {
        return new GgufValidationException(path, f, reason, subj, in.pos(), detail);
    }

    private Result run() throws IOException {
        // ---- header
        field = Field.MAGIC;
        if (size < 4) {
            throw fail(Reason.TRUNCATED, "file is " + size + " bytes, too short for the GGUF magic");
        }
        byte[] magic = new byte[4];
        in.readBytes(magic, 4);
        if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
            throw fail(Reason.BAD_MAGIC, String.format("bytes %02x %02x %02x %02x, expected \"GGUF\": not a GGUF file",
                    magic[0], magic[1], magic[2], magic[3]));
        }
        field = Field.VERSION;
        long version = in.u32();
        if (version != 2 && version != 3) {
            boolean bigEndian = (version & 0xFFFF) == 0 && version != 0;
            throw fail(Reason.UNSUPPORTED_VERSION, "version " + version + (bigEndian
                    ? ": this looks like a big-endian file, only little-endian GGUF is supported"
                    : version == 1 ? ": GGUF v1 is no longer supported, re-convert the model" : ", supported: 2 and 3"));
        }
        field = Field.TENSOR_COUNT;
        long nTensors = in.i64();
        field = Field.KV_COUNT;
        long nKv = in.i64();
        long left = in.left();
        field = Field.TENSOR_COUNT;
        checkCount(nTensors, limits.maxTensors(), MIN_TENSOR_INFO_BYTES, left, "tensor infos");
        field = Field.KV_COUNT;
        checkCount(nKv, limits.maxKv(), MIN_KV_BYTES, left, "key/values");
        if (nTensors * MIN_TENSOR_INFO_BYTES + nKv * MIN_KV_BYTES > left) {
            throw fail(Reason.EXCEEDS_FILE, nKv + " key/values and " + nTensors + " tensor infos cannot fit in the "
                    + left + " bytes after the header");
        }

        // ---- key/values
        Map<String, Kv> kvs = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            field = Field.KEY;
            subject = "#" + i;
            long at = in.pos();
            String key = name(MAX_KEY_BYTES, "key");
            subject = key;
            if (kvs.containsKey(key)) {
                throw fail(Reason.DUPLICATE, "key appears twice (again as key #" + i + ")");
            }
            field = Field.VALUE;
            long typeId = in.u32();
            GgufType type = GgufType.byIdOrNull(typeId);
            if (type == null) {
                throw fail(Reason.UNKNOWN_TYPE, "unknown value type id " + typeId + " (known: 0..12)");
            }
            kvs.put(key, value(key, type, at));
        }

        // ---- alignment
        int alignment = GgufFile.DEFAULT_ALIGNMENT;
        Kv a = kvs.get(GgufFile.KEY_ALIGNMENT);
        if (a != null) {
            if (a.type() != GgufType.UINT32) {
                throw fail(Field.ALIGNMENT, Reason.WRONG_TYPE, a.key(), "must be UINT32 but is " + a.typeName());
            }
            long al = (Long) a.scalar();
            if (al == 0 || (al & (al - 1)) != 0 || al > (1 << 30)) {
                throw fail(Field.ALIGNMENT, Reason.NOT_POWER_OF_TWO, a.key(), "alignment " + al
                        + " is not a power of two (up to 2^30)");
            }
            alignment = (int) al;
        }

        // ---- tensor infos
        List<Tensor> tensors = new ArrayList<>((int) Math.min(nTensors, 4096));
        Map<String, Long> seen = new HashMap<>();
        for (long i = 0; i < nTensors; i++) {
            field = Field.TENSOR_NAME;
            subject = "#" + i;
            long at = in.pos();
            String name = name(GgufFile.MAX_TENSOR_NAME_BYTES, "tensor name");
            subject = name;
            Long prev = seen.putIfAbsent(name, i);
            if (prev != null) {
                throw fail(Reason.DUPLICATE, "tensor #" + i + " has the name of tensor #" + prev);
            }
            field = Field.TENSOR_DIMS;
            long nDims = in.u32();
            if (nDims > GgufFile.MAX_DIMS) {
                throw fail(Reason.OUT_OF_RANGE, nDims + " dimensions, ggml allows at most " + GgufFile.MAX_DIMS);
            }
            long[] ne = new long[(int) nDims];
            for (int d = 0; d < nDims; d++) {
                ne[d] = in.i64();
                if (ne[d] < 0) {
                    throw fail(Reason.NEGATIVE, "dimension " + d + " is " + Long.toUnsignedString(ne[d])
                            + " (negative as int64)");
                }
            }
            long elements = 1;
            for (long d : ne) {
                // llama.cpp refuses element counts of INT64_MAX and up; so do we, without overflowing
                if (d != 0 && elements > (Long.MAX_VALUE - 1) / d) {
                    elements = -1;
                    break;
                }
                elements *= d;
            }
            if (elements < 0) {
                throw fail(Reason.OVERFLOW, "element count of dims " + java.util.Arrays.toString(ne)
                        + " does not fit in int64");
            }
            field = Field.TENSOR_TYPE;
            long typeId = in.u32();
            GgmlType type = GgmlType.byIdOrNull(typeId);
            if (type == null) {
                throw fail(Reason.UNKNOWN_TYPE, GgmlType.describeUnknown(typeId));
            }
            if (nDims > 0 && ne[0] % type.blockSize() != 0) {
                throw fail(Field.TENSOR_DIMS, Reason.NOT_BLOCK_MULTIPLE, name, "row length (ne0) " + ne[0]
                        + " is not a multiple of the " + type + " block size " + type.blockSize());
            }
            long nbytes;
            try {
                nbytes = type.bytesFor(elements);
            } catch (ArithmeticException e) {
                throw fail(Field.TENSOR_DIMS, Reason.OVERFLOW, name, "byte size of " + elements + " " + type
                        + " elements does not fit in int64");
            }
            field = Field.TENSOR_OFFSET;
            long offset = in.i64();
            if (offset < 0) {
                throw fail(Reason.NEGATIVE, "offset " + Long.toUnsignedString(offset) + " is beyond any file");
            }
            if (offset % alignment != 0) {
                throw fail(Reason.MISALIGNED, "offset " + offset + " is not a multiple of the alignment " + alignment);
            }
            tensors.add(new Tensor(name, ne, type, offset, nbytes, at));
        }

        // ---- data section
        field = Field.DATA;
        subject = null;
        long dataOffset = in.pos();
        if (!tensors.isEmpty()) {
            dataOffset = (dataOffset + alignment - 1) / alignment * alignment;
            if (dataOffset > size) {
                throw fail(Reason.TRUNCATED, "data section would start at " + dataOffset + ", past the end of the"
                        + " file (" + size + " bytes)");
            }
        }
        long dataBytes = size - dataOffset;
        for (Tensor t : tensors) {
            if (t.offset() > dataBytes || t.nbytes() > dataBytes - t.offset()) {
                throw new GgufValidationException(path, Field.TENSOR_OFFSET, Reason.OUT_OF_BOUNDS, t.name(),
                        t.infoOffset(), "data (offset " + t.offset() + ", " + t.nbytes() + " bytes) ends past the end"
                        + " of the file (data section at " + dataOffset + ", file " + size + " bytes)");
            }
        }
        List<Tensor> byOffset = new ArrayList<>(tensors);
        byOffset.sort((x, y) -> Long.compare(x.offset(), y.offset()));
        for (int i = 1; i < byOffset.size(); i++) {
            Tensor p = byOffset.get(i - 1);
            Tensor t = byOffset.get(i);
            if (p.nbytes() > 0 && t.nbytes() > 0 && p.offset() + p.nbytes() > t.offset()) {
                throw new GgufValidationException(path, Field.TENSOR_OFFSET, Reason.OVERLAP, t.name(), t.infoOffset(),
                        "data [" + t.offset() + ", " + (t.offset() + t.nbytes()) + ") overlaps tensor '" + p.name()
                        + "' [" + p.offset() + ", " + (p.offset() + p.nbytes()) + ")");
            }
        }
        // ggml's own layout rule (gguf.cpp refuses anything else): each tensor right after the previous, padded
        long expected = 0;
        for (Tensor t : tensors) {
            if (t.offset() != expected) {
                throw new GgufValidationException(path, Field.TENSOR_OFFSET, Reason.UNEXPECTED_OFFSET, t.name(),
                        t.infoOffset(), "offset " + t.offset() + ", but ggml's layout puts it at " + expected
                        + " (the padded end of the tensor before it)");
            }
            expected += (t.nbytes() + alignment - 1) / alignment * alignment; // bounded by the file size
        }
        return new Result((int) version, size, alignment, dataOffset, Collections.unmodifiableMap(kvs),
                List.copyOf(tensors));
    }

    private void checkCount(long n, long max, int minBytes, long left, String what) {
        if (n < 0) {
            throw fail(Reason.NEGATIVE, "count " + Long.toUnsignedString(n) + " of " + what + " is negative as int64");
        }
        if (n > max) {
            throw fail(Reason.TOO_MANY, n + " " + what + ", more than the limit of " + max);
        }
        if (n > left / minBytes) {
            throw fail(Reason.EXCEEDS_FILE, n + " " + what + " cannot fit in the " + left
                    + " bytes after the header (each takes at least " + minBytes + ")");
        }
    }

    /** A key or tensor name: non-empty, at most maxBytes, valid UTF-8. */
    private String name(int maxBytes, String what) throws IOException {
        long len = in.i64();
        long left = in.left();
        if (len < 0 || len > left) {
            throw fail(Reason.EXCEEDS_FILE, what + " length " + Long.toUnsignedString(len) + " exceeds the " + left
                    + " bytes left in the file");
        }
        if (len == 0) {
            throw fail(Reason.EMPTY, what + " is empty");
        }
        if (len > maxBytes) {
            throw fail(Reason.TOO_LONG, what + " of " + len + " bytes, at most " + maxBytes + " allowed");
        }
        byte[] b = new byte[(int) len];
        in.readBytes(b, b.length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw fail(Reason.BAD_UTF8, what + " is not valid UTF-8");
        }
    }

    private Kv value(String key, GgufType type, long at) throws IOException {
        if (type != GgufType.ARRAY) {
            return new Kv(key, type, null, 1, type == GgufType.STRING ? readString() : in.scalar(type), at, -1);
        }
        long elemId = in.u32();
        GgufType et = GgufType.byIdOrNull(elemId);
        if (et == null) {
            throw fail(Reason.UNKNOWN_TYPE, "unknown array element type id " + elemId + " (known: 0..12)");
        }
        if (et == GgufType.ARRAY) {
            throw fail(Reason.NESTED_ARRAY, "array of arrays: llama.cpp refuses nested arrays");
        }
        long n = in.i64();
        if (n < 0) {
            throw fail(Reason.NEGATIVE, "array length " + Long.toUnsignedString(n) + " is negative as int64");
        }
        if (n > limits.maxArrayElements()) {
            throw fail(Reason.TOO_MANY, "array of " + n + " elements, more than the limit of "
                    + limits.maxArrayElements());
        }
        int elemBytes = et == GgufType.STRING ? 8 : et.size();
        long left = in.left();
        if (n > Long.MAX_VALUE / elemBytes) {
            throw fail(Reason.OVERFLOW, "array of " + n + " " + et + " elements: length x element size overflows");
        }
        if (n * elemBytes > left) {
            throw fail(Reason.EXCEEDS_FILE, "array of " + n + " " + et + " elements needs at least " + n * elemBytes
                    + " bytes, only " + left + " are left in the file");
        }
        long firstNonFinite = -1;
        if (et == GgufType.STRING) {
            for (long i = 0; i < n; i++) {
                skipString(i);
            }
        } else if (et == GgufType.FLOAT32 && key.startsWith("seal.reward.")) {
            for (long i = 0; i < n; i++) {
                float f = in.f32();
                if (firstNonFinite < 0 && !Float.isFinite(f)) {
                    firstNonFinite = i;
                }
            }
        } else {
            in.skip(n * elemBytes);
        }
        return new Kv(key, type, et, n, null, at, firstNonFinite);
    }

    /** A string value: kept when short, else skipped (returns null). */
    private String readString() throws IOException {
        long len = in.i64();
        checkStringLength(len, -1);
        if (len > KEEP_STRING_BYTES) {
            in.skip(len);
            return null;
        }
        byte[] b = new byte[(int) len];
        in.readBytes(b, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void skipString(long element) throws IOException {
        long len = in.i64();
        checkStringLength(len, element);
        in.skip(len);
    }

    private void checkStringLength(long len, long element) {
        String at = element >= 0 ? "element " + element + ": " : "";
        long left = in.left();
        if (len < 0) {
            throw fail(Reason.NEGATIVE, at + "string length " + Long.toUnsignedString(len) + " is negative as int64");
        }
        if (len > limits.maxStringBytes()) {
            throw fail(Reason.TOO_LONG, at + "string of " + len + " bytes, more than the limit of "
                    + limits.maxStringBytes());
        }
        if (len > left) {
            throw fail(Reason.EXCEEDS_FILE, at + "string length " + len + " exceeds the " + left
                    + " bytes left in the file");
        }
    }
}
