package dev.seal.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one hh-rlhf text ("\n\nHuman: …\n\nAssistant: …") into its prompt turns and its final assistant response.
 *
 * <p>Decisions, all chosen so no text is altered beyond the markup:
 * <ul>
 *   <li>A turn starts at "\n\nHuman:" or "\n\nAssistant:" (or at "Human:"/"Assistant:" at the very start of the text).
 *       "Human:" anywhere else, e.g. "… stereotypical women.  Human: Then how…" inside a turn, is content, as in the
 *       source data.</li>
 *   <li>Content is verbatim except the one space that separates the marker from the content: "Assistant:  Wow" gives
 *       " Wow", trailing whitespace and inner newlines are kept.</li>
 *   <li>Whitespace before the first marker (the usual leading "\n\n" is part of the marker) is ignored; any other text
 *       there is an error rather than a turn we would have to invent a role for.</li>
 *   <li>The last turn must be an Assistant turn (a dialogue ending with Human has no response to score), and a Human
 *       turn must come before it. Consecutive turns of one role (a few in the real data) are kept as they are.</li>
 *   <li>The response may be empty ("…\n\nAssistant: " at the end, 4 rows of harmless-base test): the caller flags
 *       it.</li>
 * </ul>
 */
final class HhDialogue {
    private static final String HUMAN = "Human:";
    private static final String ASSISTANT = "Assistant:";

    /** The prompt turns and the final response of one text. */
    record Parsed(List<Turn> prompt, String response) {}

    private record Marker(int start, int contentStart, String role) {}

    private HhDialogue() {}

    static Parsed parse(String field, String text) throws RowProblem {
        Marker m = first(text);
        if (m == null) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field, "no '\\n\\nHuman:' or '\\n\\nAssistant:' turn");
        }
        if (!Texts.isBlank(text.substring(0, m.start()))) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field,
                    "text before the first turn marker (at char " + m.start() + ")");
        }
        List<Turn> turns = new ArrayList<>();
        while (m != null) {
            Marker next = after(text, m.contentStart());
            String content = text.substring(m.contentStart(), next == null ? text.length() : next.start());
            turns.add(new Turn(m.role(), content.startsWith(" ") ? content.substring(1) : content));
            m = next;
        }
        int last = turns.size() - 1;
        if (turns.stream().noneMatch(t -> t.role().equals("assistant"))) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field, "no 'Assistant:' turn");
        }
        if (!turns.get(last).role().equals("assistant")) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field,
                    "ends with a 'Human:' turn, not an 'Assistant:' response");
        }
        List<Turn> prompt = turns.subList(0, last);
        if (prompt.stream().noneMatch(t -> t.role().equals("user"))) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field, "no 'Human:' turn before the response");
        }
        return new Parsed(List.copyOf(prompt), turns.get(last).content());
    }

    /** Whether a text is plausibly hh-rlhf: used by format detection, not validation. */
    static boolean looksLike(String text) {
        return text.contains("\n\n" + ASSISTANT) && (text.startsWith(HUMAN) || text.contains("\n\n" + HUMAN));
    }

    private static Marker first(String text) {
        if (text.startsWith(HUMAN)) {
            return new Marker(0, HUMAN.length(), "user");
        }
        if (text.startsWith(ASSISTANT)) {
            return new Marker(0, ASSISTANT.length(), "assistant");
        }
        return after(text, 0);
    }

    /** The next "\n\nHuman:" / "\n\nAssistant:" at or after {@code from}. */
    private static Marker after(String text, int from) {
        // step one char at a time past each "\n\n" so "\n\n\nHuman:" finds the marker at its last two newlines
        for (int j = text.indexOf("\n\n", from); j >= 0; j = text.indexOf("\n\n", j + 1)) {
            if (text.startsWith(HUMAN, j + 2)) {
                return new Marker(j, j + 2 + HUMAN.length(), "user");
            }
            if (text.startsWith(ASSISTANT, j + 2)) {
                return new Marker(j, j + 2 + ASSISTANT.length(), "assistant");
            }
        }
        return null;
    }
}
