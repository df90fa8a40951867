package dev.seal.data;

/**
 * Why one row cannot be scored. Thrown inside the row mappers so validation reads top to bottom; every reader turns it
 * into a {@link PairReader.Row.Bad} at the row boundary, so it never escapes a reader.
 */
final class RowProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String field;

    /**
     * @param reason  one of the {@link RowError} reason codes
     * @param field   the field (or message key, e.g. "chosen[2].role") at fault, or null when it is the row as a whole
     * @param problem what is wrong, without the row number (the reader adds it)
     */
    RowProblem(String reason, String field, String problem) {
        // no stack trace: these are expected, can be frequent in a bad file, and the detail says everything
        super(problem, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    String reason() {
        return reason;
    }

    String field() {
        return field;
    }

    /** The row error's detail: names the row, the field and the problem. */
    String detail(long row) {
        String where = field == null ? "row " + row : "row " + row + ", field '" + field + "'";
        return where + ": " + getMessage();
    }

    RowError toError(String source, long row, String id) {
        return new RowError(source, row, id, reason, detail(row));
    }
}
