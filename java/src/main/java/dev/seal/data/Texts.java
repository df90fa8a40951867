package dev.seal.data;

import java.util.List;

/**
 * Checks every text that will reach the model, and renders turns in hh-rlhf style: the one hh renderer, used for the
 * raw texts of generic rows, for re-rendering turns kept by {@code --truncate left}, and for text-pair classifiers.
 */
public final class Texts {
    /** What starts every hh-rlhf turn, before its "Human:"/"Assistant:" label. */
    private static final String TURN_BREAK = "\n\n";

    private Texts() {}

    /**
     * Rejects a text that would be scored wrongly or not at all: an unpaired surrogate (no UTF-8 form, so the tokenizer
     * would get a replacement character), a NUL (C strings stop there) or an empty/whitespace-only text.
     */
    static void check(String field, String text) throws RowProblem {
        int lone = loneSurrogateAt(text);
        if (lone >= 0) {
            throw new RowProblem(RowError.LONE_SURROGATE, field,
                    "unpaired UTF-16 surrogate U+%04X at char %d".formatted((int) text.charAt(lone), lone));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new RowProblem(RowError.NUL_BYTE, field, "NUL character (U+0000) at char " + nul);
        }
        if (isBlank(text)) {
            throw new RowProblem(RowError.EMPTY_TEXT, field, text.isEmpty() ? "empty text" : "whitespace-only text");
        }
    }

    /** Index of the first surrogate char that is not half of a well-formed pair, or -1. */
    static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a proper pair
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Blank in the wide sense: also no-break and other Unicode spaces, which {@link String#isBlank()} lets through. */
    static boolean isBlank(String s) {
        return s.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    /**
     * Renders a dialogue the way hh-rlhf writes it: each turn as "\n\nHuman: …" / "\n\nAssistant: …", the response
     * last. Generic rows get their raw texts from this, so that raw scoring sees the same shape as for hh-rlhf. hh-rlhf
     * has no system role; a system turn is written as "\n\nSystem: …" so its text is not lost.
     */
    public static String renderHh(List<Turn> prompt, String response) {
        return appendTurn(appendTurns(new StringBuilder(), prompt), "assistant", response).toString();
    }

    /**
     * The prompt turns alone in the same shape, without the blank line before the first turn: the first segment of a
     * text-pair classifier's input ([CLS] prompt [SEP] response [SEP]), where a leading blank line would be noise.
     */
    public static String renderHhPrompt(List<Turn> prompt) {
        StringBuilder sb = appendTurns(new StringBuilder(), prompt);
        return sb.isEmpty() ? "" : sb.substring(TURN_BREAK.length());
    }

    private static StringBuilder appendTurns(StringBuilder sb, List<Turn> turns) {
        for (Turn t : turns) {
            appendTurn(sb, t.role(), t.content());
        }
        return sb;
    }

    private static StringBuilder appendTurn(StringBuilder sb, String role, String content) {
        return sb.append(TURN_BREAK).append(label(role)).append(": ").append(content);
    }

    private static String label(String role) {
        return switch (role) {
            case "user" -> "Human";
            case "assistant" -> "Assistant";
            case "system" -> "System";
            default -> throw new IllegalArgumentException("unknown role " + role); // mappers only build the three
        };
    }
}
