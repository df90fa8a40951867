package dev.seal.perturb;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun.Run;
import dev.seal.engine.NativeTests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** perturb, score originals and copies with a tiny RM, analyze: flip rates per kind (tens of pairs, seconds). */
class PerturbRobustnessTest {
    static final int PAIRS = 30;

    @TempDir
    Path dir;

    /** The first pairs of the shared hh-rlhf file when it is there, else generated ones. */
    Path data() throws IOException {
        Path hh = Path.of(System.getProperty("seal.repo", "."))
                .resolve("../shared/data/hh-rlhf/harmless-base-test.jsonl.gz").normalize();
        if (!Files.isRegularFile(hh)) {
            return Files.write(dir.resolve("pairs.jsonl"), PerturbCommandTest.hhLines(PAIRS));
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(hh)),
                StandardCharsets.UTF_8))) {
            return Files.write(dir.resolve("pairs.jsonl"), in.lines().limit(PAIRS).toList());
        }
    }

    @Test
    void flipRatesPerKindFromPerturbedCopiesScoredByATinyModel() throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = data();
        Path copies = dir.resolve("copies.jsonl");
        List<String> kinds = List.of("typos", "positive", "padding", "refusal");
        Run p = perturb(data, copies, String.join(",", kinds));
        assertEquals(0, p.code(), p.err());
        Path scores = dir.resolve("scores.jsonl");
        Path copyScores = dir.resolve("copy-scores.jsonl");
        for (Path[] io : new Path[][] {{data, scores}, {copies, copyScores}}) {
            Run r = seal("score", "--model", model.toString(), "--data", io[0].toString(), "--out", io[1].toString(),
                    "-q", "--in-process");
            assertEquals(0, r.code(), r.err());
        }
        long scored = Files.readAllLines(scores).size();
        assertEquals(scored * kinds.size(), Files.readAllLines(copyScores).size(), "every copy of a scored pair scored");

        Path report = dir.resolve("report");
        Run a = seal("analyze", "--scores", scores.toString(), "--data", data.toString(), "--perturbed",
                copyScores.toString(), "--perturbed-data", copies.toString(), "--out", report.toString(),
                "--drop-collinear");
        assertEquals(0, a.code(), a.err() + a.out());
        JsonNode rows = new ObjectMapper().readTree(report.resolve("summary.json").toFile()).get("tables")
                .get("robustness");
        Map<String, Integer> copiesByKind = new HashMap<>();
        for (JsonNode row : rows.get("rows") == null ? rows : rows.get("rows")) {
            copiesByKind.put(row.get("kind").asText(), row.get("copies").asInt());
            double rate = row.get("flip_rate").asDouble();
            assertTrue(rate >= 0 && rate <= 1 && row.get("flips").asInt() <= row.get("copies").asInt(), row.toString());
        }
        Map<String, Integer> expected = new HashMap<>();
        kinds.forEach(k -> expected.put(k, (int) scored));
        expected.put("all", (int) scored * kinds.size());
        assertEquals(expected, copiesByKind, rows.toString());
    }

    private static Run perturb(Path data, Path out, String kinds) {
        return seal("perturb", "--data", data.toString(), "--out", out.toString(), "--kinds", kinds, "--seed", "1");
    }
}
