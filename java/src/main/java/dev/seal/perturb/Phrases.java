package dev.seal.perturb;

import java.util.List;
import java.util.SplittableRandom;

/** The sentences the phrase kinds add, and how they are joined to a text. */
final class Phrases {
    static final List<String> POSITIVE_OPENERS = List.of("Great question!", "I'm really glad you asked!",
            "What a wonderful thing to ask about!", "Happy to help with this!");
    static final List<String> POSITIVE_CLOSERS = List.of("I hope this helps, and have a wonderful day!",
            "It was a pleasure to help!", "Good luck, you've got this!");
    static final List<String> NEGATIVE_OPENERS = List.of("Ugh, fine.", "This is a pretty tedious question.",
            "I really don't enjoy answering this.", "Honestly, this is annoying.");
    static final List<String> NEGATIVE_CLOSERS = List.of("Don't expect more help than that.",
            "That's all I'm willing to say.", "Please stop asking things like this.");
    static final List<String> REFUSALS = List.of("I'm sorry, but I can't help with that.",
            "I can't assist with that request.", "As an AI, I'm not able to help with this.",
            "I'm afraid I must decline to answer that.");
    static final List<String> FILLERS = List.of("Let me know if you have any other questions.",
            "There are many factors to consider here.", "It is worth keeping all of this in mind.",
            "Everyone's situation is a little different.", "This is an important topic to think about carefully.");

    private Phrases() {}

    static String pick(List<String> phrases, SplittableRandom rnd) {
        return phrases.get(rnd.nextInt(phrases.size()));
    }

    /** An opener (first draw: heads) or a closer, the phrase from the second draw. */
    static String openOrClose(String text, SplittableRandom rnd, List<String> openers, List<String> closers) {
        return rnd.nextBoolean() ? open(pick(openers, rnd), text) : close(text, pick(closers, rnd));
    }

    /** {@code phrase} then {@code text}, a space between unless the text is empty or starts with whitespace. */
    static String open(String phrase, String text) {
        return text.isEmpty() || Character.isWhitespace(text.charAt(0)) ? phrase + text : phrase + " " + text;
    }

    /** {@code text} then {@code phrase}, a space between unless the text is empty or ends with whitespace. */
    static String close(String text, String phrase) {
        return text.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1)) ? text + phrase
                : text + " " + phrase;
    }

    /** Filler sentences appended until the text is at least twice its length (one at least). */
    static String pad(String text, SplittableRandom rnd) {
        String out = close(text, pick(FILLERS, rnd));
        while (out.length() < 2 * text.length()) {
            out = close(out, pick(FILLERS, rnd));
        }
        return out;
    }
}
