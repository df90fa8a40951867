package dev.seal.data;

import java.io.IOException;

/** hh-rlhf or generic JSON Lines: {@link JsonLines} does the bytes and JSON, a {@link RowMapper} the fields. */
final class JsonlReader implements PairReader {
    private final JsonLines lines;
    private final RowMapper rows;

    JsonlReader(JsonLines lines, RowMapper rows) {
        this.lines = lines;
        this.rows = rows;
    }

    @Override
    public Row next() throws IOException {
        return switch (lines.next()) {
            case null -> null;
            case JsonLines.Obj o -> rows.map(o.number(), o.fields());
            case JsonLines.Problem p -> rows.bad(p.number(), p.problem());
        };
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
