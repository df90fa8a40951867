package dev.seal.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one pipeline step was run on, and whether it finished: the digests of its input files and its options (the
 * key), and, once it completed, the digests of its outputs. Written atomically before the step starts (unfinished)
 * and after it completes, so a step is skipped only when a completed run with this very key left these very outputs.
 *
 * @param inputs   SHA-256 of each input file, by role
 * @param options  the step's options, by name
 * @param complete whether the step finished
 * @param outputs  SHA-256 of each output file, by file name in the output folder (empty until complete)
 */
record Stamp(Map<String, String> inputs, Map<String, String> options, boolean complete, Map<String, String> outputs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    Stamp {
        inputs = new TreeMap<>(inputs);
        options = new TreeMap<>(options);
        outputs = new TreeMap<>(outputs);
    }

    /** The stamp in {@code file}, or null when there is none or it cannot be read (then the step runs). */
    static Stamp read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Stamp.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = AtomicFiles.tempSibling(file, "tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        AtomicFiles.syncFile(tmp);
        AtomicFiles.publish(tmp, file);
    }

    boolean sameKey(Stamp other) {
        return other != null && inputs.equals(other.inputs) && options.equals(other.options);
    }

    Stamp completed(Map<String, String> outs) {
        return new Stamp(inputs, options, true, outs);
    }

    /** What differs from an earlier stamp's key, e.g. "option seed, input data"; empty when the keys are equal. */
    String changes(Stamp earlier) {
        List<String> d = new ArrayList<>();
        diff("option ", earlier.options, options, d);
        diff("input ", earlier.inputs, inputs, d);
        return String.join(", ", d);
    }

    private static void diff(String what, Map<String, String> a, Map<String, String> b, List<String> into) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                into.add(what + k);
            }
        }
    }
}
