package dev.seal.gguf;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A GGUF file that {@link GgufValidator} refuses, with what is wrong as data: the {@link Field} (which part of the
 * file), the {@link Reason} (what kind of problem), the subject (the key or tensor name, when there is one) and the
 * file offset where it was found. The message reads {@code "<file>: <field> '<subject>': <detail>"}.
 *
 * <p>Unchecked, like {@link GgufFormatException}: callers that load models turn it into their own error (the CLI's
 * "model problem" exit code) and keep it as the cause.
 */
public final class GgufValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which part of the file is at fault. */
    public enum Field {
        /** the file as a whole: unreadable, too short, or not the checksum asked for */
        FILE,
        /** the 4-byte magic */
        MAGIC,
        /** the uint32 format version */
        VERSION,
        /** the header's uint64 tensor count */
        TENSOR_COUNT,
        /** the header's uint64 key/value count */
        KV_COUNT,
        /** a metadata key (its string) */
        KEY,
        /** a metadata value: its type id, length or content */
        VALUE,
        /** {@code general.alignment} */
        ALIGNMENT,
        /** a tensor's name */
        TENSOR_NAME,
        /** a tensor's n_dims or dimensions (ne) */
        TENSOR_DIMS,
        /** a tensor's ggml type id */
        TENSOR_TYPE,
        /** a tensor's data offset or extent */
        TENSOR_OFFSET,
        /** the data section (where it starts) */
        DATA,
        /** {@code general.architecture} */
        ARCHITECTURE,
        /** an architecture hyperparameter ({@code <arch>.block_count}, ...) */
        HPARAM,
        /** a {@code tokenizer.ggml.*} key */
        TOKENIZER,
        /** a {@code seal.reward.*} key */
        REWARD_HEAD
    }

    /** What kind of problem it is. */
    public enum Reason {
        /** the file ends inside a field */
        TRUNCATED,
        /** not "GGUF" */
        BAD_MAGIC,
        /** a version other than 2 or 3 (or a big-endian file) */
        UNSUPPORTED_VERSION,
        /** a count above the validator's limit */
        TOO_MANY,
        /** a length or count whose bytes cannot fit in what is left of the file */
        EXCEEDS_FILE,
        /** an arithmetic overflow: element count, byte size, length x element size */
        OVERFLOW,
        /** a negative (or, read as signed, a uint64 of 2^63 and up) count, dimension or offset */
        NEGATIVE,
        /** an empty key, tensor name or value that must not be empty */
        EMPTY,
        /** a string longer than allowed (keys 65535 bytes, tensor names 63, strings 1 GiB) */
        TOO_LONG,
        /** a key or tensor name that is not valid UTF-8 */
        BAD_UTF8,
        /** a key or tensor name seen before */
        DUPLICATE,
        /** an unknown (or removed) GGUF value type or ggml tensor type id */
        UNKNOWN_TYPE,
        /** an array of arrays (llama.cpp refuses them) */
        NESTED_ARRAY,
        /** an alignment that is zero or not a power of two */
        NOT_POWER_OF_TWO,
        /** a tensor offset that is not a multiple of the alignment */
        MISALIGNED,
        /** a row length (ne0) that is not a multiple of the type's block size */
        NOT_BLOCK_MULTIPLE,
        /** a tensor's data reaching past the end of the file */
        OUT_OF_BOUNDS,
        /** two tensors' data overlapping */
        OVERLAP,
        /** a tensor not at the offset ggml's layout requires (each one right after the previous, padded) */
        UNEXPECTED_OFFSET,
        /** a required key that is absent */
        MISSING,
        /** a key with another GGUF type than the loader requires */
        WRONG_TYPE,
        /** a value outside the range the loader accepts (it would assert and abort) */
        OUT_OF_RANGE,
        /** a value that must divide another and does not (head counts, n_embd) */
        NOT_DIVISIBLE,
        /** an array whose length does not agree with another value (n_embd, n_labels, the token count) */
        LENGTH_MISMATCH,
        /** a NaN or infinite weight */
        NOT_FINITE,
        /** the file's SHA-256 is not the one expected */
        CHECKSUM_MISMATCH,
        /** the file cannot be read */
        UNREADABLE
    }

    private final Path path;
    private final Field field;
    private final Reason reason;
    private final String subject;
    private final long offset;
    private final String detail;

    public GgufValidationException(Path path, Field field, Reason reason, String subject, long offset, String detail) {
        super(format(path, field, subject, detail));
        this.path = path;
        this.field = Objects.requireNonNull(field, "field");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.subject = subject;
        this.offset = offset;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    private static String format(Path path, Field field, String subject, String detail) {
        String where = field.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return (path == null ? "" : path + ": ") + where + (subject == null ? "" : " '" + subject + "'") + ": " + detail;
    }

    /** The file, or null when validating bytes without one. */
    public Path path() {
        return path;
    }

    public Field field() {
        return field;
    }

    public Reason reason() {
        return reason;
    }

    /** The key or tensor name at fault, or null when the field has no name (the header, the file). */
    public String subject() {
        return subject;
    }

    /** The file offset where the problem was found, or -1 when it is not about one place. */
    public long offset() {
        return offset;
    }

    /** The problem without the file and field prefix. */
    public String detail() {
        return detail;
    }
}
