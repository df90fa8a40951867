package dev.seal.job;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.engine.Backend;
import dev.seal.engine.SealException;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoringBackend;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores in a supervised worker process ({@code seal worker}), so that a native abort (a llama.cpp GGML_ASSERT, a
 * segfault) kills the worker, not the job. When the worker dies or stops answering, this restarts it and reports
 * the batch as a {@link BatchFailure.Kind#CRASH}; {@link dev.seal.score.ScoreJob} then splits the batch to find the
 * poison row. A worker that keeps dying (more than {@code maxRestarts} times in a job) ends the job with a native
 * failure rather than bisecting forever.
 */
public final class WorkerBackend implements ScoringBackend {
    private final InProcessBackend.Setup setup;
    private final long timeoutMillis;
    private final int maxRestarts;
    private final Consumer<String> notes;
    private final Map<String, String> environment;
    private WorkerClient worker;
    private WorkerProtocol.Ready ready;
    private int restarts;

    private WorkerBackend(InProcessBackend.Setup setup, long timeoutMillis, int maxRestarts, Consumer<String> notes,
                          Map<String, String> environment) {
        this.setup = setup;
        this.environment = environment;
        this.timeoutMillis = timeoutMillis;
        this.maxRestarts = maxRestarts;
        this.notes = notes;
    }

    /**
     * Starts a worker and loads the model in it.
     *
     * @param timeoutMillis how long one batch may take before the worker is deemed hung (0 = no limit)
     * @param notes         where to say what happened (a worker restart, a batch split): a line each
     * @throws SealException the model could not be loaded (the worker's own error), or the worker died loading it
     */
    public static WorkerBackend start(InProcessBackend.Setup setup, long timeoutMillis, int maxRestarts,
                                         Consumer<String> notes) {
        return start(setup, timeoutMillis, maxRestarts, notes, Map.of());
    }

    private static WorkerBackend start(InProcessBackend.Setup setup, long timeoutMillis, int maxRestarts,
                                       Consumer<String> notes, Map<String, String> environment) {
        WorkerBackend s = new WorkerBackend(setup, timeoutMillis, maxRestarts, notes, environment);
        s.spawn();
        return s;
    }

    /**
     * Starts a worker bound to one device of the engine's list. A GPU is bound through CUDA_VISIBLE_DEVICES in the
     * worker's environment: its CUDA runtime then sees that GPU alone, so llama.cpp puts every offloaded layer, the KV
     * cache and the compute buffers there and makes no context or memory pool on the other GPUs (a restarted worker
     * gets the same binding). The CPU is bound by offloading no layer.
     *
     * @throws IllegalArgumentException for a GPU that is not a CUDA device
     */
    public static WorkerBackend onDevice(InProcessBackend.Setup setup, Backend.Device device, long timeoutMillis,
                                         int maxRestarts, Consumer<String> notes) {
        if (!device.gpu()) {
            InProcessBackend.Setup cpu = new InProcessBackend.Setup(setup.modelPath(), 0, setup.scorer(), setup.raw(),
                    setup.template(), setup.truncation(), setup.contentTokens());
            return start(cpu, timeoutMillis, maxRestarts, notes, Map.of());
        }
        String visible = cudaVisibleDevice(device.name(), System.getenv(CUDA_VISIBLE_DEVICES));
        return start(setup, timeoutMillis, maxRestarts, notes, Map.of(CUDA_VISIBLE_DEVICES, visible));
    }

    static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    /**
     * The CUDA_VISIBLE_DEVICES value that shows a worker only the engine's device {@code name} ("CUDA1"): its ordinal
     * among the GPUs this process sees, mapped through this process's own CUDA_VISIBLE_DEVICES when that is set
     * (ordinal 1 of "2,3" is GPU 3).
     */
    static String cudaVisibleDevice(String name, String ours) {
        if (!name.matches("CUDA\\d+")) {
            throw new IllegalArgumentException("device " + name + " is not a CUDA GPU: seal can bind a worker only to a"
                    + " CUDA GPU or the CPU");
        }
        int ordinal = Integer.parseInt(name.substring(4));
        if (ours == null || ours.isBlank()) {
            return String.valueOf(ordinal);
        }
        String[] seen = ours.split(",");
        if (ordinal >= seen.length) {
            throw new IllegalArgumentException("device " + name + " is not in CUDA_VISIBLE_DEVICES=" + ours);
        }
        return seen[ordinal].strip();
    }

    private void spawn() {
        try {
            worker = WorkerClient.start(environment);
        } catch (IOException e) {
            throw new SealException(seal_h.SEAL_E_INTERNAL(), "could not start the worker process: " + e.getMessage());
        }
        WorkerProtocol.In reply;
        try {
            // loading a model can take minutes; the batch timeout does not apply to it
            reply = worker.call(WorkerProtocol.init(setup), 0);
        } catch (BatchFailure f) {
            worker.close();
            throw new SealException(seal_h.SEAL_E_MODEL(), "the native engine crashed while loading " + setup.modelPath()
                    + ": " + f.getMessage());
        } catch (IOException e) {
            throw new SealException(seal_h.SEAL_E_INTERNAL(), "worker protocol: " + e.getMessage());
        }
        try {
            if (reply.type == WorkerProtocol.FATAL) {
                int status = reply.d.readInt();
                String message = reply.str();
                worker.close();
                throw new SealException(status, message);
            }
            if (reply.type != WorkerProtocol.READY) {
                throw new IOException("expected READY, got message " + reply.type);
            }
            ready = WorkerProtocol.readReady(reply);
        } catch (IOException e) {
            worker.close();
            throw new SealException(seal_h.SEAL_E_INTERNAL(), "worker protocol: " + e.getMessage());
        }
    }

    @Override
    public List<String> labels() {
        return ready.labels();
    }

    /** The longest sequence the worker's scorer accepts. */
    public int maxTokens() {
        return ready.maxTokens();
    }

    /** Worker restarts so far (each one a crash or a timeout). */
    public int restarts() {
        return restarts;
    }

    /** The worker's process id (tests kill it). */
    public long workerPid() {
        return worker.pid();
    }

    @Override
    public Batch score(List<PreferencePair> pairs) throws BatchFailure {
        byte[] request;
        try {
            request = WorkerProtocol.score(pairs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            return WorkerClient.results(worker.call(request, timeoutMillis));
        } catch (BatchFailure f) {
            if (f.kind() == BatchFailure.Kind.CRASH || f.kind() == BatchFailure.Kind.TIMEOUT) {
                restart(f, pairs.size());
            }
            throw f;
        } catch (IOException e) {
            BatchFailure f = new BatchFailure(BatchFailure.Kind.CRASH, "worker protocol: " + e.getMessage());
            restart(f, pairs.size());
            throw f;
        }
    }

    private void restart(BatchFailure why, int batch) {
        worker.close();
        restarts++;
        if (restarts > maxRestarts) {
            throw new SealException(seal_h.SEAL_E_INTERNAL(), "the worker process failed " + restarts
                    + " times (last: " + why.getMessage() + "); giving up");
        }
        notes.accept("worker " + (why.kind() == BatchFailure.Kind.TIMEOUT ? "hung" : "crashed") + " scoring " + batch
                + " pair(s); restarting it (" + restarts + " so far)" + (batch > 1 ? " and splitting the batch" : ""));
        spawn();
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
