package dev.seal.perturb;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.cli.CliRun.Run;
import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal perturb` end to end without a model: bytes, seeds, formats, ids and the errors file. */
class PerturbCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALL_KINDS = Arrays.stream(Kind.values()).map(Kind::id).collect(Collectors.joining(","));
    static final String[] ASKS = {"How do I bake bread at home", "What is a good way to learn to swim",
            "Can you help me write a letter to my landlord", "What should I cook tonight"};

    @TempDir
    Path dir;

    /** {@code n} hh-rlhf lines, ids p0.., with two turns of prompt on every third. */
    static List<String> hhLines(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = "\n\nHuman: " + ASKS[i % ASKS.length] + " (" + i + ")?\n\nAssistant: ";
            if (i % 3 == 0) {
                prompt = "\n\nHuman: Hi there.\n\nAssistant: Hello! What can I do for you?" + prompt;
            }
            ObjectNode o = JSON.createObjectNode().put("id", "p" + i)
                    .put("chosen", prompt + "Sure, here is how to do it, step by step: first this, then that.")
                    .put("rejected", prompt + "No. Figure it out yourself, I do not care.");
            lines.add(o.toString());
        }
        return lines;
    }

    Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    static Run perturb(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("perturb", "--data", data.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return seal(args.toArray(String[]::new));
    }

    static List<PreferencePair> readOk(Path file, Format format) throws IOException {
        List<PreferencePair> out = new ArrayList<>();
        try (PairReader r = Datasets.open(file, format)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                out.add(assertInstanceOf(PairReader.Row.Ok.class, row, file + ": " + row).pair());
            }
        }
        return out;
    }

    static Map<String, JsonNode> linesById(Path file) throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(l);
            m.put(n.get("id").asText(), n);
        }
        return m;
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytesForEveryFormat() throws IOException {
        Path hh = write("pairs.jsonl", hhLines(12));
        Path csv = dir.resolve("pairs.csv");
        StringBuilder sb = new StringBuilder("id,prompt,chosen,rejected\n");
        for (int i = 0; i < 8; i++) {
            sb.append("t").append(i).append(",\"").append(ASKS[i % ASKS.length]).append(", please?\",\"Sure, step by")
                    .append(" step: first \"\"this\"\", then that.\",\"No. Do it yourself.\"\n");
        }
        Files.writeString(csv, sb);
        Path jsonl = write("table.jsonl", List.of(
                "{\"id\": 1, \"prompt\": \"Tell me a fact.\", \"chosen\": \"Honey never spoils at all.\", \"rejected\": \"No thanks.\"}",
                "{\"id\": 2, \"prompt\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Say hi to me.\"}],"
                        + " \"chosen\": \"Hi there, friend!\", \"rejected\": \"Go away now.\"}"));
        for (Path in : List.of(hh, csv, jsonl)) {
            String ext = in.getFileName().toString().endsWith(".csv") ? ".csv" : ".jsonl";
            Path a = dir.resolve("a-" + in.getFileName().toString().replace(".", "-") + ext);
            Path b = dir.resolve("b-" + in.getFileName().toString().replace(".", "-") + ext);
            Path c = dir.resolve("c-" + in.getFileName().toString().replace(".", "-") + ext);
            for (Path out : List.of(a, b)) {
                Run r = perturb(in, out, "--kinds", ALL_KINDS, "--seed", "5", "--target", "both", "--copies", "2");
                assertEquals(0, r.code(), r.err());
            }
            assertTrue(Files.size(a) > 0);
            assertEquals(-1, Files.mismatch(a, b), in + ": same seed, same bytes");
            assertEquals(0, perturb(in, c, "--kinds", ALL_KINDS, "--seed", "6", "--target", "both", "--copies", "2").code());
            assertNotEquals(-1, Files.mismatch(a, c), in + ": another seed, other copies");
        }
    }

    @Test
    void aPairsCopiesDependOnItsIdAloneNotOnOtherRows() throws IOException {
        List<String> lines = hhLines(10);
        Path all = write("all.jsonl", lines);
        List<String> some = new ArrayList<>(lines.subList(3, 9));
        Collections.reverse(some);
        some.add(2, "{\"chosen\": oops}"); // a bad row among them
        Path shuffled = write("some.jsonl", some);
        for (Path in : List.of(all, shuffled)) {
            Run r = perturb(in, dir.resolve("out-" + in.getFileName()), "--kinds", "typos,positive", "--seed", "3",
                    "--copies", "2");
            assertEquals(0, r.code(), r.err());
        }
        Map<String, JsonNode> full = linesById(dir.resolve("out-all.jsonl"));
        Map<String, JsonNode> part = linesById(dir.resolve("out-some.jsonl"));
        assertEquals(6 * 4, part.size());
        part.forEach((id, n) -> assertEquals(full.get(id), n, id));
    }

    @Test
    void copiesReadBackAsHhPairsWithTheIdsAnalyzeParsesAndTheTargetPartChanged() throws IOException {
        Path in = write("pairs.jsonl", hhLines(6));
        Map<String, PreferencePair> originals = readOk(in, Format.AUTO).stream()
                .collect(Collectors.toMap(PreferencePair::id, p -> p));
        for (String target : List.of("response", "prompt", "both")) {
            Path out = dir.resolve("copies-" + target + ".jsonl");
            Run r = perturb(in, out, "--kinds", ALL_KINDS, "--seed", "11", "--target", target);
            assertEquals(0, r.code(), r.err());
            assertEquals(Format.HH_RLHF, Datasets.detect(out), "read back as hh-rlhf");
            List<PreferencePair> copies = readOk(out, Format.AUTO);
            assertEquals(6 * Kind.values().length, copies.size(), r.out());
            Set<String> kinds = new HashSet<>();
            for (PreferencePair c : copies) {
                String[] parts = c.id().split("::");
                assertEquals(2, parts.length, c.id());
                kinds.add(parts[1]);
                PreferencePair o = originals.get(parts[0]);
                assertTrue(c.flags().isEmpty(), c.id() + " sides keep one prompt: " + c.flags());
                List<Turn> op = o.chosen().prompt();
                List<Turn> cp = c.chosen().prompt();
                assertEquals(op.subList(0, op.size() - 1), cp.subList(0, cp.size() - 1), "only the last request may change");
                boolean promptChanged = !op.getLast().equals(cp.getLast());
                boolean responsesChanged = !o.chosen().response().equals(c.chosen().response())
                        && !o.rejected().response().equals(c.rejected().response());
                assertEquals(!target.equals("response"), promptChanged, c.id() + " prompt, target " + target);
                assertEquals(!target.equals("prompt"), responsesChanged, c.id() + " responses, target " + target);
            }
            assertEquals(Arrays.stream(Kind.values()).map(Kind::id).collect(Collectors.toSet()), kinds);
        }
        Path two = dir.resolve("two.jsonl");
        assertEquals(0, perturb(in, two, "--kinds", "case", "--copies", "2").code());
        Map<String, JsonNode> byId = linesById(two);
        assertEquals(Set.of("p0::case::1", "p0::case::2"), byId.keySet().stream().filter(i -> i.startsWith("p0::"))
                .collect(Collectors.toSet()));
        assertNotEquals(byId.get("p0::case::1").get("chosen"), byId.get("p0::case::2").get("chosen"));
    }

    @Test
    void phraseKindsAddTheSameSentenceToBothSides() throws IOException {
        Path in = write("pairs.jsonl", hhLines(8));
        Path out = dir.resolve("refusal.jsonl");
        assertEquals(0, perturb(in, out, "--kinds", "refusal,positive", "--seed", "2").code());
        Map<String, PreferencePair> originals = readOk(in, Format.AUTO).stream()
                .collect(Collectors.toMap(PreferencePair::id, p -> p));
        for (PreferencePair c : readOk(out, Format.AUTO)) {
            PreferencePair o = originals.get(c.id().split("::")[0]);
            String added = c.chosen().response().replace(o.chosen().response(), "");
            assertEquals(added, c.rejected().response().replace(o.rejected().response(), ""), c.id());
            assertTrue(!added.isBlank(), c.id());
        }
    }

    @Test
    void badRowsAndUselessCopiesGoToTheErrorsFileAndTheRunGoesOn() throws IOException {
        List<String> lines = new ArrayList<>(hhLines(3));
        lines.add("{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant: x\", \"rejected\": ");
        lines.add("{\"chosen\": \"   \", \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: b\"}");
        // no letters in either response: typos has nothing to change
        lines.add("{\"id\": \"digits\", \"chosen\": \"\\n\\nHuman: sum?\\n\\nAssistant: 42\", \"rejected\":"
                + " \"\\n\\nHuman: sum?\\n\\nAssistant: 41\"}");
        Path in = write("pairs.jsonl", lines);
        Path out = dir.resolve("copies.v1.jsonl");
        Run r = perturb(in, out, "--kinds", "typos,refusal");
        assertEquals(0, r.code(), r.err());
        assertEquals(3 * 2 + 1, Files.readAllLines(out).size(), "good pairs' copies and digits::refusal");
        Path errors = dir.resolve("copies.v1.errors.jsonl"); // the whole stem, as seal score names it
        Map<String, String> stageByReason = new LinkedHashMap<>();
        for (String l : Files.readAllLines(errors)) {
            JsonNode e = JSON.readTree(l);
            stageByReason.put(e.get("reason").asText(), e.get("stage").asText());
            assertTrue(e.get("detail").asText().startsWith("row "), l);
        }
        assertEquals(Map.of("invalid_json", "read", "empty_text", "read", "unchanged", "perturb"), stageByReason);
        assertTrue(r.out().contains("errors         3"), r.out());
        assertTrue(Files.readString(errors).contains("\"digits::typos\""), "a failed copy names its copy id");
    }

    @Test
    void aTypoThatWouldMakeATurnMarkerIsReportedNotWritten() {
        // dropping the 'x' would turn "\nx\nHuman:" inside the response into a new Human turn
        PreferencePair.Side side = PreferencePair.Side.rendered(List.of(new Turn("user", "Quote the log.")),
                "\nx\nHuman: hi");
        PreferencePair pair = new PreferencePair("q", null, 1, side, side, Set.of());
        Set<String> reasons = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            switch (new Perturber(seed, Target.RESPONSE, 1).hh(pair, Kind.TYPOS, 1)) {
                case Perturber.Copy c -> assertEquals(List.of("user", "assistant"),
                        HhTurns.split(c.chosenText()).stream().map(HhTurns.Span::role).toList(), c.chosenText());
                case Perturber.Failure f -> reasons.add(f.reason());
            }
        }
        assertEquals(Set.of(ParaphraseValidator.TURNS_CHANGED), reasons);
    }

    @Test
    void tablesComeBackInTheirOwnFormatWithTheSameColumns() throws IOException {
        Path jsonl = write("table.jsonl", List.of(
                "{\"id\": \"a\", \"prompt\": \"Tell me a fact.\", \"chosen\": \"Honey never spoils.\", \"rejected\": \"No.\"}",
                "{\"id\": \"b\", \"prompt\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Say hi.\"}],"
                        + " \"chosen\": \"Hi there!\", \"rejected\": \"Go away.\"}",
                "{\"id\": \"c\", \"chosen\": [{\"role\": \"user\", \"content\": \"Hi?\"}, {\"role\": \"assistant\", \"content\": \"Hello.\"}],"
                        + " \"rejected\": [{\"role\": \"user\", \"content\": \"Other?\"}, {\"role\": \"assistant\", \"content\": \"No.\"}]}"));
        Path out = dir.resolve("t-out.jsonl");
        Run r = perturb(jsonl, out, "--kinds", "padding", "--target", "both");
        assertEquals(0, r.code(), r.err());
        List<String> written = Files.readAllLines(out);
        assertEquals(2, written.size(), "c has a rejected conversation of its own: " + written);
        assertEquals(List.of("id", "prompt", "chosen", "rejected"), fieldNames(JSON.readTree(written.get(0))));
        assertTrue(JSON.readTree(written.get(0)).get("prompt").isTextual());
        JsonNode b = JSON.readTree(written.get(1));
        assertEquals("Be brief.", b.get("prompt").get(0).get("content").asText(), "only the last user turn changes");
        assertTrue(b.get("prompt").get(1).get("content").asText().startsWith("Say hi. "), b.toString());
        assertEquals(Format.JSONL, Datasets.detect(out));
        assertEquals(2, readOk(out, Format.JSONL).size());
        assertTrue(Files.readString(dir.resolve("t-out.errors.jsonl")).contains("\"prompt_differs\""));

        Path parquet = dir.resolve("t.parquet");
        Path parquetOut = dir.resolve("t-out.parquet");
        Path parquetAgain = dir.resolve("t-again.parquet");
        Path rowB = write("b-in.jsonl", List.of(Files.readAllLines(jsonl).get(1)));
        try (var db = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = db.createStatement()) {
            st.execute("COPY (SELECT id, prompt::STRUCT(role VARCHAR, content VARCHAR)[] AS prompt, chosen, rejected FROM"
                    + " read_json('" + rowB + "')) TO '" + parquet + "' (FORMAT parquet)");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        for (Path p : List.of(parquetOut, parquetAgain)) {
            assertEquals(0, perturb(parquet, p, "--kinds", "typos,case", "--seed", "4").code());
        }
        assertEquals(-1, Files.mismatch(parquetOut, parquetAgain), "Parquet bytes repeat");
        List<PreferencePair> fromParquet = readOk(parquetOut, Format.PARQUET);
        assertEquals(List.of("b::typos", "b::case"), fromParquet.stream().map(PreferencePair::id).toList());
        assertEquals(new Turn("system", "Be brief."), fromParquet.getFirst().chosen().prompt().getFirst());

        Run wrongExt = perturb(jsonl, dir.resolve("x.csv"), "--kinds", "case");
        assertEquals(3, wrongExt.code());
        assertTrue(wrongExt.err().contains("must end in .jsonl"), wrongExt.err());
        Run unknown = perturb(jsonl, dir.resolve("y.jsonl"), "--kinds", "case,typo");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown perturbation kind 'typo'"), unknown.err());
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
