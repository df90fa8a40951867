package dev.seal.convert;

import dev.seal.gguf.GgufFile;
import dev.seal.gguf.GgufValue;
import dev.seal.gguf.RewardHeadKeys;
import dev.seal.gguf.TensorInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code seal convert --head-from}: puts a score head into a GGUF made elsewhere (a base model converted by llama.cpp's
 * own tools, or a seal GGUF whose head should be replaced). The head comes from a Hugging Face folder (its
 * safetensors, plus id2label from config.json when there is one) or from a single {@code .safetensors} file; its
 * width must equal the GGUF's {@code <arch>.embedding_length}. Every metadata key and tensor of the GGUF is copied
 * unchanged (tensor bytes straight from the mapped file), old {@code seal.reward.*} keys are replaced, and the output
 * is written to a temporary file and renamed.
 */
public final class HeadAttacher {
    public static final String KEY_WEIGHT = RewardHeadKeys.WEIGHT;
    public static final String KEY_BIAS = RewardHeadKeys.BIAS;
    public static final String KEY_LABELS = RewardHeadKeys.LABELS;
    public static final String KEY_PAD = RewardHeadKeys.PAD_TOKEN_ID;

    public record Report(Path out, String architecture, int nLabels, int hidden, boolean bias, List<String> labels,
                         boolean replaced) {}

    private HeadAttacher() {}

    /**
     * @param headFrom   a Hugging Face folder or a .safetensors file holding the head
     * @param tensorName the head's weight tensor, or null for {@code score.weight}; its bias is the same name with
     *                   {@code .bias}
     */
    public static Report attach(Path headFrom, Path into, Path out, String tensorName) throws IOException {
        String wName = tensorName == null ? "score.weight" : tensorName;
        String bName = wName.endsWith(".weight") ? wName.substring(0, wName.length() - ".weight".length()) + ".bias"
                : wName + ".bias";
        if (!Files.isRegularFile(into)) {
            throw new java.nio.file.NoSuchFileException(into.toString());
        }
        GgufFile g = GgufFile.read(into);
        String arch = g.architecture();
        OptionalLong embd = g.optionalLong(arch + ".embedding_length");
        if (embd.isEmpty()) {
            throw ConvertException.in(into, "no " + arch + ".embedding_length: cannot check the head's width");
        }
        List<String> labels = null;
        int pad = -1;
        if (Files.isDirectory(headFrom) && Files.isRegularFile(headFrom.resolve("config.json"))) {
            var config = Json.readObject(headFrom.resolve("config.json"));
            labels = labelsOf(headFrom.resolve("config.json"), config);
            pad = config.path("pad_token_id").isIntegralNumber() ? config.get("pad_token_id").asInt() : -1;
        }
        ModelLayout.Head head;
        try (Checkpoint ck = Checkpoint.open(headFrom)) {
            HfTensor w = ck.get(wName);
            if (w == null) {
                throw ConvertException.in(headFrom, "no tensor '" + wName + "' (the head's weight; choose another with"
                        + " --head-tensor). It has e.g. " + ck.tensors().keySet().stream().limit(5).toList());
            }
            if (w.rank() == 2 && w.dim(1) != embd.getAsLong()) {
                throw ConvertException.in(w.file(), "head '" + wName + "' is " + w.dim(0) + " x " + w.dim(1) + " but "
                        + into.getFileName() + " has " + arch + ".embedding_length " + embd.getAsLong()
                        + ": the head belongs to a model of another width");
            }
            head = ModelLayout.headFrom(w, ck.get(bName), (int) embd.getAsLong(), labels);
        }
        boolean replaced = g.contains(KEY_WEIGHT);
        GgufStreamWriter sw = new GgufStreamWriter();
        for (Map.Entry<String, GgufValue> e : g.metadata().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("seal.reward.") || k.equals(GgufFile.KEY_ALIGNMENT)) {
                continue; // the head is replaced; the copy is laid out with the default alignment
            }
            sw.put(k, e.getValue());
        }
        long nVocab = g.contains("tokenizer.ggml.tokens") ? g.getStringList("tokenizer.ggml.tokens").size() : -1;
        if (pad >= 0 && nVocab >= 0 && pad >= nVocab) {
            throw ConvertException.in(headFrom.resolve("config.json"), "pad_token_id " + pad + " is not a token of "
                    + into.getFileName() + " (" + nVocab + " tokens): the head belongs to another model");
        }
        Converter.putHead(sw, head, pad);
        try (Arena arena = Arena.ofShared();
             FileChannel ch = FileChannel.open(into, StandardOpenOption.READ)) {
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            HashSet<String> names = new HashSet<>();
            for (TensorInfo t : g.tensors()) {
                names.add(t.name());
                long at = g.fileOffset(t);
                if (at + t.nbytes() > all.byteSize()) {
                    throw ConvertException.in(into, "tensor '" + t.name() + "' runs past the end of the file: truncated");
                }
                MemorySegment data = all.asSlice(at, t.nbytes());
                sw.addTensor(t.name(), t.dims(), t.type(), sink -> sink.segment(data));
            }
            sw.write(out);
        }
        return new Report(out, arch, head.nLabels(), head.hidden(), head.bias() != null, head.labels(), replaced);
    }

    private static List<String> labelsOf(Path config, com.fasterxml.jackson.databind.JsonNode root) {
        var m = root.get("id2label");
        if (m == null || !m.isObject() || m.isEmpty()) {
            return null;
        }
        java.util.TreeMap<Integer, String> byId = new java.util.TreeMap<>();
        m.properties().forEach(e -> {
            try {
                byId.put(Integer.parseInt(e.getKey().trim()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw ConvertException.in(config, "id2label key '" + e.getKey() + "' is not an integer");
            }
        });
        return List.copyOf(byId.values());
    }
}
