package dev.seal.engine;

import dev.seal.bindings.seal_h;
import dev.seal.bindings.seal_score_stats;
import dev.seal.bindings.seal_scorer_params;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scores batches of token sequences with a model (native seal_scorer). The scorer keeps what it uses of the model
 * alive: the model and its scorers close in either order, and an open scorer keeps scoring after its model is
 * closed. Not thread-safe: one scorer per thread.
 */
public final class Scorer implements AutoCloseable {
    private final Model model;
    private final int nLabels;
    private MemorySegment handle;

    /**
     * Scorer options; 0 / -1 mean "the library's default".
     *
     * @param maxTokens   longest sequence accepted (0 = the model's training context, capped at 4096)
     * @param batchTokens token budget a decode is packed to (0 = 512 on CPU, 8192 with a GPU; less for an encoder,
     *                    see {@link #defaultBatchTokens})
     * @param flashAttn   -1 auto, 0 off, 1 on
     * @param kvF32       f32 KV cache: rewards independent of batching up to f32 rounding
     */
    public record Options(int maxTokens, int batchTokens, int seqsPerBatch, int threads, int flashAttn,
                          boolean sharePrefix, boolean sortByLength, boolean kvF32) {
        public static Options defaults() {
            return new Options(0, 0, 0, 0, Integer.MIN_VALUE, true, true, false);
        }

        public Options withSharePrefix(boolean share) {
            return new Options(maxTokens, batchTokens, seqsPerBatch, threads, flashAttn, share, sortByLength, kvF32);
        }

        public Options withKvF32(boolean f32) {
            return new Options(maxTokens, batchTokens, seqsPerBatch, threads, flashAttn, sharePrefix, sortByLength, f32);
        }

        public Options withMaxTokens(int tokens) {
            return new Options(tokens, batchTokens, seqsPerBatch, threads, flashAttn, sharePrefix, sortByLength, kvF32);
        }

        public Options withBatchTokens(int tokens) {
            return new Options(maxTokens, tokens, seqsPerBatch, threads, flashAttn, sharePrefix, sortByLength, kvF32);
        }

        public Options withFlashAttn(int flash) {
            return new Options(maxTokens, batchTokens, seqsPerBatch, threads, flash, sharePrefix, sortByLength, kvF32);
        }
    }

    /** What one call did (seal_score_stats). */
    public record Stats(long tokensInput, long tokensDecoded, int decodes, int failed, double secondsDecode,
                        double secondsTotal) {
        /** Reads a native seal_score_stats (the scorer's, the prober's or the generator's). */
        static Stats of(MemorySegment st) {
            return new Stats(seal_score_stats.n_tokens_input(st), seal_score_stats.n_tokens_decoded(st),
                    seal_score_stats.n_decodes(st), seal_score_stats.n_failed(st), seal_score_stats.seconds_decode(st),
                    seal_score_stats.seconds_total(st));
        }
    }

    /**
     * Rewards in input order: {@code rewards[i * nLabels + l]}; {@code status[i]} is 0 or a SEAL_E_* code
     * (then the rewards are NaN); {@code shared[i]} prefix tokens computed once for sequence i's group.
     */
    public record Result(float[] rewards, int nLabels, int[] status, int[] shared, Stats stats) {
        public float reward(int seq, int label) {
            return rewards[seq * nLabels + label];
        }
    }

    private Scorer(Model model, MemorySegment handle) {
        this.model = model;
        this.handle = handle;
        this.nLabels = model.info().nLabels();
    }

