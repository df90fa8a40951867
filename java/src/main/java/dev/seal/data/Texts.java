package dev.seal.data;

import java.util.List;

/** Checks every text that will reach the model, and renders turns in hh-rlhf style. */
final class Texts {
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
    static String renderHh(List<Turn> prompt, String response) {
        StringBuilder sb = new StringBuilder();
        for (Turn t : prompt) {
            sb.append("\n\n").append(label(t.role())).append(": ").append(t.content());
        }
        return sb.append("\n\nAssistant: ").append(response).toString();
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
