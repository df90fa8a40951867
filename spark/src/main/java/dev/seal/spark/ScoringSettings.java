package dev.seal.spark;

import dev.seal.data.Format;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoreJob;
import java.io.Serializable;
import java.util.Objects;

/**
 * What an executor needs to score: the model, the engine and formatting options of {@code seal score}, and the input's
 * row format. Serializable, so a Spark task carries it; equal settings share one loaded model in an executor JVM
 * (see {@link Engines}).
 *
 * @param modelPath     the GGUF file, at this path on every executor (a shared path, or a file shipped with
 *                      {@code --files}: then its bare name, which Spark resolves in the executor's working directory)
 * @param gpuLayers     layers on the GPU; -1 all, 0 CPU only (seal score's --gpu-layers)
 * @param maxTokens     longest sequence, 0 for the model's default (--max-tokens)
 * @param batchTokens   token budget of a decode, 0 for the default (--batch-tokens)
 * @param threads       CPU threads, 0 for all cores (--threads)
 * @param sharePrefix   compute a pair's shared prompt once (no --no-share-prefix)
 * @param exact         f32 KV cache and flash attention off (--exact)
 * @param raw           score the texts as written, no chat template (--raw)
 * @param template      a chat template instead of the model's, or null (--chat-template, its text)
 * @param truncation    over-long pairs (--truncate)
 * @param contentTokens special-token text in contents (--content-tokens)
 * @param chunkPairs    pairs per engine call (--chunk-pairs)
 * @param maxTextBytes  a pair with more text is a text_too_large error (--max-text-bytes)
 * @param format        how rows are read: {@link Format#HH_RLHF} or a table format (prompt/chosen/rejected)
 * @param source        the input's name in error rows
 */
public record ScoringSettings(String modelPath, int gpuLayers, int maxTokens, int batchTokens, int threads,
                              boolean sharePrefix, boolean exact, boolean raw, String template,
                              PairFormatter.Truncation truncation, PairFormatter.ContentTokens contentTokens,
                              int chunkPairs, long maxTextBytes, Format format, String source) implements Serializable {
    public ScoringSettings {
        Objects.requireNonNull(modelPath, "modelPath");
        Objects.requireNonNull(truncation, "truncation");
        Objects.requireNonNull(contentTokens, "contentTokens");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        if (format == Format.AUTO) {
            throw new IllegalArgumentException("name the input's row format (HH_RLHF, or JSONL/PARQUET for prompt/chosen/rejected rows)");
        }
        new ScoreJob.Settings(chunkPairs, 64L << 20, maxTextBytes); // checks them now, on the driver
    }

    /** seal score's defaults for this model and row format. */
    public static ScoringSettings defaults(String modelPath, Format format, String source) {
        ScoreJob.Settings d = ScoreJob.Settings.defaults();
        return new ScoringSettings(modelPath, -1, 0, 0, 0, true, false, false, null, PairFormatter.Truncation.ERROR,
                PairFormatter.ContentTokens.PARSE, d.chunkPairs(), d.maxTextBytes(), format, source);
    }

    /** These settings with {@code --exact}. */
    public ScoringSettings withExact(boolean e) {
        return new ScoringSettings(modelPath, gpuLayers, maxTokens, batchTokens, threads, sharePrefix, e, raw, template,
                truncation, contentTokens, chunkPairs, maxTextBytes, format, source);
    }

    /** These settings with {@code --gpu-layers}. */
    public ScoringSettings withGpuLayers(int n) {
        return new ScoringSettings(modelPath, n, maxTokens, batchTokens, threads, sharePrefix, exact, raw, template,
                truncation, contentTokens, chunkPairs, maxTextBytes, format, source);
    }

    /** The engine set-up, as seal score builds it from the same options. */
    InProcessBackend.Setup setup() {
        Scorer.Options o = new Scorer.Options(maxTokens, batchTokens, 0, threads, Integer.MIN_VALUE, sharePrefix, true, exact);
        return new InProcessBackend.Setup(modelPath, gpuLayers, o, raw, template, truncation, contentTokens);
    }

    ScoreJob.Settings job() {
        return new ScoreJob.Settings(chunkPairs, 64L << 20, maxTextBytes);
    }
}
