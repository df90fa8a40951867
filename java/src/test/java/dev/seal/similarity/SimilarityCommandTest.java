package dev.seal.similarity;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun.Run;
import dev.seal.engine.NativeTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal similarity` end to end on `seal perturb`'s copies with a tiny embedding model. */
class SimilarityCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Rows of the output CSV by id: the cells after the id (ids here hold no commas or quotes). */
    static Map<String, String[]> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", SimilarityJob.COLUMNS), lines.get(0));
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.replace("\"", "").split(",");
            assertEquals(SimilarityJob.COLUMNS.size(), cells.length, line);
            out.put(cells[0], cells);
        }
        return out;
    }

    static Set<String> ids(Path jsonl, String field) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(jsonl)) {
            out.add(JSON.readTree(line).get(field).asText());
        }
        return out;
    }

    Run similarity(Path data, Path copies, Path out, Path kept, String threshold) throws Exception {
        return seal("similarity", "--model", NativeTests.tinyEmbedder().toString(), "--data", data.toString(),
                "--perturbed", copies.toString(), "--out", out.toString(), "--kept", kept.toString(),
                "--threshold", threshold);
    }

    /** {@code n} bread-baking pairs p0.. in pairs.jsonl, and their copies by four kinds in copies.jsonl. */
    private List<String> pairsAndCopies(int n) throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = "\n\nHuman: How do I bake bread number " + i + "?\n\nAssistant: ";
            pairs.add(JSON.createObjectNode().put("id", "p" + i)
                    .put("chosen", prompt + "Mix flour, water and yeast, then bake it for " + (20 + i) + " minutes.")
                    .put("rejected", prompt + "I will not tell you.").toString());
        }
        Files.write(data, pairs);
        Run p = seal("perturb", "--data", data.toString(), "--out", dir.resolve("copies.jsonl").toString(), "--kinds",
                "typos,case,padding,refusal", "--seed", "3");
        assertEquals(0, p.code(), p.err());
        return pairs;
    }

    @Test
    void everyCopyIsComparedTheThresholdPartitionsAndBadIdsAreListed() throws Exception {
        List<String> pairs = pairsAndCopies(8);
        Path data = dir.resolve("pairs.jsonl");
        Path copies = dir.resolve("copies.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(copies));
        int perturbed = lines.size();
        JsonNode first = JSON.readTree(pairs.get(0));
        lines.add(JSON.createObjectNode().put("id", "p0::same").put("chosen", first.get("chosen").asText())
                .put("rejected", first.get("rejected").asText()).toString());
        lines.add(JSON.createObjectNode().put("id", "nobody::typos").put("chosen", "\n\nHuman: a\n\nAssistant: b")
                .put("rejected", "\n\nHuman: a\n\nAssistant: c").toString());
        lines.add(JSON.createObjectNode().put("id", "no-kind").put("chosen", "\n\nHuman: a\n\nAssistant: b")
                .put("rejected", "\n\nHuman: a\n\nAssistant: c").toString());
        Files.write(copies, lines);

        Path out = dir.resolve("sims.csv");
        Path kept = dir.resolve("kept.jsonl");
        Run r = similarity(data, copies, out, kept, "0.9");
        assertEquals(0, r.code(), r.err());
        Map<String, String[]> rows = rows(out);
        assertEquals(perturbed + 1, rows.size(), "every copy with an original has a row");
        String[] same = rows.get("p0::same");
        for (int c = 3; c <= 7; c++) {
            assertEquals(1.0, Double.parseDouble(same[c]), 1e-4, "a text is its own nearest: " + SimilarityJob.COLUMNS.get(c));
        }
        Path errors = dir.resolve("sims.errors.jsonl");
        Map<String, String> reasons = Files.readAllLines(errors).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).collect(Collectors.toMap(n -> n.get("id").asText(), n -> n.get("reason").asText()));
        assertEquals(Map.of("nobody::typos", SimilarityJob.UNKNOWN_SOURCE, "no-kind", SimilarityJob.BAD_ID), reasons);
        assertTrue(r.out().contains("errors          2"), r.out());
        assertTrue(r.out().contains("  unknown_source 1"), "counted by reason: " + r.out());

        // a threshold between the smallest and the largest similarity splits the copies, by the rule
        List<Double> sims = rows.values().stream().map(c -> Double.parseDouble(c[7])).sorted().toList();
        double t = (sims.get(0) + sims.get(sims.size() - 1)) / 2;
        Run split = similarity(data, copies, out, kept, Double.toString(t));
        assertEquals(0, split.code(), split.err());
        Map<String, String[]> again = rows(out);
        Set<String> expectKept = new TreeSet<>();
        for (String[] c : again.values()) {
            double s = Double.parseDouble(c[7]);
            assertEquals(s >= t, Boolean.parseBoolean(c[8]), c[0]);
            assertEquals(s, Math.min(Math.min(Double.parseDouble(c[3]), Double.parseDouble(c[4])),
                    Math.min(Double.parseDouble(c[5]), Double.parseDouble(c[6]))), 1e-6, c[0]);
            if (s >= t) {
                expectKept.add(c[0]);
            }
        }
        assertFalse(expectKept.isEmpty());
        assertTrue(expectKept.size() < again.size(), "some copies dropped at " + t);
        assertEquals(expectKept, ids(kept, "id"));
        for (String kind : List.of("typos", "case", "padding", "refusal")) {
            long k = again.values().stream().filter(c -> c[2].equals(kind) && Boolean.parseBoolean(c[8])).count();
            long d = again.values().stream().filter(c -> c[2].equals(kind) && !Boolean.parseBoolean(c[8])).count();
            assertTrue(split.out().matches("(?s).*\\n" + kind + " +" + k + " +" + d + "\\n.*"), kind + ": " + split.out());
        }
    }

    /** Copies none of which names an original (the copies of another dataset): an error naming the file, no output. */
    @Test
    void aPerturbedFileWhoseIdsMatchNoOriginalIsAnError() throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, JSON.createObjectNode().put("id", "p0").put("chosen", "\n\nHuman: a\n\nAssistant: b")
                .put("rejected", "\n\nHuman: a\n\nAssistant: c") + "\n");
        Path copies = dir.resolve("copies.jsonl");
        List<String> lines = new ArrayList<>();
        for (String id : List.of("q0::typos", "q1::typos", "no-kind")) {
            lines.add(JSON.createObjectNode().put("id", id).put("chosen", "\n\nHuman: a\n\nAssistant: bb")
                    .put("rejected", "\n\nHuman: a\n\nAssistant: cc").toString());
        }
        Files.write(copies, lines);
        Path out = dir.resolve("sims.csv");
        Run r = similarity(data, copies, out, dir.resolve("kept.jsonl"), "0.9");
        assertEquals(dev.seal.cli.Main.EXIT_BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(copies.toString()) && r.err().contains("none of its 3 copies")
                && r.err().contains("q0::typos"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(out), "nothing is written for the wrong file");
    }

    /**
     * A run killed after its first batch of copies (at the journal's write point, as a kill -9 would stop it),
     * rerun with the same arguments, writes the uninterrupted run's outputs: no copy lost or compared twice.
     */
    @Test
    void aKilledRunRerunWritesTheUninterruptedOutputs() throws Exception {
        pairsAndCopies(20);  // 80 copies: two batches
        Path data = dir.resolve("pairs.jsonl");
        Path copies = dir.resolve("copies.jsonl");
        Files.writeString(copies, "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        Path whole = dir.resolve("whole.csv");
        Path wholeKept = dir.resolve("whole-kept.jsonl");
        assertEquals(0, similarity(data, copies, whole, wholeKept, "0.9").code());

        Path out = dir.resolve("resumed.csv");
        Path kept = dir.resolve("resumed-kept.jsonl");
        dev.seal.job.WritePoint.observe(p -> {
            if (p == dev.seal.job.WritePoint.JOURNAL_COMMITTED) {
                throw new IllegalStateException("killed by the test after one batch");
            }
        });
        Run killed;
        try {
            killed = similarity(data, copies, out, kept, "0.9");
        } finally {
            dev.seal.job.WritePoint.observe(p -> {});
        }
        assertTrue(killed.code() != 0, killed.out());
        assertFalse(Files.exists(out), "no output from a killed run");
        Path rows = dev.seal.job.RowJournal.dirFor(out).resolve("rows.jsonl");
        assertEquals(SimilarityJob.CHUNK, Files.readAllLines(rows).size());

        Run other = similarity(data, copies, out, kept, "0.5");
        assertEquals(dev.seal.cli.Main.EXIT_BAD_INPUT, other.code(), other.err());
        assertTrue(other.err().contains("--restart"), other.err());

        Run resumed = similarity(data, copies, out, kept, "0.9");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
        assertEquals(Files.readString(whole), Files.readString(out));
        assertEquals(Files.readString(wholeKept), Files.readString(kept));
        assertEquals(Files.readString(dir.resolve("whole.errors.jsonl")), Files.readString(dir.resolve("resumed.errors.jsonl")));
        assertEquals(81, Files.readAllLines(out).size(), "a header and every copy once");
        assertFalse(Files.exists(dev.seal.job.RowJournal.dirFor(out)));
    }
}
