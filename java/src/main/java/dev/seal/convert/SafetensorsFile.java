package dev.seal.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory-mapped {@code .safetensors} file: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "BF16", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}), then the
 * data section, which the offsets index.
 *
 * <p>Everything the header claims is checked against the file before a byte is read: the header fits the file, every
 * dtype is one the format defines, every shape is non-negative, every tensor's byte range has exactly
 * {@code elements * dtype size} bytes and lies inside the data section (a truncated download fails here, naming the
 * tensor), and no two ranges overlap. Tensor data stays on disk: {@link HfTensor}s read the mapping on demand.
 * Closing the file unmaps it; tensors of a closed file must not be used.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** A header longer than this is garbage, not a model (real headers are well under 1 MiB). */
    static final long MAX_HEADER_BYTES = 100L << 20;

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The dtypes of the safetensors format, with their element sizes. */
    public enum DType {
        BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8),
        I64(8), U64(8);

        final int size;

        DType(int size) {
            this.size = size;
        }

        /** F32, F16 or BF16: the float formats seal reads. */
        public boolean isSupportedFloat() {
            return this == F32 || this == F16 || this == BF16;
        }
    }

    private final Path path;
    private final Arena arena;
    private final Map<String, HfTensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, Map<String, HfTensor> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps and validates a file; see the class comment for what is checked. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        boolean ok = false;
        try (FileChannel ch = openChannel(path)) {
            long size = ch.size();
            if (size < 8) {
                throw ConvertException.in(path, "safetensors file is " + size + " bytes, shorter than its 8-byte header"
                        + " length (truncated or not a safetensors file)");
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long n = all.get(I64, 0);
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw ConvertException.in(path, "safetensors header length " + Long.toUnsignedString(n)
                        + " is implausible (expected 2 to " + MAX_HEADER_BYTES + " bytes): not a safetensors file?");
            }
            if (8 + n > size) {
                throw ConvertException.in(path, "safetensors header says " + n + " bytes of JSON but the file has only "
                        + (size - 8) + " after the length: the file is truncated");
            }
            byte[] header = all.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = all.asSlice(8 + n);
            Map<String, String> meta = new LinkedHashMap<>();
            Map<String, HfTensor> ts = parseHeader(path, header, data, meta);
            ok = true;
            return new SafetensorsFile(path, arena, Collections.unmodifiableMap(ts), Collections.unmodifiableMap(meta));
        } finally {
            if (!ok) {
                arena.close();
            }
        }
    }

    private static FileChannel openChannel(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static Map<String, HfTensor> parseHeader(Path path, byte[] header, MemorySegment data,
                                                     Map<String, String> meta) {
        JsonNode root;
        try {
            root = Json.parse(header);
        } catch (JacksonException e) {
            throw ConvertException.in(path, "safetensors header is not valid JSON (" + e.getOriginalMessage()
                    + "): the file is corrupt or not a safetensors file");
        }
        if (root == null || !root.isObject()) {
            throw ConvertException.in(path, "safetensors header is not a JSON object");
        }
        long dataSize = data.byteSize();
        Map<String, HfTensor> out = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (v.isObject()) {
                    v.properties().forEach(m -> meta.put(m.getKey(), m.getValue().asText()));
                }
                continue;
            }
            String where = "tensor '" + name + "'";
            if (!v.isObject()) {
                throw ConvertException.in(path, where + ": header entry is not an object");
            }
            JsonNode dt = v.get("dtype");
            if (dt == null || !dt.isTextual()) {
                throw ConvertException.in(path, where + ": no dtype in the header");
            }
            DType dtype;
            try {
                dtype = DType.valueOf(dt.asText());
            } catch (IllegalArgumentException ex) {
                throw ConvertException.in(path, where + ": unknown dtype '" + dt.asText() + "' (the safetensors format"
                        + " defines " + java.util.Arrays.toString(DType.values()) + ")");
            }
            JsonNode sh = v.get("shape");
            if (sh == null || !sh.isArray()) {
                throw ConvertException.in(path, where + ": no shape in the header");
            }
            long[] shape = new long[sh.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = sh.get(i);
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                    throw ConvertException.in(path, where + ": bad shape " + sh);
                }
                shape[i] = d.asLong();
                try {
                    elements = Math.multiplyExact(elements, shape[i]);
                } catch (ArithmeticException ex) {
                    throw ConvertException.in(path, where + ": shape " + sh + " overflows");
                }
            }
            JsonNode off = v.get("data_offsets");
            if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                    || !off.get(1).isIntegralNumber()) {
                throw ConvertException.in(path, where + ": data_offsets must be [begin, end]");
            }
            long begin = off.get(0).asLong();
            long end = off.get(1).asLong();
            if (begin < 0 || end < begin) {
                throw ConvertException.in(path, where + ": bad data_offsets [" + begin + ", " + end + "]");
            }
            long want;
            try {
                want = Math.multiplyExact(elements, (long) dtype.size);
            } catch (ArithmeticException ex) {
                throw ConvertException.in(path, where + ": shape " + sh + " overflows");
            }
            if (end - begin != want) {
                throw ConvertException.in(path, where + ": data_offsets [" + begin + ", " + end + "] hold "
                        + (end - begin) + " bytes but " + dtype + " " + sh + " needs " + want);
            }
            if (end > dataSize) {
                throw ConvertException.in(path, where + ": data_offsets [" + begin + ", " + end + "] run past the end"
                        + " of the file (its data section has " + dataSize + " bytes): the file is truncated");
            }
            ranges.add(new long[] {begin, end});
            rangeNames.add(name);
            out.put(name, new HfTensor(name, path, dtype, shape, data.asSlice(begin, end - begin)));
        }
        checkOverlaps(path, ranges, rangeNames);
        return out;
    }

    private static void checkOverlaps(Path path, List<long[]> ranges, List<String> names) {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong(i -> ranges.get(i)[0]));
        for (int k = 1; k < order.length; k++) {
            long[] prev = ranges.get(order[k - 1]);
            long[] cur = ranges.get(order[k]);
            if (cur[0] < prev[1] && cur[1] > cur[0] && prev[1] > prev[0]) {
                throw ConvertException.in(path, "tensors '" + names.get(order[k - 1]) + "' and '" + names.get(order[k])
                        + "' overlap in the data section: the file is corrupt");
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Tensors by name, in header order. */
    public Map<String, HfTensor> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} (e.g. {@code format: pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
