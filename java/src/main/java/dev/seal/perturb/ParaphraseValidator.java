package dev.seal.perturb;

import java.util.List;

/**
 * Decides whether a rewrite of a text may stand in for it in a robustness test: the rewrite keeps the hh-rlhf turns
 * ("\n\nHuman:" / "\n\nAssistant:" in the same number and order, none emptied), is not empty, is not the original
 * again (whitespace aside), and has a length within bounds of the original's (characters, as code points). The LLM
 * paraphrase keeps only rewrites this accepts and reports the others with the verdict's reason; the deterministic
 * kinds are held to the turn check, since an edit next to a newline can make or break a marker.
 */
public final class ParaphraseValidator {
    /** Reason: the rewrite is empty or whitespace only, or it emptied a turn that had content. */
    public static final String EMPTY = "empty";
    /** Reason: the rewrite is the original once runs of whitespace are made one space. */
    public static final String IDENTICAL = "identical";
    /** Reason: the rewrite's turns differ in number, order or role from the original's. */
    public static final String TURNS_CHANGED = "turns_changed";
    /** Reason: the rewrite is shorter than the lower bound. */
    public static final String TOO_SHORT = "too_short";
    /** Reason: the rewrite is longer than the upper bound. */
    public static final String TOO_LONG = "too_long";

    /** Default bounds: half to twice the original's length. */
    public static final double DEFAULT_MIN_RATIO = 0.5;
    public static final double DEFAULT_MAX_RATIO = 2.0;

    /** Accepted ({@code reason} null) or rejected with a reason code and a sentence saying what is wrong. */
    public record Verdict(String reason, String detail) {
        static final Verdict OK = new Verdict(null, null);

        public boolean accepted() {
            return reason == null;
        }
    }

    private final double minRatio;
    private final double maxRatio;

    /** The default bounds. */
    public ParaphraseValidator() {
        this(DEFAULT_MIN_RATIO, DEFAULT_MAX_RATIO);
    }

    /** A rewrite may have {@code minRatio} to {@code maxRatio} times the original's characters. */
    public ParaphraseValidator(double minRatio, double maxRatio) {
        if (!(minRatio > 0 && minRatio <= 1 && maxRatio >= 1 && Double.isFinite(maxRatio))) {
            throw new IllegalArgumentException("length bounds must satisfy 0 < min <= 1 <= max < infinity, got "
                    + minRatio + " and " + maxRatio);
        }
        this.minRatio = minRatio;
        this.maxRatio = maxRatio;
    }

    /** Every check, in order: empty, turns, identical, length. */
    public Verdict check(String original, String rewrite) {
        if (rewrite.isBlank()) {
            return new Verdict(EMPTY, "the rewrite is " + (rewrite.isEmpty() ? "empty" : "whitespace only"));
        }
        Verdict turns = turns(original, rewrite);
        if (!turns.accepted()) {
            return turns;
        }
        if (normalized(original).equals(normalized(rewrite))) {
            return new Verdict(IDENTICAL, "the rewrite is the original (whitespace aside)");
        }
        long was = original.codePointCount(0, original.length());
        long is = rewrite.codePointCount(0, rewrite.length());
        if (is < minRatio * was) {
            return new Verdict(TOO_SHORT, is + " characters, under " + minRatio + " x the original's " + was);
        }
        if (is > maxRatio * was) {
            return new Verdict(TOO_LONG, is + " characters, over " + maxRatio + " x the original's " + was);
        }
        return Verdict.OK;
    }

    /** Only the turn check: same roles in the same order, and no turn emptied. */
    public static Verdict turns(String original, String rewrite) {
        List<HhTurns.Span> was = HhTurns.split(original);
        List<HhTurns.Span> is = HhTurns.split(rewrite);
        List<String> wasRoles = was.stream().map(HhTurns.Span::role).toList();
        List<String> isRoles = is.stream().map(HhTurns.Span::role).toList();
        if (!wasRoles.equals(isRoles)) {
            return new Verdict(TURNS_CHANGED, "turns " + wasRoles + " became " + isRoles);
        }
        for (int i = 0; i < was.size(); i++) {
            if (!was.get(i).content(original).isBlank() && is.get(i).content(rewrite).isBlank()) {
                return new Verdict(EMPTY, "turn " + (i + 1) + " (" + wasRoles.get(i) + ") is empty in the rewrite");
            }
        }
        return Verdict.OK;
    }

    private static String normalized(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
