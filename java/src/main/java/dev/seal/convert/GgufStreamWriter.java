package dev.seal.convert;

import dev.seal.io.AtomicFiles;
import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufOutput;
import dev.seal.gguf.GgufValue;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF v3 writer that streams tensor data instead of holding it, for models of many gigabytes (dev.seal.gguf's
 * GgufWriter keeps every tensor in memory, which is right for tiny test models only). The layout is the same:
 * metadata in insertion order, tensors in the order added, each at an offset aligned to 32 bytes directly after the
 * padded previous one. Tensor data comes from a {@link Source} that must write exactly the bytes its type and dims
 * take; the writer checks that. The file is written to a temporary name next to the target, forced to disk and
 * renamed over it, so the target is either the old file or the complete new one, never a part.
 */
final class GgufStreamWriter {
    private static final int ALIGNMENT = 32;

    /** Writes one tensor's data into the sink. */
    @FunctionalInterface
    interface Source {
        void write(GgufOutput sink) throws IOException;
    }

    private record Tensor(String name, long[] ne, GgmlType type, long nbytes, Source source) {}

    private final Map<String, GgufValue> kv = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    GgufStreamWriter put(String key, GgufValue v) {
        kv.put(key, v);
        return this;
    }

    Map<String, GgufValue> metadata() {
        return kv;
    }

    GgufStreamWriter addTensor(String name, long[] ne, GgmlType type, Source source) {
        long n = 1;
        for (long d : ne) {
            n = Math.multiplyExact(n, d);
        }
        long bytes = type.bytesFor(n);
        if (bytes < 0) {
            throw new IllegalArgumentException(name + ": " + n + " elements is not a whole number of " + type + " blocks");
        }
        for (Tensor t : tensors) {
            if (t.name.equals(name)) {
                throw new IllegalArgumentException("duplicate tensor " + name);
            }
        }
        tensors.add(new Tensor(name, ne.clone(), type, bytes, source));
        return this;
    }

    /** Writes the whole file atomically (temp file + rename); on failure the target is untouched. */
    Path write(Path out) throws IOException {
        Path target = out.toAbsolutePath();
        Path tmp = AtomicFiles.tempSibling(target, "tmp");
        tmp.toFile().deleteOnExit(); // an interrupted conversion (Ctrl-C) leaves no temporary behind
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                GgufOutput s = new GgufOutput(ch);
                writeTo(s);
                s.flush();
                ch.force(true);
            }
            AtomicFiles.publish(tmp, target);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        return out;
    }

    private void writeTo(GgufOutput o) throws IOException {
        o.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        o.i32(3);
        o.i64(tensors.size());
        o.i64(kv.size());
        for (Map.Entry<String, GgufValue> e : kv.entrySet()) {
            o.string(e.getKey());
            o.i32(e.getValue().type().id());
            o.value(e.getValue());
        }
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Tensor t : tensors) {
            o.string(t.name);
            o.i32(t.ne.length);
            for (long d : t.ne) {
                o.i64(d);
            }
            o.i32(t.type.id());
            o.i64(offset);
            offsets.add(offset);
            offset = pad(offset + t.nbytes);
        }
        o.zeros(pad(o.position()) - o.position());
        long dataStart = o.position();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            long at = o.position() - dataStart;
            if (at != offsets.get(i)) {
                throw new IllegalStateException("tensor " + t.name + " at " + at + ", promised " + offsets.get(i));
            }
            t.source.write(o);
            long wrote = o.position() - dataStart - at;
            if (wrote != t.nbytes) {
                throw new IllegalStateException("tensor " + t.name + ": wrote " + wrote + " bytes, " + t.type + " "
                        + java.util.Arrays.toString(t.ne) + " takes " + t.nbytes);
            }
            o.zeros(pad(o.position()) - o.position());
        }
    }

    private static long pad(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

}
