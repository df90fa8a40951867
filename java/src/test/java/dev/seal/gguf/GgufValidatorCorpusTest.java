package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.SealException;
import dev.seal.gguf.GgufValidationException.Field;
import dev.seal.gguf.GgufValidationException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed-GGUF corpus ({@link MalformedGgufCorpus}): every file is refused by the Java validator with a typed
 * error naming the expected field and reason, and Model.load never reaches native code for any of them (checked in a
 * JVM without libseal, {@link LoadWithoutLibrary}); the valid base they are made from passes and loads natively, so
 * each file is refused for its one mutation.
 */
class GgufValidatorCorpusTest {
    @TempDir
    static Path dir;

    static Path base;
    static List<MalformedGgufCorpus.Case> corpus;

    @BeforeAll
    static void build() throws IOException {
        base = SmallModels.rewardModel(dir.resolve("base"));
        corpus = MalformedGgufCorpus.of(base);
    }

    @Test
    void theBaseIsValidAndLoads() throws IOException {
        GgufValidator.Report r = GgufValidator.validate(base);
        assertEquals("llama", r.architecture());
        assertEquals(32, r.nEmbd());
        assertEquals(1, r.nLabels());
        NativeTests.requireNative();
        try (Model m = Model.load(base, Model.Options.defaults())) {
            assertEquals(1, m.info().nLabels());
        }
    }

    @Test
    void everyMalformedFileIsRefusedWithATypedErrorAndNoNativeCall() throws IOException, InterruptedException {
        assertTrue(corpus.size() >= 40, "corpus has " + corpus.size() + " files");
        List<Path> files = new ArrayList<>();
        Map<String, Integer> byReason = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (MalformedGgufCorpus.Case c : corpus) {
            Path p = dir.resolve(c.name() + ".gguf");
            Files.write(p, c.bytes());
            files.add(p);
            GgufValidationException e;
            try {
                GgufValidator.validate(p);
                wrong.add(c.name() + ": accepted");
                continue;
            } catch (GgufValidationException x) {
                e = x;
            } catch (RuntimeException | IOException x) {
                wrong.add(c.name() + ": untyped " + x);
                continue;
            }
            assertNotNull(e.field());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            if (c.field() != null && c.field() != e.field() || c.reason() != null && c.reason() != e.reason()) {
                wrong.add(c.name() + ": expected " + c.field() + "/" + c.reason() + ", got " + e.field() + "/"
                        + e.reason() + " (" + e.getMessage() + ")");
            }
            byReason.merge(e.field() + "/" + e.reason(), 1, Integer::sum);
            // the engine's entry point refuses it the same way, before any native call
            SealException s = assertThrows(SealException.class, () -> Model.load(p, Model.Options.defaults()), c.name());
            assertEquals(SealException.Kind.MODEL, s.kind(), c.name());
            assertInstanceOf(GgufValidationException.class, s.getCause(), c.name());
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " of " + corpus.size() + " wrong:\n" + String.join("\n", wrong));
        }
        // Without libseal, any native call fails with a linkage error: the valid base shows it, every malformed file
        // must still be refused by the validator alone.
        List<Path> probe = new ArrayList<>(files);
        probe.add(base);
        List<String> outcomes = LoadWithoutLibrary.outcomes(dir, probe);
        assertEquals(probe.size(), outcomes.size(), outcomes.toString());
        assertEquals("UnsatisfiedLinkError", outcomes.getLast(), "the base must need the library in the child JVM");
        for (int i = 0; i < files.size(); i++) {
            assertEquals("refused MODEL GgufValidationException", outcomes.get(i), files.get(i).getFileName().toString());
        }
        System.out.printf("seal-test: malformed GGUF corpus: %d files, %d rejected with a typed error (100%%), 0 native"
                + " calls; by field/reason: %s%n", corpus.size(), corpus.size(), byReason);
    }

    @Test
    void raisedLimitsStillCatchTheOverflowItself() throws IOException {
        MalformedGgufCorpus.Case c = corpus.stream().filter(x -> x.name().equals("array_length_times_size_overflow"))
                .findFirst().orElseThrow();
        Path p = Files.write(dir.resolve("overflow.gguf"), c.bytes());
        GgufValidator.Limits none = new GgufValidator.Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        GgufValidationException e = assertThrows(GgufValidationException.class,
                () -> GgufValidator.validate(p, GgufValidator.Scope.FULL, none));
        assertEquals(Reason.OVERFLOW, e.reason(), e.getMessage());
        assertEquals(Field.VALUE, e.field());
        assertEquals("tokenizer.ggml.scores", e.subject());
    }

    @Test
    void sha256PinsTheFile() throws IOException {
        String sum = GgufValidator.sha256(base);
        assertEquals(sum, GgufValidator.checkSha256(base, sum.toUpperCase()));
        GgufValidationException e = assertThrows(GgufValidationException.class,
                () -> GgufValidator.checkSha256(base, "0".repeat(64)));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertThrows(IllegalArgumentException.class, () -> GgufValidator.checkSha256(base, "abc"));
    }

    @Test
    void theProjectsOwnModelsAndVocabulariesPass() throws IOException {
        GgufValidator.validate(DemoModel.write(dir.resolve("tiny.gguf"), DemoModel.Spec.defaults()));
        GgufValidator.validate(TinyModels.bertClassifier(dir.resolve("bert.gguf"), TinyModels.BertSpec.defaults()));
        int n = 0;
        try (var files = Files.newDirectoryStream(Vocabularies.find("llama-spm").getParent(), "ggml-vocab-*.gguf")) {
            for (Path v : files) {
                GgufValidator.validate(v, GgufValidator.Scope.VOCAB_ONLY);
                n++;
            }
        }
        System.out.println("seal-test: validator accepts the tiny llama, the tiny BERT and " + n + " llama.cpp vocabularies");
    }
}
