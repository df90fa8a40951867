package dev.seal.spark;

import dev.seal.data.PreferencePair;
import dev.seal.job.WorkerBackend;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoringBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models an executor JVM has loaded, one per engine set-up and GPU, kept for the life of the JVM so that every
 * task and partition after the first reuses it: loading a model takes seconds to minutes, a task may take less.
 *
 * <p>Without a GPU address the engine runs in the executor JVM. With one, it runs in a seal worker process bound to
 * that GPU (CUDA_VISIBLE_DEVICES, as {@code seal score --devices} binds its workers): an in-process CUDA runtime would
 * see, and spread the model over, every GPU of the node. The worker also keeps a native abort from killing the
 * executor. Tasks that get the same engine take turns with it, a batch at a time.
 */
final class Engines {
    /** An engine set-up on a device; gpu null: no GPU address, the engine in this JVM. */
    record Key(InProcessBackend.Setup setup, String gpu) {}

    private static final Map<Key, Shared> LOADED = new HashMap<>();
    private static final Map<Key, Integer> LOADS = new HashMap<>();

    private Engines() {}

    /** The engine for {@code key}, loading its model on first use in this JVM. */
    static synchronized ScoringBackend get(Key key) {
        Shared s = LOADED.get(key);
        if (s == null) {
            s = new Shared(open(key));
            LOADED.put(key, s);
            LOADS.merge(key, 1, Integer::sum);
        }
        return s;
    }

    /** How many times this JVM has loaded the model of {@code key} (what the tests check stays 1). */
    static synchronized int loads(Key key) {
        return LOADS.getOrDefault(key, 0);
    }

    private static ScoringBackend open(Key key) {
        if (key.gpu() == null) {
            return InProcessBackend.open(key.setup());
        }
        return WorkerBackend.onDevice(key.setup(), GpuAddress.device(key.gpu()), 0, 64,
                line -> System.err.println("seal: GPU " + key.gpu() + ": " + line));
    }

    /** One engine used by the tasks of an executor in turn; closed only with the JVM. */
    private record Shared(ScoringBackend engine) implements ScoringBackend {
        @Override
        public List<String> labels() {
            return engine.labels();
        }

        @Override
        public Batch score(List<PreferencePair> pairs) throws BatchFailure {
            synchronized (this) {
                return engine.score(pairs);
            }
        }

        @Override
        public void close() {
            // the cache owns the engine: a task that is done with it leaves it for the next
        }
    }
}
