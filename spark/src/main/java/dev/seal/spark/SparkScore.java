package dev.seal.spark;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.format.PairFormatter;
import dev.seal.score.ScoreJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "pairs: .jsonl[.gz] or .json[.gz] (hh-rlhf or prompt/chosen/rejected), else Parquet (a file or a directory)")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "scores: a Parquet directory (seal score's columns)")
    String out;

    @Option(names = "--errors", paramLabel = "DIR", description = "errors: a Parquet directory (default: --out less .parquet, + .errors.parquet)")
    String errors;

    @Option(names = "--format", defaultValue = "AUTO", description = "input format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: for JSON Lines, told from the first rows when the driver can read the file, else JSONL)")
    Format format;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "tasks the rows are spread over (default 0: the input's partitions)")
    int partitions;

    @Option(names = "--gpu-layers", defaultValue = "-1", paramLabel = "N", description = "layers on the GPU; -1 all (default), 0 CPU only")
    int gpuLayers;

    @Option(names = "--exact", description = "f32 KV cache, flash attention off (as seal score --exact)")
    boolean exact;

    @Option(names = "--raw", description = "score each full text as written (no chat template)")
    boolean raw;

    @Option(names = "--max-tokens", defaultValue = "0", paramLabel = "N", description = "longest sequence in tokens (default: the model's)")
    int maxTokens;

    @Option(names = "--batch-tokens", defaultValue = "0", paramLabel = "N", description = "token budget of a decode (default: the engine's)")
    int batchTokens;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads per engine (default: all cores)")
    int threads;

    @Option(names = "--truncate", defaultValue = "ERROR", description = "over-long pairs: ERROR or LEFT (as seal score)")
    PairFormatter.Truncation truncate;

    @Option(names = "--chunk-pairs", defaultValue = "1024", paramLabel = "N", description = "pairs per engine call (default ${DEFAULT-VALUE})")
    int chunkPairs;

    private final SparkSession spark;

    SparkScore(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("seal score").getOrCreate();
        int code;
        try {
            code = run(spark, args);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** Runs the command on a session; the exit code (0 success). */
    public static int run(SparkSession spark, String... args) {
        return new CommandLine(new SparkScore(spark)).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        // by the name, as seal score decides; the path may be on any file system Spark reads (hdfs:, s3a:)
        boolean parquet = !data.toLowerCase(Locale.ROOT).matches(".*\\.jsonl?(\\.gz)?");
        Format rows = parquet ? Format.PARQUET : format != Format.AUTO ? format
                : Files.isRegularFile(Path.of(data)) ? Datasets.detect(Path.of(data)) : Format.JSONL;
        ScoreJob.Settings d = ScoreJob.Settings.defaults();
        ScoringSettings settings = new ScoringSettings(model, gpuLayers, maxTokens, batchTokens, threads, true, exact, raw,
                null, truncate, PairFormatter.ContentTokens.PARSE, chunkPairs, d.maxTextBytes(), rows, data);
        Dataset<Row> input = parquet ? spark.read().parquet(data) : spark.read().text(data);
        long start = System.nanoTime();
        Dataset<Row> scored = (parquet ? SparkScoring.score(input, settings, partitions)
                : SparkScoring.scoreJsonLines(input, settings, partitions)).persist(StorageLevel.MEMORY_AND_DISK());
        String errorsDir = errors != null ? errors : defaultErrors(out);
        try {
            SparkScoring.scores(scored).write().parquet(out);
            SparkScoring.errors(scored).write().parquet(errorsDir);
        } finally {
            scored.unpersist();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        OutputCheck.Counts c = OutputCheck.check(input, !parquet, spark.read().parquet(out), spark.read().parquet(errorsDir));
        System.out.printf(Locale.ROOT, "pairs scored   %,d%nerrors         %,d%nseconds        %.1f (%.1f pairs/s)%nscores: %s%nerrors: %s%n",
                c.scored(), c.errors(), seconds, c.scored() / seconds, out, errorsDir);
        return 0;
    }

    /** {@code <out less .parquet>.errors.parquet}, beside --out. */
    static String defaultErrors(String out) {
        String stem = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
        if (stem.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            stem = stem.substring(0, stem.length() - ".parquet".length());
        }
        return stem + ".errors.parquet";
    }
}
