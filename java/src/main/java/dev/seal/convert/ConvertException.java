package dev.seal.convert;

import java.nio.file.Path;

/**
 * A Hugging Face folder (or a GGUF) that {@code seal convert} cannot turn into a reward model: a missing or
 * inconsistent file, an unknown dtype, a shape that does not match config.json, a truncated safetensors file, a
 * tokenizer llama.cpp cannot represent, an architecture not supported yet. The message names the file and the
 * problem. An {@link IllegalArgumentException}, so the CLI reports it as bad input (exit code 3).
 */
public final class ConvertException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConvertException(String message) {
        super(message);
    }

    public ConvertException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code <file>: <problem>}". */
    static ConvertException in(Path file, String problem) {
        return new ConvertException(file + ": " + problem);
    }
}
