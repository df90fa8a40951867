package dev.seal.analyze;

/**
 * Where a pair ends up between the model before training on the data (RM0) and after (RM*). "Aligned" means the
 * model gives the chosen response a strictly higher reward; a tie is not aligned (the model expressed no
 * preference), which matches counting ties as resistance.
 */
public enum Regime {
    STAYED_ALIGNED("stayed aligned", "RM0 and RM* both prefer chosen"),
    GOT_ALIGNED("got aligned", "RM0 did not prefer chosen, RM* does"),
    RESISTED("resisted", "neither RM0 nor RM* prefers chosen"),
    REVERSED("reversed", "RM0 preferred chosen, RM* does not");

    private final String label;
    private final String description;

    Regime(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public static Regime of(boolean alignedBefore, boolean alignedAfter) {
        if (alignedBefore) {
            return alignedAfter ? STAYED_ALIGNED : REVERSED;
        }
        return alignedAfter ? GOT_ALIGNED : RESISTED;
    }
}
