package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.bindings.seal_h;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The generator on a tiny random model: its text is meaningless, but seeded runs repeat exactly, temperature 0 is
 * the argmax of the next-token distribution, grammar-constrained output parses, and max tokens and stop strings
 * end a request where they say.
 */
class GeneratorTest {
    static final String JSON_GRAMMAR = """
            root ::= "{" ws "\\"harmless\\"" ws ":" ws bool ws "," ws "\\"score\\"" ws ":" ws digit digit? ws "}"
            bool ::= "true" | "false"
            digit ::= [0-9]
            ws ::= " "?
            """;

    static int[] prompt(Model m, int i) {
        return m.tokenize("\n\nHuman: tell me story number " + i + " about " + "a bike ".repeat(1 + i % 4)
                + "\n\nAssistant:", true, false);
    }

    /**
     * Pure sampling: no truncation, and a high temperature, because a tiny random model with tied embeddings puts
     * most of the probability on a few tokens; the draw then depends on the seed at almost every step.
     */
    static Generator.Sampling sampled(int seed, int maxTokens) {
        return new Generator.Sampling(8.0f, 0, 1.0f, 0.0f, seed, maxTokens);
    }

    static List<Generator.Request> requests(Model m, int n, int maxTokens) {
        List<Generator.Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Generator.Request(prompt(m, i), sampled(100 + i, maxTokens)));
        }
        return out;
    }

    @Test
    void seededRunsRepeatExactlyAndOtherSeedsDiffer() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults().withSequences(4))) {
            List<Generator.Request> reqs = requests(m, 10, 12);  // more requests than sequences in flight
            Generator.Result first = g.generate(reqs);
            Generator.Result again = g.generate(reqs);
            for (int i = 0; i < reqs.size(); i++) {
                Generator.Output o = first.outputs().get(i);
                assertEquals(0, o.status());
                assertTrue(o.tokens().length <= 12, "max tokens: " + o.tokens().length);
                assertTrue(o.finish() == Generator.Finish.MAX_TOKENS || o.finish() == Generator.Finish.END_OF_TURN, o.toString());
                assertEquals(o.finish() == Generator.Finish.MAX_TOKENS, o.tokens().length == 12);
                assertArrayEquals(o.tokens(), again.outputs().get(i).tokens(), "request " + i + " repeated");
            }
            List<Generator.Request> reseeded = reqs.stream()
                    .map(r -> new Generator.Request(r.prompt(), r.sampling().withSeed(r.sampling().seed() + 7))).toList();
            Generator.Result other = g.generate(reseeded);
            System.out.println("seal-test: generator seeds " + Arrays.toString(first.outputs().get(0).tokens()) + " vs "
                    + Arrays.toString(other.outputs().get(0).tokens()));
            long differ = IntStream.range(0, reqs.size())
                    .filter(i -> !Arrays.equals(first.outputs().get(i).tokens(), other.outputs().get(i).tokens())).count();
            assertTrue(differ >= reqs.size() / 2, "other seeds must give other texts: " + differ + " of " + reqs.size());
            System.out.printf("seal-test: generator %d requests, 4 in flight: %s%n", reqs.size(), first.stats());
        }
    }

    @Test
    void temperatureZeroIsTheArgmaxOfTheNextTokenDistribution() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults());
             Prober p = Prober.open(m, Prober.Options.defaults().withKvF32(true).withReference(true))) {
            int[] prompt = prompt(m, 3);
            Generator.Output o = g.generate(List.of(new Generator.Request(prompt, Generator.Sampling.greedy(6))))
                    .outputs().get(0);
            int[] all = IntStream.range(0, m.info().nVocab()).toArray();
            int[] seq = prompt;
            // Each generated token against the reference prober's full distribution after everything before it.
            for (int t = 0; t < o.tokens().length; t++) {
                Prober.Result r = p.probe(List.of(Arrays.copyOf(seq, seq.length - 1)),
                        List.of(new int[] {seq[seq.length - 1]}), all);
                int argmax = 0;
                for (int v = 1; v < all.length; v++) {
                    if (r.prob(0, 0, v) > r.prob(0, 0, argmax)) {
                        argmax = v;
                    }
                }
                assertEquals(argmax, o.tokens()[t], "greedy token " + t);
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = o.tokens()[t];
            }
            assertTrue(o.tokens().length > 0);
        }
    }

    @Test
    void grammarConstrainedOutputAlwaysParses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults())) {
            List<Generator.Request> reqs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reqs.add(new Generator.Request(prompt(m, i), sampled(i, 64), JSON_GRAMMAR, List.of()));
            }
            for (Generator.Output o : g.generate(reqs).outputs()) {
                assertEquals(Generator.Finish.END_OF_TURN, o.finish(), o.toString());
                JsonNode node = json.readTree(o.text());
                assertTrue(node.get("harmless").isBoolean() && node.get("score").isInt(), o.text());
            }
            // A grammar the output cannot finish within max tokens ends at max tokens, unfinished.
            Generator.Output cut = g.generate(List.of(new Generator.Request(prompt(m, 0), sampled(1, 3), JSON_GRAMMAR,
                    List.of()))).outputs().get(0);
            assertEquals(Generator.Finish.MAX_TOKENS, cut.finish());
            assertEquals(3, cut.tokens().length);
            assertThrows(Exception.class, () -> json.readTree(cut.text()));
        }
    }

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "harmless": {"type": "boolean"},
               "score": {"type": "integer", "minimum": 0, "maximum": 9},
               "topics": {"type": "array", "items": {"enum": ["bikes", "cooking", "law"]}, "maxItems": 2}},
             "required": ["harmless", "score", "topics"],
             "additionalProperties": false}
            """;

    @Test
    void jsonSchemaGrammarOutputParsesAndFollowsTheSchema() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String grammar = Generator.grammarForJsonSchema(SCHEMA);
        assertTrue(grammar.contains("root ::="), grammar);
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults())) {
            List<Generator.Request> reqs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reqs.add(new Generator.Request(prompt(m, i), sampled(20 + i, 160), grammar, List.of()));
            }
            for (Generator.Output o : g.generate(reqs).outputs()) {
                assertEquals(Generator.Finish.END_OF_TURN, o.finish(), o.toString());
                JsonNode node = json.readTree(o.text());
                assertTrue(node.get("harmless").isBoolean(), o.text());
                assertTrue(node.get("score").isInt() && node.get("score").asInt() >= 0 && node.get("score").asInt() <= 9,
                        o.text());
                assertTrue(node.get("topics").isArray() && node.get("topics").size() <= 2, o.text());
                node.get("topics").forEach(t -> assertTrue(List.of("bikes", "cooking", "law").contains(t.asText()), o.text()));
                assertEquals(3, node.size(), o.text());
            }
        }
        SealException bad = assertThrows(SealException.class, () -> Generator.grammarForJsonSchema("{\"type\": "));
        assertEquals(SealException.Kind.ARGUMENT, bad.kind());
        assertTrue(bad.getMessage().contains("JSON schema"), bad.getMessage());
    }

    @Test
    void aSharedInstructionIsDecodedOnceAndChangesNoToken() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            String instruction = "Rewrite the text below in other words; keep its meaning, intent and intensity. "
                    + "Change only vocabulary and grammar.\n\n";
            List<Generator.Request> reqs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reqs.add(new Generator.Request(m.tokenize(instruction + "Text " + i + ": " + "my bike ".repeat(1 + i)
                        + "\n\nRewrite:", true, false), sampled(50 + i, 8)));
            }
            // Sampled at a high temperature: the draw follows small changes of the distribution, where greedy on a
            // random model often keeps its argmax even with a wrong context. f32 KV: only rounding differs.
            Generator.Options f32 = Generator.Options.defaults().withSequences(3).withKvF32(true);
            Generator.Result shared;
            Generator.Result alone;
            try (Generator g = Generator.open(m, f32)) {
                shared = g.generate(reqs);
            }
            try (Generator g = Generator.open(m, f32.withSharePrefix(false))) {
                alone = g.generate(reqs);
            }
            int prefix = m.tokenize(instruction, true, false).length - 2;  // at least: tokens can merge at the seam
            assertTrue(shared.stats().tokensDecoded() <= alone.stats().tokensDecoded() - (reqs.size() - 1L) * prefix,
                    "the instruction decoded once: " + shared.stats() + " vs " + alone.stats());
            for (int i = 0; i < reqs.size(); i++) {
                assertArrayEquals(alone.outputs().get(i).tokens(), shared.outputs().get(i).tokens(), "request " + i);
                Generator.Output o = shared.outputs().get(i);
                assertTrue(o.tokens().length == 8 || o.finish() == Generator.Finish.END_OF_TURN, o.toString());
            }
            System.out.printf("seal-test: generator shared instruction: %s vs unshared %s%n", shared.stats(), alone.stats());
        }
    }

    @Test
    void aStopStringEndsTheRequestAndIsCutFromTheText() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults())) {
            Generator.Request free = new Generator.Request(prompt(m, 1), sampled(5, 24));
            Generator.Output full = g.generate(List.of(free)).outputs().get(0);
            assertTrue(full.tokens().length > 8, full.toString());
            // A stop string taken from the free run's own text: the same seed reaches it and stops there.
            String stop = m.detokenize(Arrays.copyOfRange(full.tokens(), 6, 8), false).strip();
            assertFalse(stop.isEmpty());
            Generator.Output stopped = g.generate(List.of(new Generator.Request(free.prompt(), free.sampling(), null,
                    List.of(stop)))).outputs().get(0);
            assertEquals(Generator.Finish.STOP_STRING, stopped.finish(), stopped.toString());
            assertTrue(stopped.tokens().length <= 8 && stopped.tokens().length < full.tokens().length);
            assertEquals(full.text().substring(0, full.text().indexOf(stop)), stopped.text());
        }
    }

    @Test
    void aBadRequestFailsAloneAndAnEncoderIsRefused() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Generator g = Generator.open(m, Generator.Options.defaults())) {
            List<Generator.Request> reqs = List.of(new Generator.Request(prompt(m, 0), sampled(1, 4)),
                    new Generator.Request(prompt(m, 1), sampled(1, 4), "root ::= (", List.of()),
                    new Generator.Request(new int[0], sampled(1, 4)),
                    new Generator.Request(prompt(m, 2), sampled(1, 1 << 20)));
            List<Generator.Output> out = g.generate(reqs).outputs();
            assertEquals(0, out.get(0).status());
            assertEquals(seal_h.SEAL_E_INVALID_ARGUMENT(), out.get(1).status());
            assertEquals(seal_h.SEAL_E_EMPTY(), out.get(2).status());
            assertEquals(seal_h.SEAL_E_TOO_LONG(), out.get(3).status());
            for (int i = 1; i < 4; i++) {
                assertEquals(Generator.Finish.FAILED, out.get(i).finish());
                assertEquals(0, out.get(i).tokens().length);
            }
            assertNotEquals(0, out.get(0).tokens().length);
        }
    }
}
