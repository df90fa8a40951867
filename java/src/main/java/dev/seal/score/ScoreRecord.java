package dev.seal.score;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The scores of one preference pair.
 *
 * <p>Rewards are per label: most reward models have one output, some (multi-objective RMs) have several. Label 0 is
 * the primary reward; {@link #margin()}, {@link #agreement()} and {@link #tie()} use it alone.
 *
 * <p>The arrays are copied in and out, so a record never changes after it is built; writers read single values
 * through {@link #chosen(int)} / {@link #rejected(int)} to avoid the copies.
 *
 * @param id             the pair's id (see {@link dev.seal.data.PreferencePair#id()})
 * @param promptId       the pair's prompt id, or null when the input has none
 * @param row            1-based row number in the source
 * @param chosen         reward of the chosen response, one per label
 * @param rejected       reward of the rejected response, one per label
 * @param chosenTokens   tokens in the chosen sequence
 * @param rejectedTokens tokens in the rejected sequence
 * @param sharedTokens   tokens of the prefix the two sequences share (evaluated once when the engine reuses it)
 * @param flags          notes on the pair; kept sorted so output is the same from run to run
 */
public record ScoreRecord(String id, String promptId, long row, float[] chosen, float[] rejected,
                          int chosenTokens, int rejectedTokens, int sharedTokens, Set<String> flags) {
    /** The separator of flags in the one-column form; flags themselves may not contain it. */
    public static final String FLAG_SEPARATOR = ";";

    public ScoreRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (chosen.length == 0 || chosen.length != rejected.length) {
            throw new IllegalArgumentException("need the same number (>= 1) of chosen and rejected rewards, got "
                    + chosen.length + " and " + rejected.length + " for " + id);
        }
        if (chosenTokens < 0 || rejectedTokens < 0 || sharedTokens < 0
                || sharedTokens > Math.min(chosenTokens, rejectedTokens)) {
            throw new IllegalArgumentException("bad token counts for " + id + ": chosen " + chosenTokens
                    + ", rejected " + rejectedTokens + ", shared " + sharedTokens);
        }
        chosen = chosen.clone();
        rejected = rejected.clone();
        SortedSet<String> sorted = new TreeSet<>();
        for (String f : flags) {
            if (f.isEmpty() || f.contains(FLAG_SEPARATOR)) {
                throw new IllegalArgumentException("flag must be non-empty and free of '" + FLAG_SEPARATOR + "': \"" + f + "\"");
            }
            sorted.add(f);
        }
        flags = Collections.unmodifiableSortedSet(sorted);
    }

    /** A record of a pair without a prompt id. */
    public ScoreRecord(String id, long row, float[] chosen, float[] rejected, int chosenTokens, int rejectedTokens,
                       int sharedTokens, Set<String> flags) {
        this(id, null, row, chosen, rejected, chosenTokens, rejectedTokens, sharedTokens, flags);
    }

    /** A copy of the chosen rewards, one per label. */
    @Override
    public float[] chosen() {
        return chosen.clone();
    }

    /** A copy of the rejected rewards, one per label. */
    @Override
    public float[] rejected() {
        return rejected.clone();
    }

    /** Chosen reward for one label. */
    public float chosen(int label) {
        return chosen[label];
    }

    /** Rejected reward for one label. */
    public float rejected(int label) {
        return rejected[label];
    }

    /** How many labels (rewards per side) this record has. */
    public int labels() {
        return chosen.length;
    }

    /** Primary chosen reward (label 0). */
    public float chosenReward() {
        return chosen[0];
    }

    /** Primary rejected reward (label 0). */
    public float rejectedReward() {
        return rejected[0];
    }

    /**
     * chosen − rejected on the primary label, computed in float so it equals what a reader of the float columns
     * computes. NaN when either reward is NaN.
     */
    public float margin() {
        return chosen[0] - rejected[0];
    }

    /**
     * Whether the model prefers the chosen response: chosen &gt; rejected, strictly. A tie is NOT agreement (the model
     * expressed no preference), and neither is a pair with a NaN reward.
     */
    public boolean agreement() {
        return chosen[0] > rejected[0];
    }

    /** Whether both primary rewards are exactly equal (false when either is NaN). */
    public boolean tie() {
        return chosen[0] == rejected[0];
    }

    /** Whether either primary reward is NaN, so the pair has neither agreement nor a tie. */
    public boolean hasNaN() {
        return Float.isNaN(chosen[0]) || Float.isNaN(rejected[0]);
    }

    /** The flags joined by {@link #FLAG_SEPARATOR}, in sorted order; empty when there are none. */
    public String flagsJoined() {
        return String.join(FLAG_SEPARATOR, flags);
    }

    // Records compare arrays by reference; compare by content so equal scores are equal records.
    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreRecord r && row == r.row && id.equals(r.id) && Objects.equals(promptId, r.promptId)
                && Arrays.equals(chosen, r.chosen) && Arrays.equals(rejected, r.rejected)
                && chosenTokens == r.chosenTokens && rejectedTokens == r.rejectedTokens
                && sharedTokens == r.sharedTokens && flags.equals(r.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, promptId, row, Arrays.hashCode(chosen), Arrays.hashCode(rejected),
                chosenTokens, rejectedTokens, sharedTokens, flags);
    }

    @Override
    public String toString() {
        return "ScoreRecord[id=" + id + ", promptId=" + promptId + ", row=" + row + ", chosen=" + Arrays.toString(chosen)
                + ", rejected=" + Arrays.toString(rejected) + ", chosenTokens=" + chosenTokens
                + ", rejectedTokens=" + rejectedTokens + ", sharedTokens=" + sharedTokens + ", flags=" + flags + "]";
    }
}
