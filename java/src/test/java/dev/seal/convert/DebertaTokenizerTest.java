package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.format.PairFormatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converted DeBERTa's tokenizer against SentencePiece itself: src/test/resources/convert/spm/make-fixtures.py trained
 * small Unigram spm.models as DeBERTa-v3's was trained (v3: nmt_nfkc, dummy prefix, extra whitespace removed; plain:
 * identity normalization, neither flag) and wrote the ids SentencePiece gives llama.cpp's tokenizer test texts, hard
 * texts (NFKC-changed characters, whitespace runs, unknown characters, CJK, emoji) and hh-rlhf dialogues, wrapped as
 * Hugging Face's DebertaV2Tokenizer wraps them. Each spm.model goes into a random tiny DeBERTa folder, is converted,
 * and the engine's ids must equal those for every text, and for every pair through seal's text-pair mode. On an exact
 * tie between two segmentations the fixture holds the one Hugging Face's fast tokenizer and llama.cpp pick (the script's
 * Encoder says why SentencePiece's differs there, and lists those texts under "ties"; README, DeBERTa).
 */
class DebertaTokenizerTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) throws Exception {
        return Path.of(DebertaTokenizerTest.class.getResource("/convert/spm/" + name).toURI());
    }

    /** A tiny DeBERTa folder whose tokenizer is the fixture's spm.model, with [MASK] added after the pieces (as v3's). */
    private Path convert(String model) throws Exception {
        int pieces = SentencePieceModel.read(fixture(model + ".model")).pieces().size();
        Path hf = TinyDeberta.write(dir.resolve(model), TinyDeberta.Spec.v3().withVocab(pieces + 100));
        Files.copy(fixture(model + ".model"), hf.resolve("spm.model"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(hf.resolve("added_tokens.json"), "{\"[MASK]\": " + pieces + "}");
        Path gguf = dir.resolve(model + ".gguf");
        Converter.convert(hf, gguf, new Converter.Options("f16", 1, null, null));
        return gguf;
    }

    private static int[] ids(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static String show(String text) {
        return text.length() > 60 ? Json.MAPPER.valueToTree(text.substring(0, 60)) + "..." : Json.MAPPER.valueToTree(text)
                .toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "plain"})
    void engineTokenizesAsSentencePiece(String model) throws Exception {
        NativeTests.requireNative();
        JsonNode fx = Json.readObject(fixture("texts.json"));
        JsonNode want = fx.get(model);
        try (Model m = Model.load(convert(model), new Model.Options(0, true, true))) {
            List<String> wrong = new ArrayList<>();
            JsonNode texts = fx.get("texts");
            for (int i = 0; i < texts.size(); i++) {
                int[] expect = ids(want.get("texts").get(i));
                int[] got = m.tokenize(texts.get(i).asText(), true, false);
                if (!Arrays.equals(expect, got)) {
                    wrong.add(i + " " + show(texts.get(i).asText()) + ": SentencePiece " + Arrays.toString(expect)
                            + ", engine " + Arrays.toString(got));
                }
            }
            assertTrue(texts.size() > 70, "the fixture's texts: " + texts.size());
            assertEquals(List.of(), wrong, model + ": texts the engine tokenizes differently");

            PairFormatter f = new PairFormatter(m, PairFormatter.Mode.TEXT_PAIR, null, 100_000,
                    PairFormatter.Truncation.ERROR);
            JsonNode pairs = fx.get("pairs");
            for (int i = 0; i < pairs.size(); i++) {
                List<Turn> prompt = List.of(new Turn("user", pairs.get(i).get(0).asText()));
                String response = pairs.get(i).get(1).asText();
                PreferencePair.Side side = PreferencePair.Side.rendered(prompt, response);
                PairFormatter.Formatted got = f.format(new PreferencePair("p" + i, "p" + i, i, side, side, Set.of()));
                assertEquals(Arrays.toString(ids(want.get("pairs").get(i))), Arrays.toString(got.chosen()),
                        model + " pair " + i + ": [CLS] Human: prompt [SEP] response [SEP]");
            }
        }
    }
}
