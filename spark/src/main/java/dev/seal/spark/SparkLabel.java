package dev.seal.spark;

import dev.seal.label.Taxonomy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The spark-submit entry point of probe-mode labeling: reads a dataset of pairs (Parquet, or JSON Lines: hh-rlhf or
 * prompt/chosen/rejected), labels it on the executors as {@code seal label} does, writes the feature table and the
 * errors as Parquet directories with Spark's output commit protocol, then checks the written output by ids: every
 * input row once, as a labeled pair (two rows) or an error, and no id labeled twice. {@code seal analyze --features}
 * reads the feature table directory.
 */
@Command(name = "seal-spark-label", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Label preference pairs with a GGUF LM labeler (seal label's probe mode) on a Spark cluster (see the README).")
public final class SparkLabel implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "the labeler: an instruct (or base, with --raw) model, at this path on the driver and every executor")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "feature table: a Parquet directory (seal label's columns)")
    String out;

    @Mixin
    JobOptions job;

    @Option(names = "--taxonomy", paramLabel = "FILE", description = "taxonomy JSON on the driver (as seal label --taxonomy) instead of the built-in one")
    Path taxonomy;

    @Option(names = "--raw", description = "label each text as written, with no chat template (a base model)")
    boolean raw;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "a Jinja chat template on the driver, used instead of the model's")
    Path chatTemplate;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "PAIRS", description = "pairs sent to the engine in one call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-tokens", defaultValue = "0", paramLabel = "N", description = "longest text + question; longer texts are errors (default 0: the model's context, at most 4096)")
    int maxTokens;

    @Option(names = "--exact", description = "f32 KV cache (as seal label --exact)")
    boolean exact;

    private final SparkSession spark;

    SparkLabel(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        SparkJob.main("seal label", SparkLabel::run, args);
    }

    /** Runs the command on a session; the exit code (0 success). */
    public static int run(SparkSession spark, String... args) {
        return new CommandLine(new SparkLabel(spark)).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        SparkJob.Input in = SparkJob.read(spark, job.data, job.format);
        Taxonomy tax = taxonomy == null ? Taxonomy.defaults() : Taxonomy.read(taxonomy);
        String template = chatTemplate == null ? null : Files.readString(chatTemplate);
        LabelingSettings settings = new LabelingSettings(new LabelingSettings.Labeler(model, job.gpuLayers, tax, raw,
                template, batch, maxTokens, job.threads, exact), in.format(), job.data);
        long start = System.nanoTime();
        Dataset<Row> labeled = in.lines() ? SparkLabeling.labelJsonLines(in.rows(), settings, job.partitions)
                : SparkLabeling.label(in.rows(), settings, job.partitions);
        SparkJob.finish(spark, in, labeled, SparkLabeling::features, OutputCheck::checkLabels, out, job.errorsDir(out),
                start, "labeled", "features");
        return 0;
    }
}
