package dev.seal.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a GGUF file's tensor table.
 *
 * @param name   tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dims   dimensions in ggml "ne" order: {@code dims[0]} (ne0) is the innermost, contiguous one, i.e. the row
 *               length; a PyTorch {@code [out, in]} weight is {@code {in, out}} here. 1 to 4 entries.
 * @param type   element type
 * @param offset byte offset of the data relative to the start of the data section ({@link GgufFile#dataOffset()})
 * @param nbytes byte size of the data ({@code elements / type.blockSize() * type.typeSize()})
 */
public record TensorInfo(String name, long[] dims, GgmlType type, long offset, long nbytes) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    /** The dimensions (a copy). */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Number of dimensions. */
    public int nDims() {
        return dims.length;
    }

    /** Dimension {@code i} (ne order), 1 past the stored ones as in ggml. */
    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    /** Product of the dimensions. */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims) && type == t.type
                && offset == t.offset && nbytes == t.nbytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset, nbytes);
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(dims) + " @" + offset + "+" + nbytes;
    }
}
