package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every way a Hugging Face folder can be broken gets an error naming the file and the problem, and no output. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path folder(String name, TinyHf.Spec spec) throws IOException {
        return TinyHf.write(dir.resolve(name), spec);
    }

    private Path llama(String name) throws IOException {
        return folder(name, TinyHf.Spec.llama().withDtype("BF16").withShards(1));
    }

    /** Runs the conversion, expects a ConvertException whose message has every fragment, and no output file. */
    private String fails(Path hf, String... fragments) throws IOException {
        Path out = dir.resolve("out-" + hf.getFileName() + ".gguf");
        ConvertException e = assertThrows(ConvertException.class, () -> Converter.convert(hf, out, Converter.Options.of("f32")));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        assertFalse(Files.exists(out), "no output after a failure");
        assertNoTemporaries();
        System.out.println("seal-test: bad input -> " + e.getMessage());
        return e.getMessage();
    }

    private void assertNoTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }

    private static void editConfig(Path hf, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) Json.readObject(hf.resolve("config.json"));
        edit.accept(c);
        Files.writeString(hf.resolve("config.json"), c.toPrettyString());
    }

    /** Rewrites a safetensors header (the data section stays as it is). */
    static void editHeader(Path file, Consumer<ObjectNode> edit) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree(Arrays.copyOfRange(all, 8, (int) (8 + n)));
        edit.accept(h);
        byte[] nh = Json.MAPPER.writeValueAsBytes(h);
        ByteBuffer out = ByteBuffer.allocate(8 + nh.length + all.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(nh.length).put(nh).put(all, (int) (8 + n), all.length - 8 - (int) n);
        Files.write(file, out.array());
    }

    @Test
    void configProblems() throws IOException {
        Path hf = llama("cfg");
        String orig = Files.readString(hf.resolve("config.json"));

        editConfig(hf, c -> c.putArray("architectures").add("GPT2ForSequenceClassification"));
        fails(hf, "config.json", "not supported yet: GPT2ForSequenceClassification", "LlamaForSequenceClassification",
                "DebertaV2ForSequenceClassification");

        editConfig(hf, c -> c.putArray("architectures").add("LlamaForCausalLM"));
        fails(hf, "not supported yet: LlamaForCausalLM", "--head-from");

        Files.writeString(hf.resolve("config.json"), orig);
        editConfig(hf, c -> c.remove("hidden_size"));
        fails(hf, "config.json", "missing \"hidden_size\"");

        Files.writeString(hf.resolve("config.json"), "{\"architectures\": [");
        fails(hf, "config.json", "not valid JSON");

        Files.writeString(hf.resolve("config.json"), orig);
        editConfig(hf, c -> c.put("hidden_act", "gelu"));
        fails(hf, "config.json", "hidden_act 'gelu'");

        Files.writeString(hf.resolve("config.json"), orig);
        editConfig(hf, c -> ((ObjectNode) c.get("rope_scaling")).put("rope_type", "dynamic"));
        fails(hf, "config.json", "rope type 'dynamic'");

        Files.delete(hf.resolve("config.json"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Converter.convert(hf, dir.resolve("x.gguf"), Converter.Options.of("f16")));
        assertTrue(e.getFile().endsWith("config.json"), e.getFile());
    }

    @Test
    void shapeAndTensorProblems() throws IOException {
        Path hf = llama("shapes");
        String orig = Files.readString(hf.resolve("config.json"));
        editConfig(hf, c -> c.put("intermediate_size", 96));
        fails(hf, "model.safetensors", "model.layers.0.mlp.gate_proj.weight", "[128, 64]", "config.json implies [96, 64]");

        editConfig(hf, c -> c.put("num_key_value_heads", 4));
        editConfig(hf, c -> c.put("intermediate_size", 128));
        fails(hf, "self_attn.k_proj.weight", "[32, 64]", "[64, 64]");

        Files.writeString(hf.resolve("config.json"), orig);
        editConfig(hf, c -> {
            c.put("num_labels", 2);
            c.putObject("id2label").put("0", "a").put("1", "b");
        });
        fails(hf, "score", "2");

        Files.writeString(hf.resolve("config.json"), orig);
        Path st = hf.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(st);
        editHeader(st, h -> h.remove("model.layers.1.mlp.up_proj.weight"));
        fails(hf, "tensor 'model.layers.1.mlp.up_proj.weight' is missing");

        var extra = TinyHf.weights(TinyHf.Spec.llama().withDtype("BF16"), 128256);
        extra.add("v_head.weight", "BF16", new float[64], 1, 64);
        extra.writeTo(hf, 1);
        fails(hf, "v_head.weight", "does not have");

        Files.write(st, good);
        editHeader(st, h -> ((ObjectNode) h.get("model.norm.weight")).put("dtype", "I16"));
        fails(hf, "model.safetensors", "model.norm.weight", "dtype I16", "F32, F16 and BF16");
    }

    @Test
    void safetensorsProblems() throws IOException {
        Path f = dir.resolve("t.safetensors");
        SafetensorsWriter.write(f, List.of(
                new SafetensorsWriter.T("a", "F32", new long[] {4, 8}, new float[32]),
                new SafetensorsWriter.T("b", "BF16", new long[] {16}, new float[16])));
        byte[] good = Files.readAllBytes(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertEquals(List.of("a", "b"), List.copyOf(s.tensors().keySet()));
            assertArrayEquals(new long[] {4, 8}, s.tensors().get("a").shape());
        }
        Files.write(f, Arrays.copyOf(good, good.length - 10));
        opens(f, "'b'", "run past the end", "truncated");

        Files.write(f, Arrays.copyOf(good, 5));
        opens(f, "shorter than its 8-byte header");

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        Files.write(f, huge);
        opens(f, "header length", "implausible");

        byte[] longer = good.clone();
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length + 100);
        Files.write(f, longer);
        opens(f, "header says", "truncated");

        byte[] garbled = good.clone();
        garbled[9] = '#';
        Files.write(f, garbled);
        opens(f, "header is not valid JSON");

        Files.write(f, good);
        editHeader(f, h -> ((ObjectNode) h.get("a")).put("dtype", "F7"));
        opens(f, "'a'", "unknown dtype 'F7'");

        Files.write(f, good);
        editHeader(f, h -> ((ObjectNode) h.get("a")).putArray("shape").add(4).add(9));
        opens(f, "'a'", "data_offsets", "needs 144");

        Files.write(f, good);
        editHeader(f, h -> ((ObjectNode) h.get("b")).putArray("data_offsets").add(96).add(128));
        opens(f, "overlap");

        Files.write(f, good);
        editHeader(f, h -> ((ObjectNode) h.get("a")).putArray("data_offsets").add(-1).add(127));
        opens(f, "bad data_offsets");
    }

    private static void opens(Path f, String... fragments) {
        Executable open = () -> SafetensorsFile.open(f).close();
        ConvertException e = assertThrows(ConvertException.class, open);
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        }
        System.out.println("seal-test: bad safetensors -> " + e.getMessage());
    }

    @Test
    void shardProblems() throws IOException {
        Path hf = folder("shards", TinyHf.Spec.llama().withDtype("BF16").withShards(3));
        Path second = hf.resolve("model-00002-of-00003.safetensors");
        Path moved = dir.resolve("moved.safetensors");
        Files.move(second, moved);
        fails(hf, "model.safetensors.index.json", "model-00002-of-00003.safetensors", "missing");

        Files.move(moved, second);
        ObjectNode idx = (ObjectNode) Json.readObject(hf.resolve(Checkpoint.INDEX));
        ((ObjectNode) idx.get("weight_map")).put("model.norm.weight", "model-00001-of-00003.safetensors");
        Files.writeString(hf.resolve(Checkpoint.INDEX), idx.toString());
        fails(hf, "model.safetensors.index.json", "model.norm.weight", "does not contain it");

        Path empty = Files.createDirectories(dir.resolve("pt"));
        Files.copy(hf.resolve("config.json"), empty.resolve("config.json"));
        Files.copy(hf.resolve("tokenizer.json"), empty.resolve("tokenizer.json"));
        Files.copy(hf.resolve("tokenizer_config.json"), empty.resolve("tokenizer_config.json"));
        Files.writeString(empty.resolve("pytorch_model.bin"), "pickle");
        fails(empty, "no model.safetensors", "pytorch_model.bin", "safe_serialization");
    }

    @Test
    void failingHalfwayLeavesNoFileAndKeepsTheOldOne() throws IOException {
        // an F32 weight that f16 cannot hold: the header and earlier tensors are written before it fails
        TinyHf.Spec spec = TinyHf.Spec.llama().withShards(1);
        Path hf = folder("overflow", spec);
        Path st = hf.resolve("model.safetensors");
        var w = TinyHf.weights(spec, 128256);
        float[] down = w.tensors().get("model.layers.1.mlp.down_proj.weight").data();
        down[7] = 1e6f;
        w.writeTo(hf, 1);
        Path out = dir.resolve("existing.gguf");
        Files.writeString(out, "the previous model");
        ConvertException e = assertThrows(ConvertException.class, () -> Converter.convert(hf, out, Converter.Options.of("f16")));
        assertTrue(e.getMessage().contains("model.layers.1.mlp.down_proj.weight") && e.getMessage().contains("overflows f16")
                && e.getMessage().contains(st.toString()), e.getMessage());
        assertEquals("the previous model", Files.readString(out));
        assertNoTemporaries();

        // the quantizing path removes both of its temporaries too
        assertThrows(ConvertException.class, () -> Converter.convert(hf, out, Converter.Options.of("bogus")));
        assertEquals("the previous model", Files.readString(out));
        ConvertException t = assertThrows(ConvertException.class, () -> Converter.convert(hf, dir.resolve("no/such/dir/x.gguf"),
                Converter.Options.of("f16")));
        assertTrue(t.getMessage().contains("does not exist"), t.getMessage());
        System.out.println("seal-test: bad input -> " + e.getMessage());
    }

    @Test
    void checkpointOpensSingleFilesAndRefusesDuplicates() throws IOException {
        Path d = Files.createDirectories(dir.resolve("dups"));
        SafetensorsWriter.write(d.resolve("a.safetensors"), List.of(new SafetensorsWriter.T("x", "F32", new long[] {2}, new float[2])));
        SafetensorsWriter.write(d.resolve("b.safetensors"), List.of(new SafetensorsWriter.T("x", "F32", new long[] {2}, new float[2])));
        ConvertException e = assertThrows(ConvertException.class, () -> Checkpoint.open(d).close());
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("a.safetensors")
                && e.getMessage().contains("b.safetensors"), e.getMessage());
        try (Checkpoint c = Checkpoint.open(d.resolve("a.safetensors"))) {
            assertEquals(List.of("x"), List.copyOf(c.tensors().keySet()));
        }
        Files.writeString(d.resolve("ignored.txt"), "x", StandardCharsets.UTF_8);
    }
}
