package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each row its id and remembers the ids seen, so a repeated id is caught (results are joined on id). Stateful:
 * one instance per reader.
 */
final class Ids {
    /** Id fields, in priority order: the first one a row has wins. */
    static final List<String> KEYS = List.of("id", "pair_id", "prompt_id");

    private final Map<String, Long> firstRow = new HashMap<>();

    /** The row's own id (text or integer) from the first id field it has, else "r" + row number. */
    String resolve(long row, JsonNode fields) throws RowProblem {
        for (String key : KEYS) {
            JsonNode n = fields.get(key);
            if (n == null) {
                continue;
            }
            if (n.isNull()) {
                // no fallback to "r<row>": that id could collide and would hide that the column is incomplete
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
        return "r" + row;
    }

    /** Claims {@code id} for {@code row}; returns the earlier row that holds it, or -1 when it is new. */
    long claim(String id, long row) {
        Long earlier = firstRow.putIfAbsent(id, row);
        return earlier == null ? -1 : earlier;
    }
}
