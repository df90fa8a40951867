package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A vocab-only load (inspect, tokenize) still reads the reward head from the file's metadata. */
class VocabOnlyTest {
    @Test
    void vocabOnlyLoadKeepsTheHeadAndTokenizesLikeAFullLoad() throws Exception {
        var path = NativeTests.tinyLlama();
        try (Model v = Model.load(path, new Model.Options(0, true, true)); Model full = Model.load(path, Model.Options.defaults())) {
            assertEquals(ModelInfo.HeadKind.LAST_TOKEN, v.info().headKind());
            assertEquals(1, v.info().nLabels());
            assertEquals(full.info().labels(), v.info().labels());
            String text = "\n\nHuman: hello there\n\nAssistant: hi!";
            assertArrayEquals(full.tokenize(text, true, false), v.tokenize(text, true, false));
        }
    }
}
