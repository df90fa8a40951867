package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each row its pair id and prompt id, and remembers the ids seen, so a repeated pair id is caught (results are
 * joined on it). Stateful: one instance per reader, which sees every row in file order (a resumed job reads the rows
 * it skips too), so the ids of a file never depend on where a run started.
 *
 * <p>A prompt id is not a pair id: datasets with several pairs per prompt repeat it. So the pair id is
 * <ol>
 *   <li>the row's {@code id} or {@code pair_id} (the first present; a string or an integer), which must be unique;
 *   <li>else {@code <prompt_id>#<n>}, n the 1-based count of rows with that prompt id so far in file order, on every
 *       such row (so a pair id never sometimes equals its prompt id). The text before the last '#' is the prompt id
 *       and the rest a number, so two rows never derive the same id;
 *   <li>else "r" + row number.
 * </ol>
 * The prompt id is kept as the pair's own {@code promptId} (a {@code prompt_id} column of the scores).
 */
final class Ids {
    /** Pair id fields, in priority order: the first one a row has wins. */
    static final List<String> PAIR_KEYS = List.of("id", "pair_id");
    /** The prompt id field. */
    static final String PROMPT_KEY = "prompt_id";
    /** Joins a prompt id and its occurrence number; not "::", which {@code seal analyze} reserves for perturbed copies. */
    static final String OCCURRENCE_SEPARATOR = "#";

    /** A row's ids: the unique pair id, and its prompt id or null. */
    record Resolved(String pairId, String promptId) {}

    private final Map<String, Long> firstRow = new HashMap<>();
    private final Map<String, Integer> promptRows = new HashMap<>();

    /** The row's ids; counts the row under its prompt id. */
    Resolved resolve(long row, JsonNode fields) throws RowProblem {
        String explicit = null;
        for (String key : PAIR_KEYS) {
            JsonNode n = fields.get(key);
            if (n != null) {
                // a null id gets no "r<row>" fallback: that id could collide and would hide an incomplete column
                explicit = text(key, n);
                break;
            }
        }
        String promptId = promptId(fields, explicit != null);
        if (promptId != null) {
            int n = promptRows.merge(promptId, 1, Integer::sum);
            if (explicit == null) {
                return new Resolved(promptId + OCCURRENCE_SEPARATOR + n, promptId);
            }
        }
        return new Resolved(explicit != null ? explicit : "r" + row, promptId);
    }

    /**
     * The row's prompt id, or null. When the pair id comes from it, it must be there like any id; when the row has its
     * own pair id, a null or empty prompt id (an empty CSV cell, a gap in the column) is simply none.
     */
    private static String promptId(JsonNode fields, boolean hasPairId) throws RowProblem {
        JsonNode n = fields.get(PROMPT_KEY);
        if (n == null || hasPairId && (n.isNull() || n.isTextual() && n.textValue().isEmpty())) {
            return null;
        }
        return text(PROMPT_KEY, n);
    }

    /** An id field as text: a checked string, or an integer. */
    private static String text(String key, JsonNode n) throws RowProblem {
        if (n.isNull()) {
            throw new RowProblem(RowError.NULL_VALUE, key, "id is null");
        }
        if (n.isTextual()) {
            Texts.check(key, n.textValue());
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        throw new RowProblem(RowError.WRONG_TYPE, key, "expected a string or integer id, got " + Fields.kind(n));
    }

    /** Claims {@code id} for {@code row}; returns the earlier row that holds it, or -1 when it is new. */
    long claim(String id, long row) {
        Long earlier = firstRow.putIfAbsent(id, row);
        return earlier == null ? -1 : earlier;
    }
}
