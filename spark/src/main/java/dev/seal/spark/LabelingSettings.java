package dev.seal.spark;

import dev.seal.data.Format;
import dev.seal.engine.Prober;
import dev.seal.label.LabelJob;
import dev.seal.label.Taxonomy;
import java.io.Serializable;
import java.util.Objects;

/**
 * What an executor needs to label in probe mode: the labeler as {@code seal label} sets it up from the same options,
 * and the input's row format. Serializable, so a Spark task carries it.
 *
 * @param labeler the labeler's set-up; equal set-ups share one loaded labeler in an executor JVM (see {@link Engines})
 * @param format  how rows are read: {@link Format#HH_RLHF} or a table format (prompt/chosen/rejected)
 * @param source  the input's name in error rows
 */
public record LabelingSettings(Labeler labeler, Format format, String source) implements Serializable {
    /**
     * The options of {@code seal label} in probe mode.
     *
     * @param modelPath    the GGUF instruct (or base, with raw) model, at this path on every executor
     * @param gpuLayers    layers on the GPU; -1 all, 0 CPU only (--gpu-layers)
     * @param taxonomy     the features asked about (--taxonomy, or the built-in one)
     * @param raw          label each text as written, no chat template (--raw)
     * @param template     a chat template instead of the model's, or null (--chat-template, its text)
     * @param pairsPerCall pairs sent to the engine in one call (--batch)
     * @param maxTokens    longest text + question, 0 for the model's context at most 4096 (--max-tokens)
     * @param threads      CPU threads, 0 for all cores (--threads)
     * @param exact        f32 KV cache (--exact)
     */
    public record Labeler(String modelPath, int gpuLayers, Taxonomy taxonomy, boolean raw, String template,
                          int pairsPerCall, int maxTokens, int threads, boolean exact) implements Serializable {
        public Labeler {
            Objects.requireNonNull(modelPath, "modelPath");
            Objects.requireNonNull(taxonomy, "taxonomy");
            new LabelJob.Options(raw, template, pairsPerCall, Prober.Options.defaults(), null); // checks it now, on the driver
            if (maxTokens < 0) {
                throw new IllegalArgumentException("max tokens must be 0 or more, got " + maxTokens);
            }
        }

        /** seal label's options in probe mode, as LabelCommand builds them. */
        LabelJob.Options options() {
            Prober.Options p = new Prober.Options(maxTokens, 0, 0, threads, Integer.MIN_VALUE, exact, false);
            return new LabelJob.Options(raw, template, pairsPerCall, p, null);
        }
    }

    public LabelingSettings {
        Objects.requireNonNull(labeler, "labeler");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        if (format == Format.AUTO) {
            throw new IllegalArgumentException("name the input's row format (HH_RLHF, or JSONL/PARQUET for prompt/chosen/rejected rows)");
        }
    }

    /** seal label's defaults (built-in taxonomy, --batch 32) for this model and row format. */
    public static LabelingSettings defaults(String modelPath, Format format, String source) {
        return new LabelingSettings(new Labeler(modelPath, -1, Taxonomy.defaults(), false, null, 32, 0, 0, false),
                format, source);
    }
}
