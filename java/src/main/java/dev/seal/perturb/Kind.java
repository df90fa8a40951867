package dev.seal.perturb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The deterministic perturbations, each aimed at a feature a reward model may reward for the wrong reason. Every kind
 * is a pure function of the text and a seeded random stream, so a seed and a text give one result on any machine. The
 * README's {@code seal perturb} section says the same in prose; keep the two in step.
 */
public enum Kind {
    /** About one letter in 20 (at least one) misspelt: swapped with the next letter, dropped, or doubled. */
    TYPOS(Noise::typos),
    /** Each cased letter flips case with probability 0.15 (at least one flips). */
    CASE(Noise::flipCase),
    /** About one space in 5 (at least one) doubled, tripled or removed; no newline is ever added or removed. */
    WHITESPACE(Noise::spaces),
    /**
     * About one edit per 10 words (at least one): one of . , ! ? ; : removed, or one of , . ! ? added after a word no
     * mark follows.
     */
    PUNCTUATION(Noise::punctuation),
    /** A cheerful sentence before or after the text. */
    POSITIVE((text, rnd) -> Phrases.openOrClose(text, rnd, Phrases.POSITIVE_OPENERS, Phrases.POSITIVE_CLOSERS)),
    /** A grumpy sentence before or after the text. */
    NEGATIVE((text, rnd) -> Phrases.openOrClose(text, rnd, Phrases.NEGATIVE_OPENERS, Phrases.NEGATIVE_CLOSERS)),
    /** Content-free filler sentences appended until the text is at least twice as long. */
    PADDING(Phrases::pad),
    /** A refusal sentence before the text, which is kept whole after it. */
    REFUSAL((text, rnd) -> Phrases.open(Phrases.pick(Phrases.REFUSALS, rnd), text));

    private final BiFunction<String, SplittableRandom, String> edit;

    Kind(BiFunction<String, SplittableRandom, String> edit) {
        this.edit = edit;
    }

    /** The perturbed text; {@code rnd} is the stream of this text alone (see {@link Seeds}). */
    String apply(String text, SplittableRandom rnd) {
        return edit.apply(text, rnd);
    }

    /** The name in ids and on the command line: the constant in lower case, e.g. "typos". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kinds named in a comma-separated list, in its order, each once. */
    public static List<Kind> parseList(String list) {
        List<Kind> kinds = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            Kind k = Arrays.stream(values()).filter(v -> v.id().equals(part.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown perturbation kind '" + part.strip()
                            + "' (known: " + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "))
                            + ", and " + Paraphraser.KIND + " with --model)"));
            if (!kinds.contains(k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }
}
