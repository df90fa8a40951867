package dev.seal.bench;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.engine.Model;
import dev.seal.engine.TokenBatch;
import dev.seal.format.PairFormatter;
import dev.seal.gguf.DemoModel;
import dev.seal.gguf.Vocabularies;
import dev.seal.score.FormatAhead;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host side of scoring without the decodes: read {@value #PAIRS} hh-rlhf pairs, format and tokenize them on
 * {@code workers} threads ({@link FormatAhead}, as the scorer does) and pack them into the token batches the engine
 * is handed. The score is pairs per second.
 *
 * <p>Parameters: {@code -p vocab=<ggml-vocab-*.gguf>} (default llama.cpp's llama-bpe, the 128k Llama-3 vocabulary),
 * {@code -p data=<hh-rlhf .jsonl.gz>}; {@code mode} raw (each text as written) or template (a Llama-2-style chat
 * template through the vocabulary's tokenizer with special tokens parsed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HostPipelineBench {
    static final int PAIRS = 1024;
    /** Tokens per engine call, as the in-process backend cuts them at the CPU default budget (64 decodes of 512). */
    static final long CALL_TOKENS = 64L * 512;
    static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] "
            + "{{ m['content'] }} [/INST]{% elif m['role'] == 'assistant' %} {{ m['content'] }}{{ eos_token }}{% else %}"
            + "<<SYS>>{{ m['content'] }}<</SYS>>{% endif %}{% endfor %}";

    @Param({"1", "2"})
    int workers;

    @Param({"raw", "template"})
    String mode;

    @Param("")
    String vocab;

    @Param("../shared/data/hh-rlhf/harmless-base-test.jsonl.gz")
    String data;

    Path dir;
    Path rows;
    Model model;
    FormatAhead formatting;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("seal-jmh-host");
        Path v = vocab.isEmpty() ? Vocabularies.find("llama-bpe") : Path.of(vocab);
        Path file = DemoModel.write(dir.resolve("rm.gguf"), DemoModel.Spec.defaults(v).withChatTemplate(TEMPLATE));
        model = Model.load(file, Model.Options.defaults());
        rows = dir.resolve("pairs.jsonl");
        // the first PAIRS rows, uncompressed: reading is timed, the disk and gunzip are not
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(Path.of(data))),
                StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(rows)) {
            int n = 0;
            for (String line = in.readLine(); line != null && n < PAIRS; line = in.readLine(), n++) {
                out.write(line);
                out.write('\n');
            }
            if (n < PAIRS) {
                throw new IllegalStateException(data + " has " + n + " rows, fewer than " + PAIRS);
            }
        }
        PairFormatter.Mode m = mode.equals("raw") ? PairFormatter.Mode.RAW : PairFormatter.Mode.CHAT_TEMPLATE;
        formatting = new FormatAhead(new PairFormatter(model, m, null, 1 << 20, PairFormatter.Truncation.ERROR), workers);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        formatting.close();
        model.close();
        BenchFiles.deleteDir(dir);
    }

    /** @return the token batches' total size, so that nothing is optimised away */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long readFormatTokenizePack() throws Exception {
        List<PreferencePair> pairs = new ArrayList<>(PAIRS);
        try (PairReader r = Datasets.open(rows, Format.AUTO)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                if (row instanceof PairReader.Row.Ok ok) {
                    pairs.add(ok.pair());
                }
            }
        }
        long packed = 0;
        TokenBatch.Builder batch = TokenBatch.builder();
        long tokens = 0;
        int index = 0;
        try (FormatAhead.Stream s = formatting.stream(pairs)) {
            while (s.hasNext()) {
                PairFormatter.Formatted f = s.next().tokens();
                batch.add(f.chosen(), index).add(f.rejected(), index++);
                tokens += f.chosen().length + f.rejected().length;
                if (tokens >= CALL_TOKENS) {
                    packed += batch.build().size();
                    batch = TokenBatch.builder();
                    tokens = 0;
                    index = 0;
                }
            }
        }
        return packed + batch.build().size();
    }
}
