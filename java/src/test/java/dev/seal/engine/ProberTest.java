package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.gguf.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The prober on a tiny random model: its numbers are probabilities, the candidates' shares are consistent, and the
 * fast path (texts computed once, K questions as branches, packed decodes) equals each text + question probed alone.
 */
class ProberTest {
    static final String[] QUESTIONS = {
        "\nIs the text above harmless? Answer:", "\nIs it helpful? Answer:", "\nIs it polite? Answer:",
        "\nDoes it refuse? Answer yes or no:"};

    static List<int[]> texts(Model m, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(m.tokenize("\n\nHuman: question " + i + ": how do I " + "really ".repeat(i % 7)
                    + "fix a bike?\n\nAssistant: Check the chain" + ", then the brakes".repeat(i % 3) + ".", true, false));
        }
        return out;
    }

    static List<int[]> questions(Model m) {
        return Arrays.stream(QUESTIONS).map(q -> m.tokenize(q, false, false)).toList();
    }

    /** The first token of " Yes" and of " No": the answers a yes/no probe reads. */
    static int[] yesNo(Model m) {
        return new int[] {m.tokenize(" Yes", false, false)[0], m.tokenize(" No", false, false)[0]};
    }

    /**
     * The reference: each text + question decoded alone by the prober's simple path (llama.cpp's plainest batch, none
     * of the planner's or the packed batch's row bookkeeping), with the same KV cache type as {@code opts}.
     */
    static Prober.Result alone(Model m, Prober.Options opts, List<int[]> texts, List<int[]> questions, int[] candidates) {
        try (Prober ref = Prober.open(m, opts.withReference(true))) {
            Prober.Result r = ref.probe(texts, questions, candidates);
            assertEquals((long) texts.size() * questions.size(), r.stats().decodes(), "one decode per text + question");
            assertEquals(r.stats().tokensInput(), r.stats().tokensDecoded(), "the reference shares nothing");
            return r;
        }
    }

    /** Largest relative difference between two results' probabilities. */
    static double maxRelDiff(Prober.Result got, Prober.Result reference) {
        double worst = 0;
        for (int i = 0; i < reference.probs().length; i++) {
            double a = reference.probs()[i];
            worst = Math.max(worst, Math.abs(a - got.probs()[i]) / Math.max(Math.abs(a), 1e-30));
        }
        return worst;
    }

    static double differential(Prober.Options opts) throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults()); Prober p = Prober.open(m, opts)) {
            List<int[]> texts = texts(m, 16);
            List<int[]> questions = questions(m);
            int[] yn = yesNo(m);
            Prober.Result batched = p.probe(texts, questions, yn);
            assertTrue(batched.stats().tokensDecoded() < batched.stats().tokensInput() / 2,
                    "each text must be decoded once for its " + questions.size() + " questions: " + batched.stats());
            assertTrue(batched.stats().decodes() > 1 && batched.stats().decodes() < texts.size(),
                    "several texts per decode, several decodes: " + batched.stats());
            double diff = maxRelDiff(batched, alone(m, opts, texts, questions, yn));
            System.out.printf("seal-test: prober shared branches vs alone (%s KV): max relative diff %.3g, %s%n",
                    opts.kvF32() ? "f32" : "f16", diff, batched.stats());
            return diff;
        }
    }

    @Test
    void sharedBranchesEqualEachTextAndQuestionAloneWithF32Cache() throws Exception {
        assertTrue(differential(Prober.Options.defaults().withKvF32(true).withBatchTokens(512)) < 1e-4);
    }

    @Test
    void sharedBranchesEqualEachTextAndQuestionAloneWithDefaultCache() throws Exception {
        // f16 KV: a different summation order can move an attention probability by one f16 ulp; the candidates'
        // probabilities (exp of logit differences) then move ~1e-4 relative.
        assertTrue(differential(Prober.Options.defaults().withBatchTokens(512)) < 5e-3);
    }

    @Test
    void theReferenceCatchesAnAnswerReadOneRowEarly() throws Exception {
        // The mutant an off-by-one in the row bookkeeping produces: the probabilities of the token before the last
        // (each question without its last token). The differential comparison must reject it by far.
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Prober p = Prober.open(m, Prober.Options.defaults().withKvF32(true))) {
            List<int[]> texts = texts(m, 6);
            List<int[]> questions = questions(m);
            List<int[]> shortened = questions.stream().map(q -> Arrays.copyOf(q, q.length - 1)).toList();
            int[] yn = yesNo(m);
            Prober.Result oneRowEarly = p.probe(texts, shortened, yn);
            double diff = maxRelDiff(oneRowEarly, alone(m, Prober.Options.defaults().withKvF32(true), texts, questions, yn));
            System.out.printf("seal-test: prober answer read one row early vs alone: max relative diff %.3g%n", diff);
            assertTrue(diff > 1e-2, "reading the previous row must be caught: max relative diff " + diff);
        }
    }

    @Test
    void probabilitiesAreProbabilitiesAndSharesAreConsistent() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Prober p = Prober.open(m, Prober.Options.defaults())) {
            List<int[]> texts = texts(m, 5);
            List<int[]> questions = questions(m);
            int[] yn = yesNo(m);
            Prober.Result r = p.probe(texts, questions, yn);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(0, r.status()[i]);
                for (int k = 0; k < questions.size(); k++) {
                    float yes = r.prob(i, k, 0);
                    float no = r.prob(i, k, 1);
                    assertTrue(yes > 0 && yes < 1 && no > 0 && no < 1, yes + " " + no);
                    assertTrue(r.mass(i, k) <= 1 + 1e-6, "mass " + r.mass(i, k));
                    assertEquals(yes / (double) (yes + no), r.share(i, k, 0), 1e-6);
                    assertEquals(1.0, r.share(i, k, 0) + r.share(i, k, 1), 1e-6);
                }
            }
            // The softmax runs over the whole vocabulary: all tokens as candidates hold all the mass.
            int[] all = IntStream.range(0, m.info().nVocab()).toArray();
            Prober.Result whole = p.probe(texts.subList(0, 1), questions.subList(0, 1), all);
            assertEquals(1.0, whole.mass(0, 0), 1e-4);
            assertEquals(r.prob(0, 0, 0), whole.prob(0, 0, yn[0]), 1e-3 * r.prob(0, 0, 0));
        }
    }

    @Test
    void aBadTextFailsAloneAndBadQuestionsOrCandidatesFailTheCall() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Prober p = Prober.open(m, Prober.Options.defaults().withMaxTokens(64))) {
            List<int[]> texts = new ArrayList<>(texts(m, 3));
            texts.add(1, new int[0]);
            texts.add(m.tokenize("long ".repeat(80), true, false));
            List<int[]> questions = questions(m);
            int[] yn = yesNo(m);
            Prober.Result r = p.probe(texts, questions, yn);
            assertEquals(seal_h.SEAL_E_EMPTY(), r.status()[1]);
            assertEquals(seal_h.SEAL_E_TOO_LONG(), r.status()[4]);
            assertEquals(2, r.stats().failed());
            for (int i : new int[] {0, 2, 3}) {
                assertEquals(0, r.status()[i]);
                assertTrue(Float.isFinite(r.prob(i, 3, 1)));
            }
            assertTrue(Float.isNaN(r.prob(1, 0, 0)) && Float.isNaN(r.prob(4, 3, 1)));

            SealException empty = assertThrows(SealException.class,
                    () -> p.probe(texts, List.of(questions.get(0), new int[0]), yn));
            assertEquals(SealException.Kind.ARGUMENT, empty.kind());
            assertTrue(empty.getMessage().contains("question 1") && empty.getMessage().contains("empty"), empty.getMessage());
            SealException outside = assertThrows(SealException.class,
                    () -> p.probe(texts, questions, new int[] {yn[0], m.info().nVocab()}));
            assertTrue(outside.getMessage().contains("candidate 1"), outside.getMessage());
        }
    }

    @Test
    void aProberOutlivesItsModelAndAnEncoderIsRefused() throws Exception {
        Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
        List<int[]> texts = texts(m, 3);
        List<int[]> questions = questions(m);
        int[] yn = yesNo(m);
        try (Prober p = Prober.open(m, Prober.Options.defaults())) {
            float[] before = p.probe(texts, questions, yn).probs();
            m.close();
            assertTrue(Arrays.equals(before, p.probe(texts, questions, yn).probs()), "probabilities after the model closed");
        }
        Path dir = Files.createTempDirectory("seal-prober");
        Path bert = TinyModels.bertClassifier(dir.resolve("bert.gguf"), TinyModels.BertSpec.defaults());
        try (Model enc = Model.load(bert, Model.Options.defaults())) {
            SealException e = assertThrows(SealException.class, () -> Prober.open(enc, Prober.Options.defaults()));
            assertEquals(seal_h.SEAL_E_NOT_GENERATIVE(), e.status());
            assertEquals(SealException.Kind.MODEL, e.kind());
            assertTrue(e.getMessage().contains("encoder"), e.getMessage());
        }
    }
}
