package dev.seal.score;

/**
 * A whole batch failed, not one pair in it: the native engine ran out of memory or its decode failed, the worker
 * process died (a native abort, a signal) or stopped answering. The caller splits the batch and tries again, down to
 * single pairs, so one poison row or one oversized batch costs only itself.
 */
public final class BatchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the batch failed, which decides how it is retried. */
    public enum Kind {
        /**
         * SEAL_E_OUT_OF_MEMORY for a whole call (the engine already halved its tokens per decode as far as it could):
         * retry in halves in the same worker; smaller batches from then on
         */
        OUT_OF_MEMORY("out_of_memory"),
        /** another whole-call native error (SEAL_E_DECODE, SEAL_E_INTERNAL): retry in halves */
        NATIVE("decode_failed"),
        /** the worker process died: restart it, retry in halves; a lone pair that kills it twice is poison */
        CRASH("worker_crashed"),
        /** the worker did not answer within the timeout: kill it and treat as a crash */
        TIMEOUT("worker_timeout");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The errors-file reason a single pair gets when it fails this way on its own. */
        public String reason() {
            return reason;
        }
    }

    private final Kind kind;
    private final String reasonCode;

    public BatchFailure(Kind kind, String message) {
        this(kind, kind.reason(), message);
    }

    /** With an explicit errors-file reason (e.g. the native status code). */
    public BatchFailure(Kind kind, String reasonCode, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.reasonCode = reasonCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The errors-file reason for a single pair failing this way. */
    public String reasonCode() {
        return reasonCode;
    }
}
