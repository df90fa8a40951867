package dev.seal.analyze;

import static dev.seal.analyze.AnalyzeFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature tables: both layouts, the value codings, the labeler verdict and malformed tables. */
class FeatureTableTest {
    @TempDir
    Path dir;

    private FeatureTable read(Path p) throws IOException {
        return FeatureTable.read(List.of(p), AnalysisConfig.defaults());
    }

    @Test
    void perTextCsvWithTheSealNotebookColumnNames() throws IOException {
        // row_id and preference as in the SEAL notebooks; booleans as True/False, sentiment as words
        Path p = lines(dir.resolve("f.csv"), List.of(
                "row_id,preference,last_response_is_harmless,last_response_sentiment,human_vocabulary_quality",
                "7,chosen,True,positive,1", "7,rejected,False,negative,1",
                "8,rejected,True,neutral,0", "8,chosen,true,neutral,0"));
        FeatureTable t = read(p);
        assertEquals(List.of("last_response_is_harmless", "last_response_sentiment", "human_vocabulary_quality"),
                t.features().stream().map(Feature::name).toList());
        assertEquals(Feature.Kind.BINARY, t.features().get(0).kind());
        assertEquals(Feature.Kind.TERNARY, t.features().get(1).kind());
        assertEquals(Feature.Role.TARGET, t.features().get(0).role());
        assertEquals(Feature.Role.SPOILER, t.features().get(1).role());
        assertArrayEquals(new double[] {1, 1, 1}, t.values().get("7")[0]);
        assertArrayEquals(new double[] {0, -1, 1}, t.values().get("7")[1]);
        assertArrayEquals(new double[] {1, 0, 0}, t.values().get("8")[0]);
    }

    @Test
    void perPairJsonlWithListsAndAPairLevelLabelerVerdict() throws IOException {
        Path p = lines(dir.resolve("f.jsonl"), List.of(
                "{\"id\": \"a\", \"chosen_last_response_is_refusal\": false, \"rejected_last_response_is_refusal\": true,"
                        + " \"chosen_topics\": [\"History\", \"Law\"], \"rejected_topics\": [\"History\"], \"labeler_preference\": \"chosen\"}",
                "{\"id\": \"b\", \"chosen_last_response_is_refusal\": true, \"rejected_last_response_is_refusal\": null,"
                        + " \"chosen_topics\": [], \"rejected_topics\": [\"Law\"], \"labeler_preference\": \"tie\"}"));
        FeatureTable t = read(p);
        assertEquals(List.of("last_response_is_refusal", "topics=History", "topics=Law"),
                t.features().stream().map(Feature::name).toList());
        assertEquals(Feature.Role.CONTEXT, t.features().get(1).role());
        assertArrayEquals(new double[] {0, 1, 1}, t.values().get("a")[0]);
        assertArrayEquals(new double[] {1, 1, 0}, t.values().get("a")[1]);
        assertTrue(Double.isNaN(t.values().get("b")[1][0]), "a null is a missing value, not 0");
        assertEquals("agrees", t.labeler().get("a"));
        assertEquals("indifferent", t.labeler().get("b"));
    }

    @Test
    void parquetTableReadsLikeItsCsv() throws Exception {
        Path csv = lines(dir.resolve("f.csv"), List.of("id,side,last_response_is_harmless,last_response_sentiment,topics",
                "a,chosen,true,positive,\"['History']\"", "a,rejected,false,neutral,\"['Law', 'History']\""));
        Path parquet = dir.resolve("f.parquet");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            // typed columns, as a labeler pipeline would write them: BOOLEAN, VARCHAR and a real list
            st.execute("COPY (SELECT id, side, last_response_is_harmless::BOOLEAN AS last_response_is_harmless,"
                    + " last_response_sentiment, CASE WHEN side = 'chosen' THEN ['History'] ELSE ['Law', 'History'] END"
                    + " AS topics FROM read_csv('" + csv + "', all_varchar = true)) TO '" + parquet + "' (FORMAT parquet)");
        }
        FeatureTable a = read(csv);
        FeatureTable b = read(parquet);
        assertEquals(a.features(), b.features().stream().map(f -> new Feature(f.name(), f.role(), f.sign(), f.kind(),
                csv.toString(), f.description())).toList());
        for (String id : List.of("a")) {
            assertArrayEquals(a.values().get(id)[0], b.values().get(id)[0]);
            assertArrayEquals(a.values().get(id)[1], b.values().get(id)[1]);
        }
    }

    @Test
    void pythonListTextInCsvIsAList() {
        assertEquals(List.of("Culture and the arts", "History"), FeatureTable.list("['Culture and the arts', 'History']"));
        assertEquals(List.of("a"), FeatureTable.list("[\"a\"]"));
        assertEquals(List.of(), FeatureTable.list("[]"));
    }

    @Test
    void malformedTablesSayWhatAndHowMany() throws IOException {
        Path noId = lines(dir.resolve("a.csv"), List.of("pair,side,x", "1,chosen,1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(noId)).getMessage()
                .contains("no pair id column (one of id, pair_id, row_id)"));
        Path badSide = lines(dir.resolve("b.csv"), List.of("id,side,last_response_is_harmless", "1,chosen,1", "1,left,0",
                "2,chosen,1", "2,chosen,0"));
        String m = assertThrows(IllegalArgumentException.class, () -> read(badSide)).getMessage();
        assertTrue(m.contains("1 rows whose side is not chosen or rejected (1 (left))"), m);
        assertTrue(m.contains("1 repeated id/side rows (2/chosen)"), m);
        Path orphan = lines(dir.resolve("c.csv"), List.of("id,chosen_last_response_is_harmless", "1,1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(orphan)).getMessage()
                .contains("column chosen_last_response_is_harmless has no rejected_last_response_is_harmless"));
        Path badLab = lines(dir.resolve("d.csv"), List.of("id,side,labeler_preference", "1,chosen,maybe", "1,rejected,maybe"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(badLab)).getMessage()
                .contains("1 pairs with a labeler_preference that is not chosen, rejected or indifferent (1 (maybe))"));
    }

    @Test
    void configFileIsCheckedKeyByKey() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String m = assertThrows(IllegalArgumentException.class, () -> AnalysisConfig.parse("c.json",
                mapper.readTree("{\"featurs\": {}, \"vif_threshold\": -1, \"features\": {\"x\": \"sideshow\"}}")))
                .getMessage();
        assertTrue(m.contains("unknown key \"featurs\""), m);
        assertTrue(m.contains("\"vif_threshold\" must be a number"), m);
        assertTrue(m.contains("feature \"x\": role must be target, spoiler, context or ignore"), m);
    }
}
