package dev.seal.score;

import java.util.Objects;

/** What scoring one preference pair gave: its rewards, or why it has none. */
public sealed interface PairOutcome {
    /**
     * Rewards per label for both sides, the token counts, and whether the prompt was truncated to fit.
     *
     * @param sharedTokens prefix tokens the two sides shared (computed once)
     */
    record Scored(float[] chosen, float[] rejected, int chosenTokens, int rejectedTokens, int sharedTokens,
                  boolean truncated) implements PairOutcome {
        public Scored {
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(rejected, "rejected");
        }
    }

    /**
     * A pair that could not be scored.
     *
     * @param stage  where it failed (the errors file's stage: format, score, ...)
     * @param reason the errors file's reason code
     */
    record Failed(String stage, String reason, String detail) implements PairOutcome {
        public Failed {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
