package dev.seal.spark;

import dev.seal.data.PreferencePair;
import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.job.WorkerBackend;
import dev.seal.label.PairLabeler;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoringBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models an executor JVM has loaded, one per engine set-up and GPU (and one per labeler set-up and GPU), kept for
 * the life of the JVM so that every task and partition after the first reuses it: loading a model takes seconds to
 * minutes, a task may take less.
 *
 * <p>Without a GPU address the engine runs in the executor JVM. With one, it runs in a seal worker process bound to
 * that GPU (CUDA_VISIBLE_DEVICES, as {@code seal score --devices} binds its workers): an in-process CUDA runtime would
 * see, and spread the model over, every GPU of the node. The worker also keeps a native abort from killing the
 * executor. Tasks that get the same engine take turns with it, a batch at a time. A labeler runs in the executor JVM
 * (seal has no labeler worker process), put on the task's GPU alone by its engine device index
 * (seal_model_params.device).
 */
final class Engines {
    /** An engine set-up on a device; gpu null: no GPU address, the engine in this JVM. */
    record Key(InProcessBackend.Setup setup, String gpu) {}

    /** A labeler set-up on a GPU address; gpu null: on the GPUs the executor sees, or the CPU (see {@link #labeler}). */
    record LabelerKey(LabelingSettings.Labeler setup, String gpu) {}

    /** Scoring engines by {@link Key}, labelers by {@link LabelerKey}. */
    private static final Map<Object, Object> LOADED = new HashMap<>();
    private static final Map<Object, Integer> LOADS = new HashMap<>();

    private Engines() {}

    /** The engine for {@code key}, loading its model on first use in this JVM. */
    static synchronized ScoringBackend get(Key key) {
        return (ScoringBackend) loaded(key, () -> new Shared(open(key)));
    }

    /**
     * The labeler of {@code setup} for a task given GPU address {@code gpu} (null: none), loading its model on first use
     * in this JVM: on that GPU alone, or on the GPUs the executor sees without an address. With no layer on a GPU
     * (gpuLayers 0) the address does not matter: every task shares one labeler on the CPU.
     */
    static synchronized SharedLabeler labeler(LabelingSettings.Labeler setup, String gpu) {
        LabelerKey key = labelerKey(setup, gpu);
        return (SharedLabeler) loaded(key, () -> SharedLabeler.open(key));
    }

    static LabelerKey labelerKey(LabelingSettings.Labeler setup, String gpu) {
        return new LabelerKey(setup, setup.gpuLayers() == 0 ? null : gpu);
    }

    private static Object loaded(Object key, Supplier<Object> open) {
        Object s = LOADED.get(key);
        if (s == null) {
            s = open.get();
            LOADED.put(key, s);
            LOADS.merge(key, 1, Integer::sum);
        }
        return s;
    }

    /**
     * How many times this JVM has loaded the model of {@code key}, a {@link Key} or a {@link LabelerKey} (what the tests
     * check stays 1).
     */
    static synchronized int loads(Object key) {
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

    /** A labeler used by the tasks of an executor in turn, a batch at a time; closed only with the JVM. */
    static final class SharedLabeler {
        private final PairLabeler labeler;

        private SharedLabeler(PairLabeler labeler) {
            this.labeler = labeler;
        }

        static SharedLabeler open(LabelerKey key) {
            LabelingSettings.Labeler setup = key.setup();
            // the device list names the GPUs as the engine indexes them (without their memory, so no CUDA context
            // opens on the GPUs other tasks' labelers use)
            int device = key.gpu() == null ? Model.Options.ALL_GPUS
                    : GpuAddress.deviceIndex(key.gpu(), Backend.namingDevices().devices());
            Model model = Model.load(Path.of(setup.modelPath()), new Model.Options(setup.gpuLayers(), true, false, device));
            try {
                return new SharedLabeler(PairLabeler.open(model, setup.taxonomy(), setup.options()));
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }

        /** A new batch of a task's rows (labeled with {@link #flush}). */
        PairLabeler.Batch batch(String source) {
            return labeler.batch(source);
        }

        /** Labels the batch: one outcome per row, in order. */
        synchronized List<PairLabeler.Outcome> flush(PairLabeler.Batch batch) {
            return batch.flush();
        }
    }
}
