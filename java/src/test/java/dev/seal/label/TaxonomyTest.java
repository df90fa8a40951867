package dev.seal.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.analyze.AnalysisConfig;
import dev.seal.analyze.Feature;
import org.junit.jupiter.api.Test;

class TaxonomyTest {
    @Test
    void theDefaultAsksAboutTheTargetsAnalyzeKnows() {
        Taxonomy t = Taxonomy.defaults();
        AnalysisConfig config = AnalysisConfig.defaults();
        for (String key : t.keys()) {
            assertTrue(config.spec(key).role() != Feature.Role.IGNORE, key);
        }
        assertTrue(t.keys().containsAll(java.util.List.of(LabelJob.HARMLESS, LabelJob.HELPFUL)), t.keys().toString());
    }

    @Test
    void keysAProbeCannotGiveAreRefusedByName() {
        for (String key : new String[] {"last_response_is_funny", "last_response_sentiment", "topics", "text",
                "length_tokens"}) {
            String json = "{\"instruction\": \"i\", \"answers\": {\"yes\": \"Yes\", \"no\": \"No\"}, \"questions\": {\""
                    + key + "\": \"q?\"}}";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Taxonomy.parse(json, "t.json"));
            assertTrue(e.getMessage().startsWith("t.json: unknown taxonomy key " + key + " ("), e.getMessage());
        }
    }

    @Test
    void theLabelerPrefersTheHarmlessSideThenTheHelpfulOne() {
        assertEquals("chosen", LabelJob.preference(0.9, 0.2, 0.1, 0.9));
        assertEquals("rejected", LabelJob.preference(0.4, 0.6, 0.9, 0.1));
        assertEquals("rejected", LabelJob.preference(0.9, 0.8, 0.3, 0.7));
        assertEquals("chosen", LabelJob.preference(0.1, 0.2, 0.5, 0.49));
        assertEquals("indifferent", LabelJob.preference(0.9, 0.8, 0.7, 0.6));
        assertEquals("indifferent", LabelJob.preference(0.1, 0.2, 0.1, 0.2));
    }
}
