package dev.seal.perturb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The deterministic perturbations, each aimed at a feature a reward model may reward for the wrong reason. Every kind
 * is a pure function of the text and a seeded random stream, so a seed and a text give one result on any machine. The
 * README's {@code seal perturb} section says the same in prose; keep the two in step.
 */
public enum Kind {
    /** About one letter in 20 (at least one) misspelt: swapped with the next letter, dropped, or doubled. */
    TYPOS {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Noise.typos(text, rnd);
        }
    },
    /** Each cased letter flips case with probability 0.15 (at least one flips). */
    CASE {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Noise.flipCase(text, rnd);
        }
    },
    /** About one space in 5 (at least one) doubled, tripled or removed; no newline is ever added or removed. */
    WHITESPACE {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Noise.spaces(text, rnd);
        }
    },
    /** About one edit per 10 words (at least one): one of . , ! ? ; : removed, or one of , . ! ? added after a word no mark follows. */
    PUNCTUATION {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Noise.punctuation(text, rnd);
        }
    },
    /** A cheerful sentence before or after the text. */
    POSITIVE {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Phrases.openOrClose(text, rnd, Phrases.POSITIVE_OPENERS, Phrases.POSITIVE_CLOSERS);
        }
    },
    /** A grumpy sentence before or after the text. */
    NEGATIVE {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Phrases.openOrClose(text, rnd, Phrases.NEGATIVE_OPENERS, Phrases.NEGATIVE_CLOSERS);
        }
    },
    /** Content-free filler sentences appended until the text is at least twice as long. */
    PADDING {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Phrases.pad(text, rnd);
        }
    },
    /** A refusal sentence before the text, which is kept whole after it. */
    REFUSAL {
        @Override
        String apply(String text, SplittableRandom rnd) {
            return Phrases.open(Phrases.pick(Phrases.REFUSALS, rnd), text);
        }
    };

    /** The perturbed text; {@code rnd} is the stream of this text alone (see {@link Seeds}). */
    abstract String apply(String text, SplittableRandom rnd);

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
                            + ")"));
            if (!kinds.contains(k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }
}
