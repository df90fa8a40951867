package dev.seal.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes safetensors files (and sharded folders with an index) from floats, as the tests' Hugging Face models. */
final class SafetensorsWriter {
    record T(String name, String dtype, long[] shape, float[] data) {}

    private final Map<String, T> tensors = new LinkedHashMap<>();

    SafetensorsWriter add(String name, String dtype, float[] data, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + n + ", given " + data.length);
        }
        tensors.put(name, new T(name, dtype, shape, data));
        return this;
    }

    Map<String, T> tensors() {
        return tensors;
    }

    static byte[] encode(T t) {
        int size = switch (t.dtype()) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IllegalArgumentException(t.dtype());
        };
        ByteBuffer b = ByteBuffer.allocate(t.data().length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : t.data()) {
            switch (t.dtype()) {
                case "F32" -> b.putFloat(f);
                case "F16" -> b.putShort(Float.floatToFloat16(f));
                default -> b.putShort(TensorData.toBf16(f));
            }
        }
        return b.array();
    }

    /** One file with the given tensors. */
    static void write(Path file, List<T> ts) throws IOException {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.putObject("__metadata__").put("format", "pt");
        List<byte[]> datas = new ArrayList<>();
        long off = 0;
        for (T t : ts) {
            byte[] d = encode(t);
            datas.add(d);
            ObjectNode e = h.putObject(t.name());
            e.put("dtype", t.dtype());
            var sh = e.putArray("shape");
            for (long x : t.shape()) {
                sh.add(x);
            }
            e.putArray("data_offsets").add(off).add(off + d.length);
            off += d.length;
        }
        byte[] hj = Json.MAPPER.writeValueAsBytes(h);
        int pad = (8 - hj.length % 8) % 8;
        byte[] header = new byte[hj.length + pad];
        System.arraycopy(hj, 0, header, 0, hj.length);
        for (int i = hj.length; i < header.length; i++) {
            header[i] = ' ';
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        try (var out = Files.newOutputStream(file)) {
            out.write(len.array());
            out.write(header);
            for (byte[] d : datas) {
                out.write(d);
            }
        }
    }

    /** model.safetensors, or {@code shards} files plus model.safetensors.index.json. */
    void writeTo(Path dir, int shards) throws IOException {
        List<T> all = new ArrayList<>(tensors.values());
        if (shards <= 1) {
            write(dir.resolve(Checkpoint.SINGLE), all);
            return;
        }
        ObjectNode idx = Json.MAPPER.createObjectNode();
        idx.putObject("metadata").put("total_size", 0);
        ObjectNode map = idx.putObject("weight_map");
        int per = (all.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String name = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<T> part = all.subList(Math.min(all.size(), s * per), Math.min(all.size(), (s + 1) * per));
            write(dir.resolve(name), part);
            part.forEach(t -> map.put(t.name(), name));
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX), idx.toPrettyString(), StandardCharsets.UTF_8);
    }
}
