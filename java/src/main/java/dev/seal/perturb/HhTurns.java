package dev.seal.perturb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The turns of an hh-rlhf text with their positions, so a perturbation can rewrite a turn's content and leave every
 * other character of the text as written. Markers are found as the dataset reader finds them: "Human:"/"Assistant:"
 * at the very start of the text or after "\n\n"; the one space after a marker is markup, not content.
 */
final class HhTurns {
    // the second alternative is tried at every offset, so "\n\n\nHuman:" finds the marker at its last two newlines
    private static final Pattern MARKER = Pattern.compile("\\A(Human|Assistant):|\n\n(Human|Assistant):");

    /**
     * One turn: its role ("user" or "assistant") and where it lies in the text.
     *
     * @param markerStart  first char of the marker (its "\n\n" included)
     * @param contentStart first char of the content
     * @param end          one past the content's last char
     */
    record Span(String role, int markerStart, int contentStart, int end) {
        String content(String text) {
            return text.substring(contentStart, end);
        }
    }

    private HhTurns() {}

    /** The turns of {@code text} in order; empty when it has no marker. */
    static List<Span> split(String text) {
        List<Span> spans = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        int markerStart = -1;
        int contentStart = -1;
        String role = null;
        while (m.find()) {
            if (role != null) {
                spans.add(new Span(role, markerStart, contentStart, m.start()));
            }
            role = "Human".equals(m.group(1) != null ? m.group(1) : m.group(2)) ? "user" : "assistant";
            markerStart = m.start();
            contentStart = m.end() < text.length() && text.charAt(m.end()) == ' ' ? m.end() + 1 : m.end();
        }
        if (role != null) {
            spans.add(new Span(role, markerStart, contentStart, text.length()));
        }
        return spans;
    }
}
