package dev.seal.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header, metadata and tensor table of a GGUF file (see {@link GgufFile#read(Path)}), reading through a
 * {@link GgufInput}.
 *
 * <p>Every count and length is checked before anything is allocated or looped over: against the bytes left in the
 * file (each element needs at least its minimum encoded size), against Java's array limit, and against a budget for
 * the whole metadata section, so a garbage count fails fast with a message instead of an OOM or a long loop.
 */
final class GgufReader {
    /**
     * Default cap on the decoded metadata, in the bytes {@link #charge} counts; the largest real tokenizers (gemma's
     * 262k tokens and scores, llama 3's 280k merges) need under 60 MiB.
     */
    static final long DEFAULT_MAX_METADATA_BYTES = 512L << 20;
    /**
     * What a decoded string costs on the heap beyond its bytes (String and byte[] headers, a list slot): charged per
     * string so that an array of millions of empty strings, cheap in the file, still hits the budget.
     */
    private static final int STRING_OVERHEAD = 48;

    /** Nested arrays deeper than this are garbage, and deep recursion would overflow the stack. */
    private static final int MAX_ARRAY_DEPTH = 16;
    /** Largest Java array (a little under Integer.MAX_VALUE on HotSpot). */
    private static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    // minimum encoded sizes, used to bound counts by the bytes left in the file
    private static final int MIN_KV_BYTES = 8 + 4 + 1;          // key length, value type, 1-byte value
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8; // name length, n_dims, type, offset
    private static final int MIN_STRING_BYTES = 8;
    private static final int MIN_ARRAY_BYTES = 4 + 8;

    private final Path path;
    private final String file;
    private final GgufInput in;
    private final long size;
    private final long maxMetadataBytes;
    /** What is being read, for messages: "header", "key 'x'", "tensor #3 'y'". */
    private String where = "header";
    /** Bytes of decoded metadata so far, see {@link #charge}. */
    private long charged;

    private GgufReader(Path path, FileChannel ch, long maxMetadataBytes) throws IOException {
        this.path = path;
        this.file = path.toString();
        this.in = new GgufInput(GgufInput.Source.of(ch), detail -> fail("truncated: " + detail));
        this.size = in.size();
        this.maxMetadataBytes = maxMetadataBytes;
    }

    static GgufFile read(Path path, long maxMetadataBytes) throws IOException {
        if (maxMetadataBytes <= 0) {
            throw new IllegalArgumentException("maxMetadataBytes must be positive: " + maxMetadataBytes);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return new GgufReader(path, ch, maxMetadataBytes).parse();
        }
    }

    private GgufFile parse() throws IOException {
        // ---- header
        if (size < 4) {
            throw fail("file is " + size + " bytes, too short for the GGUF magic");
        }
        byte[] magic = new byte[4];
        in.readBytes(magic, 4);
        if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
            throw fail("bad magic " + describeMagic(magic) + ", expected \"GGUF\": not a GGUF file");
        }
        if (size < 8) {
            throw fail("file is " + size + " bytes, too short for the GGUF version");
        }
        long version = in.u32();
        if (version == 1) {
            throw fail("GGUF version 1 is not supported (only 2 and 3; re-convert the model)");
        }
        if (version != 2 && version != 3) {
            if ((version & 0xFFFF) == 0 && (version >>> 16) != 0) {
                throw fail("version field is 0x" + Long.toHexString(version)
                        + ": this looks like a big-endian GGUF file, only little-endian files are supported");
            }
            throw fail("unsupported GGUF version " + version + " (supported: 2, 3)");
        }
        long nTensors = in.i64();
        long nKv = in.i64();
        long left = in.left();
        if (nTensors < 0 || nTensors > left / MIN_TENSOR_INFO_BYTES) {
            throw fail("tensor count " + Long.toUnsignedString(nTensors) + " cannot fit in the " + left
                    + " bytes after the header (each tensor info takes at least " + MIN_TENSOR_INFO_BYTES + ")");
        }
        if (nKv < 0 || nKv > left / MIN_KV_BYTES) {
            throw fail("key/value count " + Long.toUnsignedString(nKv) + " cannot fit in the " + left
                    + " bytes after the header (each key/value takes at least " + MIN_KV_BYTES + ")");
        }
        if (nTensors * MIN_TENSOR_INFO_BYTES + nKv * MIN_KV_BYTES > left) {
            throw fail(nKv + " key/values and " + nTensors + " tensor infos cannot fit in the " + left
                    + " bytes after the header");
        }

        // ---- key/value pairs
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            where = "key #" + i;
            String key = readString(-1);
            if (key.isEmpty()) {
                throw fail("key is empty");
            }
            where = "key '" + key + "'";
            if (kv.containsKey(key)) {
                throw fail("duplicate key (key #" + i + ")");
            }
            long typeId = in.u32();
            GgufType type = GgufType.byIdOrNull(typeId);
            if (type == null) {
                throw fail("unknown value type id " + typeId);
            }
            kv.put(key, readValue(type, 0));
        }

        int alignment = GgufFile.DEFAULT_ALIGNMENT;
        GgufValue a = kv.get(GgufFile.KEY_ALIGNMENT);
        if (a != null) {
            where = "key '" + GgufFile.KEY_ALIGNMENT + "'";
            if (a.type() != GgufType.UINT32) {
                throw fail("must be UINT32 but is " + a.typeName());
            }
            long al = a.asLong();
            if (al == 0 || (al & (al - 1)) != 0 || al > (1 << 30)) {
                throw fail("alignment " + al + " is not a power of two (up to 2^30)");
            }
            alignment = (int) al;
        }

        // ---- tensor infos
        List<TensorInfo> tensors = new ArrayList<>((int) Math.min(nTensors, 4096));
        Map<String, Integer> seen = new HashMap<>();
        for (long i = 0; i < nTensors; i++) {
            where = "tensor #" + i;
            String name = readString(-1);
            where = "tensor #" + i + " '" + name + "'";
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > GgufFile.MAX_TENSOR_NAME_BYTES) {
                throw fail("name is " + nameBytes + " bytes, ggml allows at most " + GgufFile.MAX_TENSOR_NAME_BYTES);
            }
            Integer prev = seen.putIfAbsent(name, (int) i);
            if (prev != null) {
                throw fail("duplicate tensor name (also tensor #" + prev + ")");
            }
            where = "tensor '" + name + "'";
            long nDims = in.u32();
            if (nDims > GgufFile.MAX_DIMS) {
                throw fail(nDims + " dimensions, ggml allows at most " + GgufFile.MAX_DIMS);
            }
            long[] dims = new long[(int) nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = in.i64();
                if (dims[d] < 0) {
                    throw fail("dimension " + d + " is negative (" + dims[d] + ")");
                }
                try {
                    elements = Math.multiplyExact(elements, dims[d]);
                } catch (ArithmeticException e) {
                    throw fail("element count overflows 64 bits (dims " + java.util.Arrays.toString(dims) + ")");
                }
            }
            long typeId = in.u32();
            GgmlType type = GgmlType.byIdOrNull(typeId);
            if (type == null) {
                throw fail(GgmlType.describeUnknown(typeId));
            }
            if (nDims > 0 && dims[0] % type.blockSize() != 0) {
                throw fail("row length (ne0) " + dims[0] + " is not a multiple of the " + type + " block size "
                        + type.blockSize());
            }
            long nbytes;
            try {
                nbytes = type.bytesFor(elements);
            } catch (ArithmeticException e) {
                throw fail("byte size overflows 64 bits");
            }
            long offset = in.i64();
            if (offset < 0) {
                throw fail("offset " + Long.toUnsignedString(offset) + " lies beyond the end of the file");
            }
            if (offset % alignment != 0) {
                throw fail("offset " + offset + " is not a multiple of the alignment " + alignment);
            }
            tensors.add(new TensorInfo(name, dims, type, offset, nbytes));
        }

        // ---- data section: aligned when there are tensors (as ggml's gguf_get_data_offset)
        where = "data section";
        long dataOffset = in.pos();
        if (!tensors.isEmpty()) {
            dataOffset = (dataOffset + alignment - 1) / alignment * alignment;
            if (dataOffset > size) {
                throw fail("starts at " + dataOffset + ", beyond the end of the file (" + size + " bytes)");
            }
        }
        long dataBytes = size - dataOffset;
        for (TensorInfo t : tensors) {
            // written as two comparisons so that no sum can overflow
            if (t.offset() > dataBytes || t.nbytes() > dataBytes - t.offset()) {
                where = "tensor '" + t.name() + "'";
                throw fail("data (offset " + t.offset() + ", " + t.nbytes() + " bytes) extends beyond the end of the"
                        + " file (data section starts at " + dataOffset + ", file is " + size + " bytes)");
            }
        }
        return new GgufFile(path, (int) version, size, alignment, dataOffset,
                Collections.unmodifiableMap(kv), List.copyOf(tensors));
    }

    // ---- values -------------------------------------------------------------------------------------------------------

    private GgufValue readValue(GgufType type, int depth) throws IOException {
        return switch (type) {
            case STRING -> GgufValue.scalar(type, readString(-1));
            case ARRAY -> readArray(depth);
            default -> GgufValue.scalar(type, in.scalar(type));
        };
    }

    private GgufValue readArray(int depth) throws IOException {
        if (depth >= MAX_ARRAY_DEPTH) {
            throw fail("arrays nested more than " + MAX_ARRAY_DEPTH + " deep");
        }
        long typeId = in.u32();
        GgufType et = GgufType.byIdOrNull(typeId);
        if (et == null) {
            throw fail("unknown array element type id " + typeId);
        }
        long n = in.i64();
        int minBytes = et.size() > 0 ? et.size() : et == GgufType.STRING ? MIN_STRING_BYTES : MIN_ARRAY_BYTES;
        long left = in.left();
        if (n < 0 || n > left / minBytes) {
            throw fail("array of " + Long.toUnsignedString(n) + " " + et + " elements cannot fit in the " + left
                    + " bytes left in the file");
        }
        if (n > MAX_JAVA_ARRAY) {
            throw fail("array of " + n + " elements is larger than a Java array can be");
        }
        charge(n * (et == GgufType.STRING || et == GgufType.ARRAY ? 8 : minBytes)); // elements or references
        int len = (int) n;
        return switch (et) {
            case UINT8, INT8, BOOL -> {
                byte[] b = new byte[len];
                in.readBytes(b, len);
                if (et != GgufType.BOOL) {
                    yield GgufValue.array(et, b);
                }
                boolean[] z = new boolean[len];
                for (int i = 0; i < len; i++) {
                    z[i] = b[i] != 0;
                }
                yield GgufValue.array(et, z);
            }
            case UINT16, INT16 -> {
                short[] v = new short[len];
                in.readElements(len, 2, (b, i, k) -> b.asShortBuffer().get(v, i, k));
                yield GgufValue.array(et, v);
            }
            case UINT32, INT32 -> {
                int[] v = new int[len];
                in.readElements(len, 4, (b, i, k) -> b.asIntBuffer().get(v, i, k));
                yield GgufValue.array(et, v);
            }
            case FLOAT32 -> {
                float[] v = new float[len];
                in.readElements(len, 4, (b, i, k) -> b.asFloatBuffer().get(v, i, k));
                yield GgufValue.array(et, v);
            }
            case UINT64, INT64 -> {
                long[] v = new long[len];
                in.readElements(len, 8, (b, i, k) -> b.asLongBuffer().get(v, i, k));
                yield GgufValue.array(et, v);
            }
            case FLOAT64 -> {
                double[] v = new double[len];
                in.readElements(len, 8, (b, i, k) -> b.asDoubleBuffer().get(v, i, k));
                yield GgufValue.array(et, v);
            }
            case STRING -> {
                // no pre-sizing beyond what the file can hold: the list grows only as strings are really read
                List<String> v = new ArrayList<>((int) Math.min(len, 1 << 16));
                for (int i = 0; i < len; i++) {
                    v.add(readString(i)); // charges each string
                }
                yield GgufValue.array(et, Collections.unmodifiableList(v));
            }
            case ARRAY -> {
                List<GgufValue> v = new ArrayList<>((int) Math.min(len, 1 << 12));
                for (int i = 0; i < len; i++) {
                    charge(STRING_OVERHEAD);
                    v.add(readArray(depth + 1));
                }
                yield GgufValue.array(et, Collections.unmodifiableList(v));
            }
        };
    }

    /**
     * Reads a string; {@code element} is its index in a string array, or -1, for the message. The length is checked
     * against the bytes left before anything is allocated.
     */
    private String readString(long element) throws IOException {
        long len = in.i64();
        long left = in.left();
        if (len < 0 || len > left) {
            throw fail((element >= 0 ? "element " + element + ": " : "") + "string length "
                    + Long.toUnsignedString(len) + " exceeds the " + left + " bytes left in the file");
        }
        if (len > MAX_JAVA_ARRAY) {
            throw fail((element >= 0 ? "element " + element + ": " : "") + "string of " + len
                    + " bytes is larger than a Java array can be");
        }
        charge(len + STRING_OVERHEAD);
        if (len == 0) {
            return "";
        }
        byte[] b = new byte[(int) len];
        in.readBytes(b, (int) len);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Counts {@code bytes} of heap that decoding is about to allocate, and fails before allocating when the total
     * would pass the budget. The file-size checks alone bound allocations by the file size, which for a multi-GB
     * model is not a bound at all; this keeps a damaged file from exhausting the heap.
     */
    private void charge(long bytes) {
        charged += bytes;
        if (charged > maxMetadataBytes) {
            throw fail("metadata would exceed the limit of " + maxMetadataBytes + " decoded bytes (at offset "
                    + in.pos() + "; raise it with GgufFile.read(path, maxMetadataBytes) if the file is genuine)");
        }
    }

    private GgufFormatException fail(String problem) {
        return new GgufFormatException(file + ": " + where + ": " + problem);
    }

    private static String describeMagic(byte[] m) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : m) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
