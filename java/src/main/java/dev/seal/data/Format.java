package dev.seal.data;

/** Dataset formats {@link Datasets#open} reads. */
public enum Format {
    /** Decide from the file name, and for JSON Lines from the first row with chosen/rejected fields. */
    AUTO,
    /** Anthropic hh-rlhf JSON Lines: {"chosen": "\n\nHuman: …\n\nAssistant: …", "rejected": …}, plain or gzip. */
    HH_RLHF,
    /** JSON Lines with prompt/chosen/rejected fields (strings or {role, content} message lists), plain or gzip. */
    JSONL,
    /** CSV (RFC 4180, header row) with prompt/chosen/rejected columns, plain or gzip. */
    CSV,
    /** Parquet with prompt/chosen/rejected columns (strings or lists of {role, content} structs). */
    PARQUET
}
