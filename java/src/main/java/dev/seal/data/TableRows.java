package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Generic rows with {@code prompt}/{@code chosen}/{@code rejected} fields, from JSONL, CSV or Parquet.
 *
 * <ul>
 *   <li>{@code chosen}/{@code rejected}: a string (the response) or a message list (a whole conversation ending in the
 *       assistant's response, as in UltraFeedback-binarized).</li>
 *   <li>Each side's conversation is its own leading messages when it has any. A chosen side without them continues
 *       the {@code prompt} field, a string (one user turn) or a message list; a rejected side without them continues
 *       the chosen side's conversation. When the chosen side has leading messages the {@code prompt} field is not
 *       read: in such datasets it repeats the first user message.</li>
 *   <li>Sides whose conversations differ are each kept (and scored) with their own, and flagged
 *       {@code prompt_differs}.</li>
 *   <li>Raw texts are the hh-rlhf rendering of each side's own conversation plus its response.</li>
 * </ul>
 */
final class TableRows extends RowMapper {
    /** One side of the pair: the messages before the response (empty for a plain string) and the response. */
    private record Side(List<Turn> leading, String response) {}

    TableRows(String source) {
        super(source);
    }

    @Override
    PreferencePair build(String id, String promptId, long row, JsonNode fields) throws RowProblem {
        Side chosen = side(fields, "chosen");
        Side rejected = side(fields, "rejected");
        List<Turn> chosenPrompt = chosen.leading().isEmpty() ? prompt(fields) : chosen.leading();
        requireUser(chosenPrompt, chosen.leading().isEmpty() ? "prompt" : "chosen");
        List<Turn> rejectedPrompt = rejected.leading().isEmpty() ? chosenPrompt : rejected.leading();
        requireUser(rejectedPrompt, "rejected");
        Set<String> flags = rejectedPrompt.equals(chosenPrompt) ? Set.of() : Set.of(PreferencePair.FLAG_PROMPT_DIFFERS);
        return new PreferencePair(id, promptId, row, PreferencePair.Side.rendered(chosenPrompt, chosen.response()),
                PreferencePair.Side.rendered(rejectedPrompt, rejected.response()), flags);
    }

    private static void requireUser(List<Turn> prompt, String field) throws RowProblem {
        if (prompt.stream().noneMatch(t -> t.role().equals("user"))) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, field, "no user message before the response");
        }
    }

    private static Side side(JsonNode fields, String name) throws RowProblem {
        JsonNode n = Fields.present(fields, name);
        if (n.isTextual()) {
            return new Side(List.of(), Fields.text(fields, name));
        }
        if (!n.isArray()) {
            throw new RowProblem(RowError.WRONG_TYPE, name,
                    "expected a string or a message list, got " + Fields.kind(n));
        }
        List<Turn> turns = Fields.messages(name, n);
        Turn last = turns.getLast();
        if (!last.role().equals("assistant")) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, name,
                    "the last message is '" + last.role() + "', not the assistant's response");
        }
        return new Side(List.copyOf(turns.subList(0, turns.size() - 1)), last.content());
    }

    private static List<Turn> prompt(JsonNode fields) throws RowProblem {
        JsonNode n = Fields.present(fields, "prompt");
        if (n.isTextual()) {
            return List.of(new Turn("user", Fields.text(fields, "prompt")));
        }
        if (!n.isArray()) {
            throw new RowProblem(RowError.WRONG_TYPE, "prompt",
                    "expected a string or a message list, got " + Fields.kind(n));
        }
        return Fields.messages("prompt", n);
    }
}
