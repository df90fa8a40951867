package dev.seal.convert;

import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufOutput;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** Writes planned tensors' data as F32, F16 or BF16, row by row from the memory-mapped safetensors. */
final class TensorData {
    private TensorData() {}

    /** The type a planned tensor is stored as when the model's weights are {@code weights}. */
    static GgmlType typeOf(ModelLayout.Planned p, GgmlType weights) {
        return p.vector() ? GgmlType.F32 : weights;
    }

    static GgufStreamWriter.Source source(ModelLayout.Planned p, GgmlType type) {
        return sink -> write(p, type, sink);
    }

    private static void write(ModelLayout.Planned p, GgmlType type, GgufOutput sink) throws IOException {
        if (p.generated() != null) {
            for (float f : p.generated()) {
                sink.f32(f);
            }
            return;
        }
        HfTensor src = p.source();
        if (p.vector()) {
            // 1-D: permuted element-wise for q/k (and GPT-NeoX qkv) biases, one element per row of the weight
            long n = p.cols();
            for (long i = 0; i < n; i++) {
                put(sink, type, src.get(p.sourceRow(i)) + p.shift(), p);
            }
            return;
        }
        long rows = p.rows();
        int cols = (int) p.cols();
        boolean raw = (type == GgmlType.F32 && src.dtype() == SafetensorsFile.DType.F32)
                || (type == GgmlType.F16 && src.dtype() == SafetensorsFile.DType.F16)
                || (type == GgmlType.BF16 && src.dtype() == SafetensorsFile.DType.BF16);
        MemorySegment seg = src.segment();
        long rowBytes = (long) cols * src.dtype().size;
        float[] row = new float[cols];
        for (long r = 0; r < rows; r++) {
            long from = p.sourceRow(r);
            if (raw) {
                sink.segment(seg.asSlice(from * rowBytes, rowBytes));
            } else {
                src.readRow(from, row);
                for (float f : row) {
                    put(sink, type, f, p);
                }
            }
        }
    }

    private static void put(GgufOutput sink, GgmlType type, float f, ModelLayout.Planned p) throws IOException {
        switch (type) {
            case F32 -> sink.f32(f);
            case F16 -> {
                short h = Float.floatToFloat16(f);
                if (Float.isFinite(f) && Float.isInfinite(Float.float16ToFloat(h))) {
                    throw ConvertException.in(p.source().file(), "tensor '" + p.source().name() + "' has the value " + f
                            + ", which overflows f16: convert with --type bf16 or f32");
                }
                sink.i16(h);
            }
            case BF16 -> sink.i16(toBf16(f));
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    /** float to bfloat16, round to nearest even; NaN stays NaN. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
