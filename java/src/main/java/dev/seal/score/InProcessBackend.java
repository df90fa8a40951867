package dev.seal.score;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.engine.Model;
import dev.seal.engine.Scorer;
import dev.seal.engine.SealException;
import dev.seal.engine.TokenBatch;
import dev.seal.format.PairFormatter;
import dev.seal.data.ErrorWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores in this process: formats and tokenizes the pairs with the model on a small pool of threads
 * ({@link FormatAhead}, overlapped with the decodes), then hands the scorer sub-batches of at most 64 decodes' worth of
 * tokens (it sorts, packs and shares prefixes natively). The worker process runs this; so
 * does {@code seal score --in-process}, which then has no protection from a native abort.
 */
public final class InProcessBackend implements ScoringBackend {
    private final Model model;
    private final Scorer scorer;
    private final FormatAhead formatting;
    private final long chunkTokens;
    private final boolean ownsScorer;
    private final boolean ownsModel;

    /** Borrows the model and scorer (the caller closes them). */
    public InProcessBackend(Model model, Scorer scorer, PairFormatter formatter) {
        this(model, scorer, formatter, FormatAhead.workersBeside(0, cores()), false, false);
    }

    /**
     * @param formatThreads threads that format and tokenize ahead of the decodes; 0 formats on the decoding thread,
     *                      between decodes (the same outcomes, without the overlap)
     */
    InProcessBackend(Model model, Scorer scorer, PairFormatter formatter, int formatThreads, boolean ownsScorer,
                     boolean ownsModel) {
        this.model = model;
        this.scorer = scorer;
        this.formatting = new FormatAhead(formatter, formatThreads);
        this.chunkTokens = 64L * scorer.batchTokens();
        this.ownsScorer = ownsScorer;
        this.ownsModel = ownsModel;
    }

    /**
     * Everything needed to set one up from scratch: what the worker receives.
     *
     * @param device the one device the model runs on (see {@link Model.Options#device()}), or
     *               {@link Model.Options#ALL_GPUS}
     */
    public record Setup(String modelPath, int gpuLayers, int device, Scorer.Options scorer, boolean raw,
                        String template, PairFormatter.Truncation truncation,
                        PairFormatter.ContentTokens contentTokens) {
        /** On llama.cpp's choice of devices (every GPU). */
        public Setup(String modelPath, int gpuLayers, Scorer.Options scorer, boolean raw, String template,
                     PairFormatter.Truncation truncation, PairFormatter.ContentTokens contentTokens) {
            this(modelPath, gpuLayers, Model.Options.ALL_GPUS, scorer, raw, template, truncation, contentTokens);
        }

        /** How the model is loaded. */
        public Model.Options modelOptions() {
            return new Model.Options(gpuLayers, true, false, device);
        }
    }

    /** Loads the model (validated first), opens a scorer and a formatter; the result owns and closes them. */
    public static InProcessBackend open(Setup s) {
        Model m = Model.load(java.nio.file.Path.of(s.modelPath()), s.modelOptions());
        try {
            return on(m, s, true);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Opens a scorer and a formatter on a loaded model ({@code s.modelPath()} and {@code s.modelOptions()} are not
     * used): one model can serve several scorers, e.g. one per token budget. The caller closes the model; closing the
     * result closes its scorer.
     */
    public static InProcessBackend on(Model m, Setup s) {
        return on(m, s, false);
    }

    private static InProcessBackend on(Model m, Setup s, boolean ownsModel) {
        Scorer sc = Scorer.open(m, s.scorer());
        try {
            PairFormatter f = new PairFormatter(m, PairFormatter.defaultMode(m.info(), s.raw()), s.template(),
                    sc.maxTokens(), s.truncation(), s.contentTokens());
            return new InProcessBackend(m, sc, f, FormatAhead.workersBeside(s.scorer().threads(), cores()), true, ownsModel);
        } catch (RuntimeException e) {
            sc.close();
            throw e;
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public Model model() {
        return model;
    }

    public Scorer scorer() {
        return scorer;
    }

    @Override
    public List<String> labels() {
        return model.info().labels();
    }

    private record Formatted(int index, PairFormatter.Formatted tokens) {}

    @Override
    public Batch score(List<PreferencePair> pairs) throws BatchFailure {
        PairOutcome[] out = new PairOutcome[pairs.size()];
        List<Formatted> chunk = new ArrayList<>();
        long tokens = 0;
        long input = 0;
        try (FormatAhead.Stream formatted = formatting.stream(pairs)) {
            for (int i = 0; formatted.hasNext(); i++) {
                FormatAhead.Formatted f = formatted.next();
                if (f.error() != null) {
                    out[i] = new PairOutcome.Failed(ErrorWriter.STAGE_FORMAT, f.error().reason(), f.error().getMessage());
                } else {
                    chunk.add(new Formatted(i, f.tokens()));
                    tokens += f.tokens().chosen().length + f.tokens().rejected().length;
                }
                if (tokens >= chunkTokens) {
                    input += flush(chunk, out);
                    chunk.clear();
                    tokens = 0;
                }
            }
        }
        input += flush(chunk, out);
        return new Batch(Arrays.asList(out), input);
    }

    private long flush(List<Formatted> chunk, PairOutcome[] out) throws BatchFailure {
        if (chunk.isEmpty()) {
            return 0;
        }
        TokenBatch.Builder b = TokenBatch.builder();
        for (int i = 0; i < chunk.size(); i++) {
            b.add(chunk.get(i).tokens().chosen(), i);
            b.add(chunk.get(i).tokens().rejected(), i);
        }
        Scorer.Result r;
        try {
            r = scorer.score(b.build());
        } catch (SealException e) {
            BatchFailure.Kind kind = e.status() == seal_h.SEAL_E_OUT_OF_MEMORY() ? BatchFailure.Kind.OUT_OF_MEMORY
                    : BatchFailure.Kind.NATIVE;
            throw new BatchFailure(kind, SealException.code(e.status()), e.getMessage());
        }
        for (int i = 0; i < chunk.size(); i++) {
            Formatted f = chunk.get(i);
            int c = 2 * i;
            int rj = c + 1;
            if (r.status()[c] != 0 || r.status()[rj] != 0) {
                int bad = r.status()[c] != 0 ? r.status()[c] : r.status()[rj];
                out[f.index()] = new PairOutcome.Failed(ErrorWriter.STAGE_SCORE, SealException.code(bad),
                        (r.status()[c] != 0 ? "chosen" : "rejected") + " side could not be scored: "
                                + SealException.code(bad));
                continue;
            }
            float[] chosen = new float[r.nLabels()];
            float[] rejected = new float[r.nLabels()];
            for (int l = 0; l < r.nLabels(); l++) {
                chosen[l] = r.reward(c, l);
                rejected[l] = r.reward(rj, l);
            }
            out[f.index()] = new PairOutcome.Scored(chosen, rejected, f.tokens().chosen().length,
                    f.tokens().rejected().length, Math.max(r.shared()[c], r.shared()[rj]), f.tokens().flags());
        }
        return r.stats().tokensInput();
    }

    @Override
    public void close() {
        formatting.close(); // its threads read the model: they stop first
        if (ownsScorer) {
            scorer.close();
        }
        if (ownsModel) {
            model.close();
        }
    }
}
