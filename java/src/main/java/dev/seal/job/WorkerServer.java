package dev.seal.job;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.engine.SealException;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The worker side of {@link WorkerProtocol}: loads the model on INIT, scores each SCORE batch with a
 * {@link InProcessBackend}, exits on SHUTDOWN or at the end of its input (the supervisor is gone). Everything native
 * happens in this process, so a native abort kills only the worker; the supervisor sees the stream end, restarts it
 * and splits the batch.
 */
public final class WorkerServer {
    private WorkerServer() {}

    /** Serves until SHUTDOWN or end of input; returns the process exit code (0, or 4 when the model cannot load). */
    public static int serve(InputStream in, OutputStream out) throws IOException {
        byte[] first = WorkerProtocol.readFrame(in);
        if (first == null) {
            return 0;
        }
        WorkerProtocol.In init = new WorkerProtocol.In(first);
        if (init.type != WorkerProtocol.INIT) {
            throw new IOException("worker protocol: expected INIT, got message " + init.type);
        }
        InProcessBackend backend;
        try {
            backend = InProcessBackend.open(WorkerProtocol.readInit(init));
        } catch (SealException e) {
            WorkerProtocol.writeFrame(out, WorkerProtocol.fatal(e.status(), e.getMessage()));
            return 4;
        } catch (RuntimeException e) {
            WorkerProtocol.writeFrame(out, WorkerProtocol.fatal(seal_h.SEAL_E_INVALID_ARGUMENT(), String.valueOf(e.getMessage())));
            return 4;
        }
        try (backend) {
            WorkerProtocol.writeFrame(out, WorkerProtocol.ready(backend.labels(), backend.scorer().maxTokens(),
                    backend.scorer().batchTokens()));
            int nLabels = backend.labels().size();
            while (true) {
                byte[] frame = WorkerProtocol.readFrame(in);
                if (frame == null) {
                    return 0;
                }
                WorkerProtocol.In msg = new WorkerProtocol.In(frame);
                switch (msg.type) {
                    case WorkerProtocol.SHUTDOWN -> {
                        return 0;
                    }
                    case WorkerProtocol.SCORE -> {
                        List<PreferencePair> pairs = WorkerProtocol.readScore(msg);
                        byte[] reply;
                        try {
                            reply = WorkerProtocol.results(backend.score(pairs), nLabels);
                        } catch (BatchFailure f) {
                            reply = WorkerProtocol.failed(f);
                        }
                        WorkerProtocol.writeFrame(out, reply);
                    }
                    default -> throw new IOException("worker protocol: unexpected message " + msg.type);
                }
            }
        }
    }
}
