package dev.seal.data;

/**
 * A row that cannot be scored, with the reason. It goes to the errors file; the job carries on.
 *
 * @param source file the row came from
 * @param row    1-based row (line) number, or -1 when unknown
 * @param id     the row's id when it could be determined, else null
 * @param reason short machine-friendly reason code, e.g. "invalid_json", "missing_field", "empty_text"
 * @param detail human-readable explanation naming the field and the problem
 */
public record RowError(String source, long row, String id, String reason, String detail) {}
