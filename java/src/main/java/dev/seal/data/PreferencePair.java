package dev.seal.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One preference pair, as read from a dataset. Each side carries its own conversation: in most rows the two are equal,
 * but where they differ (flag {@link #FLAG_PROMPT_DIFFERS}) each response is scored under the conversation it answers.
 *
 * @param id       unique, stable pair id: the row's {@code id}/{@code pair_id}; else {@code <prompt_id>#<n>}, n the
 *                 1-based count of rows with that prompt id so far in file order; else "r" + 1-based row number
 * @param promptId the row's {@code prompt_id} as text, or null when the row has none
 * @param row      1-based row (line) number in the source file
 * @param chosen   the chosen side
 * @param rejected the rejected side
 * @param flags    notes on the row that do not stop scoring, e.g. {@link #FLAG_PROMPT_DIFFERS}
 */
public record PreferencePair(String id, String promptId, long row, Side chosen, Side rejected, Set<String> flags) {
    /** The two sides continue different conversations (their turns before the final response differ). */
    public static final String FLAG_PROMPT_DIFFERS = "prompt_differs";
    /**
     * hh-rlhf: a side's last assistant turn is empty or whitespace-only ("...\n\nAssistant: " at the end). Such rows
     * are real data (a few in Anthropic's files), so they are scored, but the flag lets an analysis set them apart.
     */
    public static final String FLAG_EMPTY_RESPONSE = "empty_response";

    /**
     * One side of a pair.
     *
     * @param prompt   the turns before the final assistant response
     * @param response the final assistant response
     * @param raw      the whole text as written in the source (hh-rlhf), or the hh rendering of prompt and response
     *                 (other formats): what {@code --raw} scores
     */
    public record Side(List<Turn> prompt, String response, String raw) {
        public Side {
            prompt = List.copyOf(prompt);
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(raw, "raw");
        }

        /** A side whose raw text is the hh rendering of its turns (see {@link Texts#renderHh}). */
        public static Side rendered(List<Turn> prompt, String response) {
            return new Side(prompt, response, Texts.renderHh(prompt, response));
        }
    }

    public PreferencePair {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        flags = Set.copyOf(flags);
    }

    /** Whether both sides continue the same conversation. */
    public boolean samePrompt() {
        return chosen.prompt().equals(rejected.prompt());
    }
}
