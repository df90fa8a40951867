package dev.seal.score;

import dev.seal.data.PreferencePair;
import java.util.List;

/**
 * Where {@link ScoreJob} sends its batches of pairs to be formatted, tokenized and scored: in this process
 * ({@link InProcessBackend}, on an engine {@link dev.seal.engine.Scorer}) or in a supervised worker process
 * ({@code dev.seal.job.WorkerBackend}, which the job layer builds on this interface: score never depends on job).
 * Outcomes come back in input order, one per pair.
 */
public interface ScoringBackend extends AutoCloseable {
    /** The model's reward labels (label 0 is the primary reward). */
    List<String> labels();

    /**
     * Scores a batch.
     *
     * @throws BatchFailure when the batch as a whole failed (see {@link BatchFailure.Kind}); pairs that fail alone come
     *                      back as {@link PairOutcome.Failed}
     */
    Batch score(List<PreferencePair> pairs) throws BatchFailure;

    /** Outcomes in input order, and the tokens the engine was given (for progress). */
    record Batch(List<PairOutcome> outcomes, long tokensInput) {
        public Batch {
            outcomes = List.copyOf(outcomes);
        }
    }

    @Override
    void close();
}
