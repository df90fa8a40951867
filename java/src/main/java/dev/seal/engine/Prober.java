package dev.seal.engine;

import dev.seal.bindings.seal_h;
import dev.seal.bindings.seal_prober_params;
import dev.seal.bindings.seal_score_stats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Next-token probabilities of chosen answer tokens (e.g. "Yes" and "No") after each text followed by each of K
 * questions (native seal_prober): each text is computed once and its K questions are branches that share it, and
 * the LM head runs only on the K rows that are read. Like a {@link Scorer}, a prober keeps what it uses of the model
 * alive, so the two close in either order. Not thread-safe: one prober per thread.
 */
public final class Prober implements AutoCloseable {
    private final Model model;
    private MemorySegment handle;

    /**
     * Prober options; 0 / {@code Integer.MIN_VALUE} mean "the library's default".
     *
     * @param maxTokens   longest text + question accepted (0 = the model's training context, capped at 4096)
     * @param batchTokens token budget a decode is packed to (0 = 512 on CPU, 8192 with a GPU)
     * @param branches    (text, question) branches in one decode (0 = 256)
     * @param flashAttn   -1 auto, 0 off, 1 on
     * @param kvF32       f32 KV cache: probabilities independent of batching up to f32 rounding
     * @param reference   the slow, simple path for differential tests: each text + question decoded alone
     */
    public record Options(int maxTokens, int batchTokens, int branches, int threads, int flashAttn, boolean kvF32,
                          boolean reference) {
        public static Options defaults() {
            return new Options(0, 0, 0, 0, Integer.MIN_VALUE, false, false);
        }

        public Options withMaxTokens(int tokens) {
            return new Options(tokens, batchTokens, branches, threads, flashAttn, kvF32, reference);
        }

        public Options withBatchTokens(int tokens) {
            return new Options(maxTokens, tokens, branches, threads, flashAttn, kvF32, reference);
        }

        public Options withKvF32(boolean f32) {
            return new Options(maxTokens, batchTokens, branches, threads, flashAttn, f32, reference);
        }

        public Options withReference(boolean simple) {
            return new Options(maxTokens, batchTokens, branches, threads, flashAttn, kvF32, simple);
        }
    }

    /**
     * {@code probs[(text * nQuestions + question) * nCandidates + candidate]}: the candidate's probability as the next
     * token (softmax over the whole vocabulary), NaN for a failed text; {@code status[text]} is 0 or a SEAL_E_* code.
     */
    public record Result(float[] probs, int nQuestions, int nCandidates, int[] status, Scorer.Stats stats) {
        public float prob(int text, int question, int candidate) {
            return probs[(text * nQuestions + question) * nCandidates + candidate];
        }

        /** The probability the candidates hold together: how much the model answers in the expected form at all. */
        public double mass(int text, int question) {
            double sum = 0;
            for (int c = 0; c < nCandidates; c++) {
                sum += prob(text, question, c);
            }
            return sum;
        }

        /** P(candidate | the answer is one of the candidates), e.g. P(yes | yes or no); NaN when the mass is 0. */
        public double share(int text, int question, int candidate) {
            double mass = mass(text, question);
            return mass > 0 ? prob(text, question, candidate) / mass : Double.NaN;
        }
    }

    private Prober(Model model, MemorySegment handle) {
        this.model = model;
        this.handle = handle;
    }

    /**
     * Opens a prober on an open model.
     *
     * @throws IllegalStateException when the model is closed
     * @throws SealException         (kind MODEL) when the model cannot predict next tokens (an encoder)
     */
    public static Prober open(Model model, Options o) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = seal_h.seal_prober_default_params(arena);
            if (o.maxTokens() > 0) seal_prober_params.max_seq_tokens(p, o.maxTokens());
            if (o.batchTokens() > 0) seal_prober_params.n_batch(p, o.batchTokens());
            if (o.branches() > 0) seal_prober_params.n_seq_max(p, o.branches());
            if (o.threads() > 0) seal_prober_params.n_threads(p, o.threads());
            if (o.flashAttn() != Integer.MIN_VALUE) seal_prober_params.flash_attn(p, o.flashAttn());
            seal_prober_params.kv_f32(p, o.kvF32());
            seal_prober_params.reference(p, o.reference());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            model.whileOpen("open a prober", h -> SealException.check(seal_h.seal_prober_init(h, p, out),
                    "creating a prober for " + model.path()));
            return new Prober(model, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    public Model model() {
        return model;
    }

    private MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("prober is closed");
        }
        return handle;
    }

    /**
     * One native call: every text followed by every question. Questions are appended to the texts as they are, so
     * tokenize them without BOS.
     *
     * @throws SealException (kind ARGUMENT) for an empty question or a candidate outside the vocabulary; a bad text
     *                       (empty, too long) fails alone, in {@link Result#status()}
     */
    public Result probe(List<int[]> texts, List<int[]> questions, int[] candidates) {
        int n = texts.size();
        int k = questions.size();
        try (Arena arena = Arena.ofConfined()) {
            Sequences t = Sequences.of(arena, texts);
            Sequences q = Sequences.of(arena, questions);
            MemorySegment cand = arena.allocateFrom(ValueLayout.JAVA_INT, candidates);
            long nProbs = (long) n * k * candidates.length;
            MemorySegment probs = arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1L, nProbs));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment st = seal_score_stats.allocate(arena);
            SealException.check(seal_h.seal_prober_probe(handle(), n, t.tokens(), t.offsets(), k, q.tokens(), q.offsets(), candidates.length,
                    cand, probs, status, st), "probing " + n + " texts with " + k + " questions");
            Scorer.Stats stats = Scorer.Stats.of(st);
            return new Result(probs.asSlice(0, 4L * nProbs).toArray(ValueLayout.JAVA_FLOAT), k, candidates.length,
                    status.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT), stats);
        }
    }

    @Override
    public void close() {
        if (handle != null) {
            seal_h.seal_prober_free(handle);
            handle = null;
        }
    }
}
