package dev.seal.data;

import java.util.List;
import java.util.Set;

/**
 * One preference pair, as read from a dataset.
 *
 * @param id          stable id: the row's own id column when it has one, else "r" + 1-based row number
 * @param row         1-based row (line) number in the source file
 * @param prompt      the turns before the final assistant response (shared by both sides)
 * @param chosen      the chosen final assistant response
 * @param rejected    the rejected final assistant response
 * @param chosenRaw   the whole chosen text as written in the source (what {@code --raw} scores)
 * @param rejectedRaw the whole rejected text as written in the source
 * @param flags       notes on the row that do not stop scoring, e.g. {@link #FLAG_PROMPT_DIFFERS}
 */
public record PreferencePair(String id, long row, List<Turn> prompt, String chosen, String rejected,
                             String chosenRaw, String rejectedRaw, Set<String> flags) {
    /** hh-rlhf: chosen and rejected differ before their last assistant turn (the prompt of the chosen side is kept). */
    public static final String FLAG_PROMPT_DIFFERS = "prompt_differs";
    /**
     * hh-rlhf: a side's last assistant turn is empty or whitespace-only ("...\n\nAssistant: " at the end). Such rows
     * are real data (a few in Anthropic's files), so they are scored, but the flag lets an analysis set them apart.
     */
    public static final String FLAG_EMPTY_RESPONSE = "empty_response";

    public PreferencePair {
        prompt = List.copyOf(prompt);
        flags = Set.copyOf(flags);
    }
}
