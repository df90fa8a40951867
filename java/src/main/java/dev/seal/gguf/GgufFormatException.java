package dev.seal.gguf;

/**
 * A GGUF file (or a value asked of one) is not what it must be: bad magic, a count or length that cannot fit in the
 * file, an unknown type id, a missing key, a key of the wrong type.
 *
 * <p>Unchecked because most of its sources are the typed getters of {@link GgufFile}, which callers use in long
 * chains; real I/O failures stay {@link java.io.IOException}s. The message always names the file (when known), the
 * field (key, tensor or header field) and the problem, e.g.
 * {@code "model.gguf: tensor 'blk.0.attn_q.weight': data (offset 4096, 16384 bytes) extends beyond the end of the file"}.
 */
public final class GgufFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
