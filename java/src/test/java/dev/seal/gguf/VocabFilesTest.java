package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads llama.cpp's real tokenizer-only GGUFs (written by gguf-py, an independent implementation). Skipped when the
 * llama.cpp source is not on this machine (see {@link Vocabularies}), failed when the native part is required.
 */
class VocabFilesTest {
    @TempDir
    Path dir;

    /** llama.cpp's vocabulary file: it comes with the llama.cpp source that building libseal fetches (part native). */
    static Path vocab(String name) {
        Optional<Path> p = Vocabularies.tryFind(name);
        if (p.isEmpty()) {
            Parts.missing("native", "ggml-vocab-" + name + ".gguf not found: build the native library once, which"
                    + " fetches the llama.cpp source with these files (cmake -S . -B build && cmake --build build)");
        }
        return p.orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
        // name,       keys, model,  arch,    tokens, first token, special id key,                 id
        "llama-spm,      22, llama,  llama,    32000, <unk>,       tokenizer.ggml.bos_token_id,     1",
        "llama-bpe,      20, gpt2,   llama,   128256, '!',         tokenizer.ggml.bos_token_id,     128000",
        "bert-bge,       20, bert,   bert,     30522, [PAD],       tokenizer.ggml.cls_token_id,     101",
        "qwen2,          20, gpt2,   qwen2,   151936, '!',         tokenizer.ggml.eos_token_id,     151643",
    })
    void readsRealVocabularies(String name, int keys, String model, String arch, int nTokens, String first,
                               String idKey, long id) throws IOException {
        GgufFile f = GgufFile.read(vocab(name));
        assertEquals(3, f.version());
        assertEquals(keys, f.metadata().size());
        assertEquals(model, f.getString("tokenizer.ggml.model"));
        assertEquals(arch, f.architecture());
        List<String> tokens = f.getStringList("tokenizer.ggml.tokens");
        assertEquals(nTokens, tokens.size());
        assertEquals(first, tokens.get(0));
        assertEquals(GgufType.UINT32, f.value(idKey).type());
        assertEquals(id, f.getLong(idKey));
        GgufValue types = f.value("tokenizer.ggml.token_type");
        assertEquals(GgufType.INT32, types.elementType());
        assertEquals(nTokens, types.length());
        assertTrue(f.tensors().isEmpty());
        assertEquals(f.fileSize(), f.dataOffset(), "no tensors: metadata runs to the end of the file");
    }

    @ParameterizedTest
    @CsvSource({"llama-spm", "llama-bpe", "bert-bge", "qwen2"})
    void rewritingAllKeysReproducesTheFileByteForByte(String name) throws IOException {
        Path src = vocab(name);
        GgufFile f = GgufFile.read(src);
        Path copy = new GgufWriter().copyFrom(f, k -> true).write(dir.resolve(name + ".gguf"));
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(copy));
    }

    @ParameterizedTest
    @CsvSource({"llama-bpe"})
    void detailsOfTheLlama3Tokenizer(String name) throws IOException {
        GgufFile f = GgufFile.read(vocab(name));
        assertEquals(280147, f.getStringList("tokenizer.ggml.merges").size());
        assertEquals("Ġ Ġ", f.getStringList("tokenizer.ggml.merges").get(0));
        assertEquals("llama-bpe", f.getString("tokenizer.ggml.pre"));
        assertEquals(500000.0f, f.getFloat("llama.rope.freq_base"));
        assertEquals(128256, f.getInt(f.archKey("vocab_size")));
    }
}
