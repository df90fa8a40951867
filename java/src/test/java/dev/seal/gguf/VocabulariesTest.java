package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabulariesTest {
    @TempDir
    Path dir;

    private final String saved = System.getProperty(Vocabularies.PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Vocabularies.PROPERTY);
        } else {
            System.setProperty(Vocabularies.PROPERTY, saved);
        }
    }

    @Test
    void systemPropertyDirectoryComesFirst() throws IOException {
        Path f = Files.writeString(dir.resolve("ggml-vocab-llama-spm.gguf"), "stand-in");
        System.setProperty(Vocabularies.PROPERTY, dir.toString());
        assertEquals(f, Vocabularies.find("llama-spm"));
        assertEquals(dir, Vocabularies.searchDirs().get(0));
    }

    @Test
    void missingVocabularySaysWhereItLookedAndHowToGetIt() {
        System.setProperty(Vocabularies.PROPERTY, dir.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Vocabularies.find("no-such-vocab"));
        assertTrue(e.getMessage().contains("ggml-vocab-no-such-vocab.gguf not found"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cmake --build build"), e.getMessage());
        assertTrue(Vocabularies.tryFind("no-such-vocab").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Vocabularies.find("../etc/passwd"));
    }
}
