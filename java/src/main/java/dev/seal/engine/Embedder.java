package dev.seal.engine;

import dev.seal.bindings.seal_embedder_params;
import dev.seal.bindings.seal_h;
import dev.seal.bindings.seal_score_stats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One pooled, L2-normalized vector per text from an embedding model (native seal_embedder): an encoder through
 * llama.cpp's pooling (CLS or mean, as its GGUF says) or a decoder with mean or last pooling, many texts packed into
 * each decode. Like a {@link Scorer}, an embedder keeps what it uses of the model alive, so the two close in either
 * order. Not thread-safe: one embedder per thread.
 */
public final class Embedder implements AutoCloseable {
    /** The model's own pooling (its GGUF pooling_type; mean for a model that declares none). */
    public static final int POOLING_MODEL = -1;
    public static final int POOLING_MEAN = 1;
    public static final int POOLING_CLS = 2;
    public static final int POOLING_LAST = 3;

    private final Model model;
    private MemorySegment handle;
    private final int nEmbd;

    /**
     * Embedder options; 0 / {@code Integer.MIN_VALUE} mean "the library's default".
     *
     * @param pooling     {@link #POOLING_MODEL}, {@link #POOLING_MEAN}, {@link #POOLING_CLS} or {@link #POOLING_LAST}
     * @param maxTokens   longest text accepted (0 = the model's training context, capped at 4096)
     * @param batchTokens token budget a decode is packed to (0 = 512 on CPU, 8192 with a GPU)
     * @param seqs        texts in one decode (0 = 256)
     * @param flashAttn   -1 auto, 0 off, 1 on
     */
    public record Options(int pooling, int maxTokens, int batchTokens, int seqs, int threads, int flashAttn,
                          boolean kvF32) {
        public static Options defaults() {
            return new Options(POOLING_MODEL, 0, 0, 0, 0, Integer.MIN_VALUE, false);
        }

        public Options withPooling(int kind) {
            return new Options(kind, maxTokens, batchTokens, seqs, threads, flashAttn, kvF32);
        }

        public Options withBatchTokens(int tokens) {
            return new Options(pooling, maxTokens, tokens, seqs, threads, flashAttn, kvF32);
        }

        public Options withThreads(int n) {
            return new Options(pooling, maxTokens, batchTokens, seqs, n, flashAttn, kvF32);
        }

        public Options withKvF32(boolean f32) {
            return new Options(pooling, maxTokens, batchTokens, seqs, threads, flashAttn, f32);
        }
    }

    /** {@code vectors[text * nEmbd ..]}: L2-normalized, NaN for a failed text; {@code status[text]} 0 or SEAL_E_*. */
    public record Result(float[] vectors, int nEmbd, int[] status, Scorer.Stats stats) {
        public float[] vector(int text) {
            return java.util.Arrays.copyOfRange(vectors, text * nEmbd, (text + 1) * nEmbd);
        }
    }

    private Embedder(Model model, MemorySegment handle) {
        this.model = model;
        this.handle = handle;
        this.nEmbd = seal_h.seal_embedder_n_embd(handle);
    }

    /**
     * Opens an embedder on an open model.
     *
     * @throws IllegalStateException when the model is closed
     * @throws SealException         (kind ARGUMENT) for a reranker or classifier, or an unknown pooling
     */
    public static Embedder open(Model model, Options o) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = seal_h.seal_embedder_default_params(arena);
            seal_embedder_params.pooling(p, o.pooling());
            if (o.maxTokens() > 0) seal_embedder_params.max_seq_tokens(p, o.maxTokens());
            if (o.batchTokens() > 0) seal_embedder_params.n_batch(p, o.batchTokens());
            if (o.seqs() > 0) seal_embedder_params.n_seq_max(p, o.seqs());
            if (o.threads() > 0) seal_embedder_params.n_threads(p, o.threads());
            if (o.flashAttn() != Integer.MIN_VALUE) seal_embedder_params.flash_attn(p, o.flashAttn());
            seal_embedder_params.kv_f32(p, o.kvF32());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            model.whileOpen("open an embedder", h -> SealException.check(seal_h.seal_embedder_init(h, p, out),
                    "creating an embedder for " + model.path()));
            return new Embedder(model, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    public Model model() {
        return model;
    }

    /** Floats in one vector. */
    public int nEmbd() {
        return nEmbd;
    }

    /** The pooling the embedder settled on ({@link #POOLING_MEAN}, {@link #POOLING_CLS} or {@link #POOLING_LAST}). */
    public int pooling() {
        return seal_h.seal_embedder_pooling(handle());
    }

    private MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("embedder is closed");
        }
        return handle;
    }

    /** Embeds the token sequences in one native call; a bad text (empty, too long) fails alone, in the status. */
    public Result embed(List<int[]> texts) {
        int n = texts.size();
        try (Arena arena = Arena.ofConfined()) {
            Sequences seqs = Sequences.of(arena, texts);
            long nFloats = (long) n * nEmbd;
            MemorySegment vectors = arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1L, nFloats));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment st = seal_score_stats.allocate(arena);
            SealException.check(seal_h.seal_embedder_embed(handle(), n, seqs.tokens(), seqs.offsets(),
                    vectors, status, st), "embedding " + n + " texts");
            return new Result(vectors.asSlice(0, 4L * nFloats).toArray(ValueLayout.JAVA_FLOAT), nEmbd,
                    status.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT), Scorer.Stats.of(st));
        }
    }

    /** The cosine similarity of two vectors (NaN when either is zero or NaN). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += (double) a[j] * b[j];
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
        }
        return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : Double.NaN;
    }

    @Override
    public void close() {
        if (handle != null) {
            seal_h.seal_embedder_free(handle);
            handle = null;
        }
    }
}
