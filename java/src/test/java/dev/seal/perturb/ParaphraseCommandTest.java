package dev.seal.perturb;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seal.cli.CliRun.Run;
import dev.seal.cli.Main;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `seal perturb --kinds paraphrase` with a tiny random instruct model: its rewrites are gibberish, so the test is that
 * each one is accounted for (a copy, or a rejection with its reason and the rewrite), and that seeds repeat exactly.
 */
class ParaphraseCommandTest {
    static final int PAIRS = 3;
    static final int COPIES = 2;
    static final Set<String> REASONS = Set.of(ParaphraseValidator.EMPTY, ParaphraseValidator.IDENTICAL,
            ParaphraseValidator.TURNS_CHANGED, ParaphraseValidator.TOO_SHORT, ParaphraseValidator.TOO_LONG,
            Paraphraser.INCOMPLETE);

    @TempDir
    Path dir;

    Run paraphrase(Path in, Path out, String seed, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("perturb", "--data", in.toString(), "--out", out.toString(),
                "--kinds", "typos,paraphrase", "--model", NativeTests.tinyLlama().toString(), "--seed", seed,
                "--copies", "" + COPIES, "--target", "both", "--temperature", "8", "--top-p", "1", "--max-tokens", "5",
                "--batch", "2"));
        args.addAll(List.of(more));
        return seal(args.toArray(String[]::new));
    }

    static Path errorsOf(Path out) {
        return out.resolveSibling(out.getFileName().toString().replace(".jsonl", ".errors.jsonl"));
    }

    @Test
    void everyRewriteIsACopyOrAReportedRejectionAndSeedsRepeatExactly() throws IOException {
        Path in = Files.write(dir.resolve("pairs.jsonl"), PerturbCommandTest.hhLines(PAIRS));
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        Run ra = paraphrase(in, a, "5");
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, paraphrase(in, b, "5").code());
        assertEquals(0, paraphrase(in, c, "6").code());
        assertEquals(-1, Files.mismatch(a, b), "same seed, same copies");
        assertEquals(-1, Files.mismatch(errorsOf(a), errorsOf(b)), "same seed, same rejections");
        assertNotEquals(-1, Files.mismatch(errorsOf(a), errorsOf(c)), "another seed, other rewrites");

        Set<String> copied = new TreeSet<>(PerturbCommandTest.linesById(a).keySet());
        Map<String, JsonNode> rejected = new TreeMap<>();
        for (String line : Files.readAllLines(errorsOf(a))) {
            JsonNode e = PerturbCommandTest.JSON.readTree(line);
            if (e.get("id").asText().contains("::paraphrase::")) {
                rejected.put(e.get("id").asText(), e);
            }
        }
        for (int p = 0; p < PAIRS; p++) {
            for (int k = 1; k <= COPIES; k++) {
                String id = "p" + p + "::paraphrase::" + k;
                assertTrue(copied.contains(id) != rejected.containsKey(id), id + ": a copy or a rejection, once");
            }
        }
        for (JsonNode e : rejected.values()) {
            assertEquals(PerturbJob.STAGE_PERTURB, e.get("stage").asText());
            assertTrue(REASONS.contains(e.get("reason").asText()), e.toString());
            assertTrue(e.get("detail").asText().contains("paraphrase of the ") && e.get("detail").asText()
                    .contains("rewrite: \""), e.toString());
        }
        assertTrue(copied.containsAll(List.of("p0::typos::1", "p2::typos::2")), "the other kinds are made as well");
        Matcher m = Pattern.compile("paraphrases +(\\d+) kept, (\\d+) rejected").matcher(ra.out());
        assertTrue(m.find(), ra.out());
        long kept = copied.stream().filter(i -> i.contains("::paraphrase::")).count();
        assertEquals(kept, Long.parseLong(m.group(1)), ra.out());
        assertEquals(rejected.size(), Long.parseLong(m.group(2)), ra.out());
        System.out.println("seal-test: paraphrase rejections " + rejected.values().stream()
                .map(e -> e.get("reason").asText()).toList());
    }

    @Test
    void theModelIsRequiredAndAModelWithoutAChatTemplateNeedsRawOrATemplate() throws IOException {
        Path in = Files.write(dir.resolve("pairs.jsonl"), PerturbCommandTest.hhLines(2));
        Path out = dir.resolve("out.jsonl");
        Run none = PerturbCommandTest.perturb(in, out, "--kinds", "paraphrase");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--model"), none.err());
        Run unused = PerturbCommandTest.perturb(in, out, "--kinds", "typos", "--model", "x.gguf");
        assertEquals(2, unused.code(), unused.err());
        assertTrue(unused.err().contains("paraphrase"), unused.err());

        NativeTests.requireNative();
        Path bare = DemoModel.write(dir.resolve("notemplate.gguf"), DemoModel.Spec.defaults());
        Run chat = PerturbCommandTest.perturb(in, out, "--kinds", "paraphrase", "--model", bare.toString());
        assertEquals(Main.EXIT_MODEL, chat.code(), chat.err());
        assertTrue(chat.err().contains("no chat template") && chat.err().contains("--raw"), chat.err());
        assertTrue(!Files.exists(out), "nothing written");
        Path instruction = Files.writeString(dir.resolve("instruction.txt"), "Say this again in other words.\n");
        Run raw = PerturbCommandTest.perturb(in, out, "--kinds", "paraphrase", "--model", bare.toString(), "--raw",
                "--instruction", instruction.toString(), "--max-tokens", "4");
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().contains("paraphrases    "), raw.out());
    }
}
