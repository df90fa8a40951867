package dev.seal.engine;

import dev.seal.bindings.seal_h;

/** A failed native call: the seal status code and the library's message for it. */
public final class SealException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, by who has to act on it. */
    public enum Kind {
        /** the caller passed something invalid */
        ARGUMENT,
        /** the model file: unreadable, refused by llama.cpp, no reward head, no template, no next-token prediction */
        MODEL,
        /** a sequence is too long or empty */
        INPUT,
        /** llama.cpp failed while computing, or memory ran out */
        NATIVE
    }

    private final int status;

    public SealException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public Kind kind() {
        return kindOf(status);
    }

    static Kind kindOf(int status) {
        if (status == seal_h.SEAL_E_IO() || status == seal_h.SEAL_E_MODEL() || status == seal_h.SEAL_E_NO_HEAD()
                || status == seal_h.SEAL_E_TEMPLATE() || status == seal_h.SEAL_E_NOT_GENERATIVE()) {
            return Kind.MODEL;
        }
        if (status == seal_h.SEAL_E_TOO_LONG() || status == seal_h.SEAL_E_EMPTY()) {
            return Kind.INPUT;
        }
        if (status == seal_h.SEAL_E_INVALID_ARGUMENT() || status == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
            return Kind.ARGUMENT;
        }
        return Kind.NATIVE;
    }

    /** Short code for a status, used as the reason in errors files. */
    public static String code(int status) {
        if (status == seal_h.SEAL_OK()) return "ok";
        if (status == seal_h.SEAL_E_INVALID_ARGUMENT()) return "invalid_argument";
        if (status == seal_h.SEAL_E_IO()) return "io";
        if (status == seal_h.SEAL_E_MODEL()) return "model";
        if (status == seal_h.SEAL_E_NO_HEAD()) return "no_head";
        if (status == seal_h.SEAL_E_TOO_LONG()) return "too_long";
        if (status == seal_h.SEAL_E_DECODE()) return "decode_failed";
        if (status == seal_h.SEAL_E_OUT_OF_MEMORY()) return "out_of_memory";
        if (status == seal_h.SEAL_E_TEMPLATE()) return "template";
        if (status == seal_h.SEAL_E_BUFFER_TOO_SMALL()) return "buffer_too_small";
        if (status == seal_h.SEAL_E_EMPTY()) return "empty";
        if (status == seal_h.SEAL_E_NOT_GENERATIVE()) return "not_generative";
        return "internal";
    }

    /** Throws for a non-OK status, with the thread's last native error as the message. */
    static void check(int status, String what) {
        if (status != seal_h.SEAL_OK()) {
            String detail = seal_h.seal_last_error().getString(0).strip();
            throw new SealException(status, what + ": " + (detail.isEmpty() ? code(status) : detail));
        }
    }
}
