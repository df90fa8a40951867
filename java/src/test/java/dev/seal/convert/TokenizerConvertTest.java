package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.Vocabularies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenizer.json / tokenizer.model to llama.cpp's tokenizer metadata: the Hugging Face encoder against the token ids
 * the tokenizers library produced for llama.cpp's own test texts (models/ggml-vocab-*.gguf.inp/.out), the
 * pre-tokenizer found by llama.cpp's check hash, the vocabulary round trip, and what cannot be represented.
 */
class TokenizerConvertTest {
    @TempDir
    Path dir;

    private Path bpeFolder(String vocab) throws IOException {
        Path d = Files.createDirectories(dir.resolve(vocab));
        TinyHf.writeBpe(d, GgufFile.read(Vocabularies.find(vocab)), vocab);
        return d;
    }

    private static HfConfig config(Path folder, String vocab, int vocabSize) throws IOException {
        TinyHf.Spec s = vocab.equals("qwen2") ? TinyHf.Spec.qwen2() : vocab.equals("llama-spm") ? TinyHf.Spec.mistral()
                : TinyHf.Spec.llama();
        Files.writeString(folder.resolve("config.json"), TinyHf.config(s, vocabSize).toPrettyString());
        return HfConfig.read(folder);
    }

    /** The inputs and the tokenizers library's ids (no special tokens) of llama.cpp's tokenizer test files. */
    static List<Object[]> goldens(String vocab) throws IOException {
        Path base = Vocabularies.find(vocab);
        String inp = Files.readString(base.resolveSibling(base.getFileName() + ".inp"), StandardCharsets.UTF_8);
        List<String> out = Files.readAllLines(base.resolveSibling(base.getFileName() + ".out"), StandardCharsets.UTF_8);
        String sep = "\n__ggml_vocab_test__\n";
        List<String> inputs = new ArrayList<>();
        int pos = 0;
        while (pos < inp.length()) {
            int next = inp.indexOf(sep, pos);
            if (next < 0) {
                inputs.add(inp.substring(pos));
                break;
            }
            inputs.add(inp.substring(pos, next));
            pos = next + sep.length();
        }
        assertEquals(inputs.size(), out.size(), "inputs vs outputs of " + vocab);
        List<Object[]> cases = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String line = out.get(i).trim();
            int[] ids = line.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(line.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Object[] {inputs.get(i), ids});
        }
        return cases;
    }

    private void encoderMatchesTokenizersLibrary(String vocab) throws IOException {
        HfBpeTokenizer t = HfBpeTokenizer.read(bpeFolder(vocab).resolve("tokenizer.json"));
        HfBpeTokenizer.Encoder enc = t.encoder().orElseThrow(() -> new AssertionError(t.unsupported()));
        int n = 0;
        for (Object[] c : goldens(vocab)) {
            assertArrayEquals((int[]) c[1], enc.encode((String) c[0], false), vocab + ": ids of '" + c[0] + "'");
            n++;
        }
        System.out.println("seal-test: tokenizer.json encoder == tokenizers library on " + n + " llama.cpp test texts ("
                + vocab + ")");
    }

    @Test
    void encoderMatchesTheTokenizersLibraryLlama3() throws IOException {
        encoderMatchesTokenizersLibrary("llama-bpe");
    }

    @Test
    void encoderMatchesTheTokenizersLibraryQwen2() throws IOException {
        encoderMatchesTokenizersLibrary("qwen2");
    }

    @Test
    void preTokenizerIsFoundByLlamaCppsCheckHash() throws IOException {
        for (String vocab : List.of("llama-bpe", "qwen2")) {
            HfBpeTokenizer t = HfBpeTokenizer.read(bpeFolder(vocab).resolve("tokenizer.json"));
            String[] pre = TokenizerConverter.detectPre(t);
            System.out.println("seal-test: " + vocab + " pre-tokenizer '" + pre[0] + "' by " + pre[1]);
            assertEquals(vocab.equals("qwen2") ? "qwen2" : "llama-bpe", pre[0]);
            assertEquals("hash", pre[1], vocab + ": the check hash should be in llama.cpp's table");
        }
    }

    @Test
    void unknownHashFallsBackToTheRegexAndUnknownRegexIsAnError() throws IOException {
        Path d = bpeFolder("llama-bpe");
        Path tj = d.resolve("tokenizer.json");
        ObjectNode root = (ObjectNode) Json.readObject(tj);
        // another vocabulary with the same split: swap two tokens' ids, so the check text encodes differently
        ObjectNode vocab = (ObjectNode) root.get("model").get("vocab");
        int a = vocab.get("Ġyou").asInt();
        int b = vocab.get("Ġsure").asInt();
        vocab.put("Ġyou", b);
        vocab.put("Ġsure", a);
        String[] pre = TokenizerConverter.detectPre(HfBpeTokenizer.of(tj, root));
        assertEquals("llama-bpe", pre[0]);
        assertEquals("regex", pre[1]);
        assertTrue(pre[2].contains("not in llama.cpp's table"), pre[2]);

        ((ObjectNode) root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern")).put("Regex", "\\w+|\\s+");
        ConvertException e = assertThrows(ConvertException.class,
                () -> TokenizerConverter.detectPre(HfBpeTokenizer.of(tj, root)));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("not one llama.cpp implements"),
                e.getMessage());
    }

    @Test
    void vocabularyRoundTripsToTheLlamaCppVocabulary() throws IOException {
        for (String vocab : List.of("llama-bpe", "qwen2")) {
            GgufFile orig = GgufFile.read(Vocabularies.find(vocab));
            Path d = bpeFolder(vocab);
            List<String> tokens = orig.getStringList("tokenizer.ggml.tokens");
            TokenizerConverter.Result r = TokenizerConverter.convert(d, config(d, vocab, tokens.size()));
            assertEquals("gpt2", r.model());
            assertEquals(tokens, r.keys().get("tokenizer.ggml.tokens").asStringList(), vocab + " tokens");
            assertEquals(orig.getStringList("tokenizer.ggml.merges"), r.keys().get("tokenizer.ggml.merges").asStringList());
            int[] wantTypes = orig.getIntArray("tokenizer.ggml.token_type");
            int[] gotTypes = r.keys().get("tokenizer.ggml.token_type").asIntArray();
            for (int i = 0; i < tokens.size(); i++) {
                // qwen2's vocabulary file marks the padding ids [PAD151646].. USER_DEFINED; today's converter: UNUSED
                int want = tokens.get(i).matches("\\[PAD\\d+\\]") ? TokenizerConverter.UNUSED : wantTypes[i];
                assertEquals(want, gotTypes[i], vocab + " type of " + i + " " + tokens.get(i));
            }
            if (vocab.equals("llama-bpe")) {
                assertTrue(r.addBos(), "Llama 3 adds <|begin_of_text|> (TemplateProcessing)");
                assertEquals(128000, r.bos());
                assertEquals(128009, r.eos()); // tokenizer_config's eos_token wins over the template's
                assertTrue(r.hasChatTemplate());
            } else {
                assertFalse(r.addBos(), "Qwen adds nothing");
                assertEquals(151645, r.eos());
                assertEquals(151643, r.pad());
                assertEquals(TinyHf.CHATML_TEMPLATE, r.keys().get("tokenizer.chat_template").asString());
                assertEquals(List.of("tool_use"), r.keys().get("tokenizer.chat_templates").asStringList());
            }
        }
    }

    @Test
    void sentencePieceRoundTrips() throws IOException {
        GgufFile orig = GgufFile.read(Vocabularies.find("llama-spm"));
        Path d = Files.createDirectories(dir.resolve("spm"));
        TinyHf.writeSpm(d, orig);
        List<String> tokens = orig.getStringList("tokenizer.ggml.tokens");
        TokenizerConverter.Result r = TokenizerConverter.convert(d, config(d, "llama-spm", tokens.size()));
        assertEquals("llama", r.model());
        assertEquals("sentencepiece", r.preFrom());
        assertEquals(tokens, r.keys().get("tokenizer.ggml.tokens").asStringList());
        assertArrayEquals(orig.getFloatArray("tokenizer.ggml.scores"), r.keys().get("tokenizer.ggml.scores").asFloatArray());
        assertArrayEquals(orig.getIntArray("tokenizer.ggml.token_type"), r.keys().get("tokenizer.ggml.token_type").asIntArray());
        assertTrue(r.addBos());
        assertEquals(1, r.bos());
        assertEquals(2, r.eos());
    }

    @Test
    void whatCannotBeRepresentedIsAClearError() throws IOException {
        Path d = bpeFolder("llama-bpe");
        HfConfig c = config(d, "llama-bpe", 128256);
        Path tj = d.resolve("tokenizer.json");
        String orig = Files.readString(tj);

        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(orig);
        ((ObjectNode) root.get("model")).put("type", "WordPiece");
        Files.writeString(tj, root.toString());
        ConvertException e = assertThrows(ConvertException.class, () -> TokenizerConverter.convert(d, c));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("WordPiece"), e.getMessage());

        root = (ObjectNode) Json.MAPPER.readTree(orig);
        ((ObjectNode) root.get("model").get("vocab")).put("extra-token", 200000);
        Files.writeString(tj, root.toString());
        e = assertThrows(ConvertException.class, () -> TokenizerConverter.convert(d, c));
        assertTrue(e.getMessage().contains("200000") && e.getMessage().contains("vocab_size"), e.getMessage());

        root = (ObjectNode) Json.MAPPER.readTree(orig);
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("added_tokens")).addObject().put("id", 128255 - 300)
                .put("content", "Ġthe").put("special", false);
        ((ObjectNode) root.get("model").get("vocab")).remove("Ġthe");
        ((ObjectNode) root.get("model").get("vocab")).put("Ġthe", 279);
        Files.writeString(tj, root.toString());
        e = assertThrows(ConvertException.class, () -> TokenizerConverter.convert(d, c));
        assertTrue(e.getMessage().contains("unique"), e.getMessage());

        Files.delete(tj);
        e = assertThrows(ConvertException.class, () -> TokenizerConverter.convert(d, c));
        assertTrue(e.getMessage().contains("no tokenizer.json or tokenizer.model"), e.getMessage());
    }

    @Test
    void sentencePieceFileThatIsNotOneIsAClearError() throws IOException {
        Path d = Files.createDirectories(dir.resolve("badspm"));
        TinyHf.writeSpm(d, GgufFile.read(Vocabularies.find("llama-spm")));
        HfConfig c = config(d, "llama-spm", 32000);
        Files.write(d.resolve("tokenizer.model"), "not a protobuf at all, but text".getBytes(StandardCharsets.UTF_8));
        ConvertException e = assertThrows(ConvertException.class, () -> TokenizerConverter.convert(d, c));
        assertTrue(e.getMessage().contains("tokenizer.model") && e.getMessage().contains("SentencePiece"), e.getMessage());
    }
}
