package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one row's fields into a pair or a row error. Owns id assignment, so duplicate ids are caught the same way in
 * every format. Stateful (the ids seen so far): one instance per reader.
 */
abstract class RowMapper {
    private final String source;
    private final Ids ids = new Ids();

    RowMapper(String source) {
        this.source = source;
    }

    final PairReader.Row map(long row, JsonNode fields) {
        String id = null;
        try {
            Ids.Resolved r = ids.resolve(row, fields);
            id = r.pairId();
            long earlier = ids.claim(id, row);
            if (earlier >= 0) {
                throw new RowProblem(RowError.DUPLICATE_ID, null, "id '" + id + "' is already used by row " + earlier);
            }
            return new PairReader.Row.Ok(build(id, r.promptId(), row, fields));
        } catch (RowProblem p) {
            return new PairReader.Row.Bad(p.toError(source, row, id));
        }
    }

    /** A row that failed before it had fields (bad bytes, bad JSON). */
    final PairReader.Row bad(long row, RowProblem p) {
        return new PairReader.Row.Bad(p.toError(source, row, null));
    }

    abstract PreferencePair build(String id, String promptId, long row, JsonNode fields) throws RowProblem;
}
