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
public record RowError(String source, long row, String id, String reason, String detail) {
    // The reason codes the readers emit. They are part of the errors-file format, so they never change spelling.

    /** A JSONL line that is not one well-formed JSON object (bad syntax, a duplicate key, trailing data, an array). */
    public static final String INVALID_JSON = "invalid_json";
    /** A needed field (or message key) is absent. */
    public static final String MISSING_FIELD = "missing_field";
    /** A field has the wrong JSON/column type, e.g. a number where text or a message list is expected. */
    public static final String WRONG_TYPE = "wrong_type";
    /** A text is empty or whitespace-only (or a message list is empty). */
    public static final String EMPTY_TEXT = "empty_text";
    /** A text contains U+0000, which tokenizers and C strings treat as an end marker. */
    public static final String NUL_BYTE = "nul_byte";
    /** A JSONL line is not valid UTF-8. */
    public static final String INVALID_UTF8 = "invalid_utf8";
    /** A text contains an unpaired UTF-16 surrogate (from a JSON escape such as &#92;ud800): it has no UTF-8 form. */
    public static final String LONE_SURROGATE = "lone_surrogate";
    /** A dialogue cannot be split into a prompt and a final assistant response. */
    public static final String UNPARSEABLE_DIALOGUE = "unparseable_dialogue";
    /** The row's id was already used by an earlier row. */
    public static final String DUPLICATE_ID = "duplicate_id";
    /** A field is an explicit null (a JSON null, an empty unquoted CSV cell, a Parquet null). */
    public static final String NULL_VALUE = "null_value";
}
