package dev.seal.spark;

import dev.seal.format.PairFormatter;
import dev.seal.score.ScoreJob;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The spark-submit entry point: reads a dataset of pairs (Parquet, or JSON Lines: hh-rlhf or prompt/chosen/rejected),
 * scores it on the executors, writes the scores and the errors as Parquet with Spark's output commit protocol, then
 * checks the written output: every input row exactly once, in the scores or the errors, and no id scored twice.
 */
@Command(name = "seal-spark-score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a preference dataset with a GGUF reward model on a Spark cluster (see the README).")
public final class SparkScore implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "reward model, at this path on the driver and every executor (a shared path, or a --files name)")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "scores: a Parquet directory (seal score's columns)")
    String out;

    @Mixin
    JobOptions job;

    @Option(names = "--exact", description = "f32 KV cache, flash attention off (as seal score --exact)")
    boolean exact;

    @Option(names = "--raw", description = "score each full text as written (no chat template)")
    boolean raw;

    @Option(names = "--max-tokens", defaultValue = "0", paramLabel = "N", description = "longest sequence in tokens (default: the model's)")
    int maxTokens;

    @Option(names = "--batch-tokens", defaultValue = "0", paramLabel = "N", description = "token budget of a decode (default: the engine's)")
    int batchTokens;

    @Option(names = "--truncate", defaultValue = "ERROR", description = "over-long pairs: ERROR or LEFT (as seal score)")
    PairFormatter.Truncation truncate;

    @Option(names = "--chunk-pairs", defaultValue = "1024", paramLabel = "N", description = "pairs per engine call (default ${DEFAULT-VALUE})")
    int chunkPairs;

    private final SparkSession spark;

    SparkScore(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        SparkJob.main("seal score", SparkScore::run, args);
    }

    /** Runs the command on a session; the exit code (0 success). */
    public static int run(SparkSession spark, String... args) {
        return new CommandLine(new SparkScore(spark)).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        SparkJob.Input in = SparkJob.read(spark, job.data, job.format);
        ScoreJob.Settings d = ScoreJob.Settings.defaults();
        ScoringSettings settings = new ScoringSettings(model, job.gpuLayers, maxTokens, batchTokens, job.threads, true, exact, raw,
                null, truncate, PairFormatter.ContentTokens.PARSE, chunkPairs, d.maxTextBytes(), in.format(), job.data);
        long start = System.nanoTime();
        Dataset<Row> scored = in.lines() ? SparkScoring.scoreJsonLines(in.rows(), settings, job.partitions)
                : SparkScoring.score(in.rows(), settings, job.partitions);
        SparkJob.finish(spark, in, scored, SparkScoring::scores, OutputCheck::check, out, job.errorsDir(out), start,
                "scored", "scores");
        return 0;
    }
}