    /**
     * Opens a scorer on an open model.
     *
     * @throws IllegalStateException when the model is closed
     */
    public static Scorer open(Model model, Options o) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = seal_h.seal_scorer_default_params(arena);
            if (o.maxTokens() > 0) seal_scorer_params.max_seq_tokens(p, o.maxTokens());
            seal_scorer_params.n_batch(p, o.batchTokens() > 0 ? o.batchTokens()
                    : defaultBatchTokens(model, seal_scorer_params.n_batch(p)));
            if (o.seqsPerBatch() > 0) seal_scorer_params.n_seq_max(p, o.seqsPerBatch());
            if (o.threads() > 0) seal_scorer_params.n_threads(p, o.threads());
            if (o.flashAttn() != Integer.MIN_VALUE) seal_scorer_params.flash_attn(p, o.flashAttn());
            seal_scorer_params.share_prefix(p, o.sharePrefix());
            seal_scorer_params.sort_by_length(p, o.sortByLength());
            seal_scorer_params.kv_f32(p, o.kvF32());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            model.whileOpen("open a scorer", h -> SealException.check(seal_h.seal_scorer_init(h, p, out),
                    "creating a scorer for " + model.path()));
            return new Scorer(model, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /**
     * Bytes an encoder's decode of B tokens holds per head and B*B: about six f32 [B, B] score tensors live at once
     * (the scores and their softmax, DeBERTa's two gathered relative-position terms and their permuted copies), fitted
     * to the peak memory of a deberta-v3-base shape at budgets 512, 1024 and 2048 (benchmarks/NOTES.md, "DeBERTa-v3-base
     * on CPU").
     */
    public static final long ENCODER_SCORE_BYTES = 24;
    /** What those score tensors may take at an encoder's default budget. */
    public static final long ENCODER_SCORE_LIMIT = 512L << 20;
    /** Encoder budgets are multiples of this (and at least this). */
    public static final int ENCODER_BUDGET_STEP = 256;

    /**
     * The token budget a scorer of {@code model} gets when none is asked for. A decoder gets the engine's. An encoder
     * (a non-causal model: BERT, DeBERTa) attends over its whole packed decode, so its attention scores grow with the
     * square of the budget: it gets the largest multiple of {@value #ENCODER_BUDGET_STEP} tokens whose scores, {@link
     * #ENCODER_SCORE_BYTES} x heads x B x B, fit {@link #ENCODER_SCORE_LIMIT}, and never more than the engine's.
     */
    static int defaultBatchTokens(Model model, int engineDefault) {
        ModelInfo info = model.info();
        if (info.causal()) {
            return engineDefault;
        }
        String heads = model.meta(info.architecture() + ".attention.head_count");
        int nHead;
        try {
            nHead = heads == null ? 0 : Integer.parseInt(heads.trim());
        } catch (NumberFormatException e) {
            nHead = 0;  // per-layer head counts (an array): no encoder seal scores has them
        }
        return nHead > 0 ? encoderBudget(nHead, engineDefault) : engineDefault;
    }

    /** {@link #defaultBatchTokens}'s rule for an encoder of {@code nHead} heads. */
    public static int encoderBudget(int nHead, int engineDefault) {
        long fit = (long) Math.sqrt((double) ENCODER_SCORE_LIMIT / (ENCODER_SCORE_BYTES * nHead));
        long budget = Math.max(ENCODER_BUDGET_STEP, fit / ENCODER_BUDGET_STEP * ENCODER_BUDGET_STEP);
        return (int) Math.min(engineDefault, budget);
    }

    public Model model() {
        return model;
    }

    /** The longest sequence this scorer accepts. */
    public int maxTokens() {
        return seal_h.seal_scorer_max_seq_tokens(handle());
    }

    public int batchTokens() {
        return seal_h.seal_scorer_n_batch(handle());
    }

    private MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("scorer is closed");
        }
        return handle;
    }

    /** One native call for the whole batch: packing, prefix sharing and the head happen there. */
    public Result score(TokenBatch batch) {
        int n = batch.size();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tokens = arena.allocateFrom(ValueLayout.JAVA_INT, batch.tokens());
            MemorySegment offsets = arena.allocateFrom(ValueLayout.JAVA_LONG, batch.offsets());
            MemorySegment groups = arena.allocateFrom(ValueLayout.JAVA_INT, batch.groups());
            MemorySegment rewards = arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1L, (long) n * nLabels));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment shared = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment st = seal_score_stats.allocate(arena);
            SealException.check(seal_h.seal_scorer_score(handle(), n, tokens, offsets, groups, rewards, status, shared, st),
                    "scoring " + n + " sequences");
            Stats stats = Stats.of(st);
            return new Result(rewards.asSlice(0, 4L * n * nLabels).toArray(ValueLayout.JAVA_FLOAT), nLabels,
                    status.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT),
                    shared.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT), stats);
        }
    }

    @Override
    public void close() {
        if (handle != null) {
            seal_h.seal_scorer_free(handle);
            handle = null;
        }
    }
}
