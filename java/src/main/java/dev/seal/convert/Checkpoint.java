package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face model: one {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json} (its {@code weight_map} names each tensor's file), all memory-mapped.
 * Inconsistencies are errors naming the file: a shard the index lists but the folder lacks, a tensor the index maps
 * to a file that does not contain it, the same tensor in two files.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Path source;
    private final List<SafetensorsFile> files;
    private final Map<String, HfTensor> tensors;

    private Checkpoint(Path source, List<SafetensorsFile> files, Map<String, HfTensor> tensors) {
        this.source = source;
        this.files = files;
        this.tensors = tensors;
    }

    /**
     * Opens a folder (index, single file, or, as a last resort, every {@code *.safetensors} in it) or one
     * {@code .safetensors} file.
     */
    public static Checkpoint open(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return fromFiles(path, List.of(path), null);
        }
        if (!Files.isDirectory(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        Path index = path.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            return fromIndex(path, index);
        }
        Path single = path.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            return fromFiles(path, List.of(single), null);
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(path)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        if (!all.isEmpty()) {
            return fromFiles(path, all, null);
        }
        boolean pt = Files.exists(path.resolve("pytorch_model.bin")) || Files.exists(path.resolve("pytorch_model.bin.index.json"));
        throw ConvertException.in(path, "no model.safetensors, " + INDEX + " or *.safetensors here"
                + (pt ? " (only pytorch_model.bin: seal reads safetensors; re-save the model with"
                + " save_pretrained(..., safe_serialization=True))" : ""));
    }

    private static Checkpoint fromIndex(Path dir, Path index) throws IOException {
        JsonNode root = Json.readObject(index);
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw ConvertException.in(index, "no weight_map object (tensor name -> shard file)");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        Map<String, Path> shards = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw ConvertException.in(index, "weight_map['" + e.getKey() + "'] is not a file name");
            }
            String f = e.getValue().asText();
            Path p = dir.resolve(f).normalize();
            if (!p.startsWith(dir.normalize())) {
                throw ConvertException.in(index, "weight_map['" + e.getKey() + "'] points outside the folder: " + f);
            }
            if (!Files.isRegularFile(p)) {
                throw ConvertException.in(index, "lists shard " + f + " (for tensor '" + e.getKey()
                        + "'), which is missing from " + dir + ": incomplete download?");
            }
            weightMap.put(e.getKey(), f);
            shards.put(f, p);
        }
        return fromFiles(dir, new ArrayList<>(shards.values()), weightMap);
    }

    private static Checkpoint fromFiles(Path source, List<Path> paths, Map<String, String> weightMap)
            throws IOException {
        List<SafetensorsFile> opened = new ArrayList<>();
        boolean ok = false;
        try {
            Map<String, HfTensor> all = new LinkedHashMap<>();
            Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
            for (Path p : paths) {
                SafetensorsFile f = SafetensorsFile.open(p);
                opened.add(f);
                byName.put(p.getFileName().toString(), f);
                for (HfTensor t : f.tensors().values()) {
                    HfTensor prev = all.get(t.name());
                    if (prev != null && weightMap == null) {
                        throw ConvertException.in(source, "tensor '" + t.name() + "' is in both "
                                + prev.file().getFileName() + " and " + p.getFileName());
                    }
                    if (weightMap == null) {
                        all.put(t.name(), t);
                    }
                }
            }
            if (weightMap != null) {
                Path index = source.resolve(INDEX);
                for (Map.Entry<String, String> e : weightMap.entrySet()) {
                    SafetensorsFile f = byName.get(Path.of(e.getValue()).getFileName().toString());
                    HfTensor t = f == null ? null : f.tensors().get(e.getKey());
                    if (t == null) {
                        throw ConvertException.in(index, "maps tensor '" + e.getKey() + "' to " + e.getValue()
                                + ", which does not contain it: the index and the shards disagree");
                    }
                    all.put(e.getKey(), t);
                }
            }
            ok = true;
            return new Checkpoint(source, List.copyOf(opened), Collections.unmodifiableMap(all));
        } finally {
            if (!ok) {
                opened.forEach(SafetensorsFile::close);
            }
        }
    }

    public Path source() {
        return source;
    }

    /** Every tensor by name. */
    public Map<String, HfTensor> tensors() {
        return tensors;
    }

    /** A tensor that must exist. */
    public HfTensor require(String name) {
        HfTensor t = tensors.get(name);
        if (t == null) {
            throw ConvertException.in(source, "tensor '" + name + "' is missing from the checkpoint");
        }
        return t;
    }

    public HfTensor get(String name) {
        return tensors.get(name);
    }

    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
