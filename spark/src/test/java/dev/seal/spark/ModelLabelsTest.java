package dev.seal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's output schema comes from a vocabulary-only load: it must name the labels a full load has. */
class ModelLabelsTest {
    @TempDir
    Path dir;

    @Test
    void aVocabularyOnlyLoadReadsEveryLabel() throws Exception {
        NativeTests.requireNative();
        Path rm = DemoModel.write(dir.resolve("three-labels.gguf"), DemoModel.Spec.defaults().withLabels(
                List.of("Helpful", "harm-less", "reward")));
        List<String> full;
        try (Model m = Model.load(rm, new Model.Options(0, true, false))) {
            full = m.info().labels();
        }
        assertEquals(List.of("Helpful", "harm-less", "reward"), full);
        assertEquals(full, SparkScoring.labels(rm.toString()));
        assertEquals(List.of("chosen_helpful", "rejected_helpful", "chosen_harm_less", "rejected_harm_less",
                "chosen_reward_2", "rejected_reward_2"), List.of(SparkScoring.schema(full).fieldNames()).subList(11, 17));
    }
}
