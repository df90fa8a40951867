package dev.seal.convert;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A tensor of a safetensors file, in PyTorch order (row-major, last dimension fastest), read as floats on demand
 * from the file's mapping. A weight {@code [out, in]} is {@code out} rows of {@code in} elements, which is exactly
 * ggml's {@code ne = [in, out]}: the bytes need no transposing.
 */
public final class HfTensor {
    private final String name;
    private final Path file;
    private final SafetensorsFile.DType dtype;
    private final long[] shape;
    private final MemorySegment data;

    HfTensor(String name, Path file, SafetensorsFile.DType dtype, long[] shape, MemorySegment data) {
        this.name = name;
        this.file = file;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public SafetensorsFile.DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The raw little-endian bytes (a view of the mapping). */
    MemorySegment segment() {
        return data;
    }

    /** Rows for a 2-D tensor (1 for a vector). */
    long rows() {
        return shape.length == 2 ? shape[0] : 1;
    }

    /** Elements per row: the last dimension (the whole vector for 1-D). */
    long cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** Refuses dtypes seal does not convert, naming the tensor and file. */
    HfTensor requireFloat() {
        if (!dtype.isSupportedFloat()) {
            throw ConvertException.in(file, "tensor '" + name + "' has dtype " + dtype + "; seal convert reads F32, F16"
                    + " and BF16 weights (dequantize or re-save the model in one of those first)");
        }
        return this;
    }

    /** Element {@code i} (flat index) as a float. */
    float get(long i) {
        return switch (dtype) {
            case F32 -> data.get(SafetensorsFile.F32, i * 4);
            case F16 -> Float.float16ToFloat(data.get(SafetensorsFile.I16, i * 2));
            case BF16 -> Float.intBitsToFloat((data.get(SafetensorsFile.I16, i * 2) & 0xFFFF) << 16);
            default -> throw requireFloatFailure();
        };
    }

    private ConvertException requireFloatFailure() {
        try {
            requireFloat();
        } catch (ConvertException e) {
            return e;
        }
        throw new AssertionError();
    }

    /** Reads {@code n} elements from flat index {@code from} into {@code dst[at..]}. */
    void read(long from, float[] dst, int at, int n) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, SafetensorsFile.F32, from * 4, dst, at, n);
            case F16 -> {
                for (int k = 0; k < n; k++) {
                    dst[at + k] = Float.float16ToFloat(data.get(SafetensorsFile.I16, (from + k) * 2));
                }
            }
            case BF16 -> {
                for (int k = 0; k < n; k++) {
                    dst[at + k] = Float.intBitsToFloat((data.get(SafetensorsFile.I16, (from + k) * 2) & 0xFFFF) << 16);
                }
            }
            default -> throw requireFloatFailure();
        }
    }

    /** Row {@code r} of a 2-D tensor (the vector itself for 1-D) into {@code dst}, which holds {@link #cols()}. */
    void readRow(long r, float[] dst) {
        read(r * cols(), dst, 0, (int) cols());
    }

    /** All elements as floats (for small tensors and the reference forward pass). */
    public float[] toFloats() {
        requireFloat();
        long n = elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw ConvertException.in(file, "tensor '" + name + "' has " + n + " elements, too many for one Java array");
        }
        float[] out = new float[(int) n];
        read(0, out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " in " + file.getFileName();
    }
}
