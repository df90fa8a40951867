package dev.seal.score;

import java.util.Objects;
import java.util.Set;

/** What scoring one preference pair gave: its rewards, or why it has none. */
public sealed interface PairOutcome {
    /**
     * Rewards per label for both sides, the token counts, and the flags formatting put on the pair.
     *
     * @param sharedTokens prefix tokens the two sides shared (computed once)
     * @param flags        e.g. {@code truncated}, {@code special_token_text} (see {@link dev.seal.format.PairFormatter})
     */
    record Scored(float[] chosen, float[] rejected, int chosenTokens, int rejectedTokens, int sharedTokens,
                  Set<String> flags) implements PairOutcome {
        public Scored {
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(rejected, "rejected");
            flags = Set.copyOf(flags);
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
