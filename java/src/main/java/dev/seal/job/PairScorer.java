package dev.seal.job;

import dev.seal.data.PreferencePair;
import java.util.List;

/**
 * Formats, tokenizes and scores batches of pairs: in this process ({@link LocalPairScorer}) or in a supervised
 * worker process ({@link SupervisedScorer}). Outcomes come back in input order, one per pair.
 */
public interface PairScorer extends AutoCloseable {
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
