package dev.seal.analyze;

/**
 * One numeric feature of a text, as the analysis uses it.
 *
 * @param name        the feature's name (a column of the feature table, an expanded "column=value" indicator, or a
 *                    built-in feature)
 * @param role        target, spoiler, context or ignore (see {@link Role})
 * @param sign        the direction a well-aligned reward model should reward a target: +1, −1, or 0 for none declared
 * @param kind        binary (0/1), ternary (−1/0/1) or numeric, as coded from the values
 * @param source      where it came from: a feature file's path, or "built-in"
 * @param description what a unit of it means (e.g. "per 100 tokens") or how it was coded
 */
public record Feature(String name, Role role, int sign, Kind kind, String source, String description) {
    /** What a feature is for. */
    public enum Role {
        /** A value the alignment data set is meant to teach (harmlessness, helpfulness, …): in the imprint regressions. */
        TARGET,
        /** A feature a reward model should not reward for itself (sentiment, eloquence, length, …): in the regressions. */
        SPOILER,
        /** Describes the data (topics, …): used to break results down, not regressed on. */
        CONTEXT,
        /** Not used at all (free text, ids). */
        IGNORE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean regressed() {
            return this == TARGET || this == SPOILER;
        }
    }

    /** How the values are coded. */
    public enum Kind { BINARY, TERNARY, NUMERIC }

    public Feature withRole(Role r) {
        return new Feature(name, r, sign, kind, source, description);
    }
}
