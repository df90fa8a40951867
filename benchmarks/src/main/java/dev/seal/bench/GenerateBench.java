package dev.seal.bench;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.label.Taxonomy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generation speed of seal's {@link Generator} beside llama.cpp's own parallel generation ({@code llama-parallel}) on
 * the same model and settings, and probe labeling ({@link Prober}) against JSON labeling (the generator under a JSON
 * Schema grammar) on the same texts. Prints markdown tables (issue #8's speed figures).
 * <pre>
 * GenerateBench MODEL DATA [--requests N] [--parallel P] [--max-tokens T] [--threads N] [--rounds R]
 *               [--llama-parallel BIN] [--label-texts N]
 * </pre>
 * Generation: N requests, P in flight, T tokens each, greedy, flash attention off (seal's CPU default) on both sides.
 * Each request is llama-parallel's own prompt: its system prompt (decoded once and shared, {@code -pps} there, prefix
 * sharing here), then {@code "User:\n" + question + "\nAssistant:\n"}, the questions being the first human turns of
 * DATA (llama-parallel draws them at random from the same file). Random-weight models rarely stop early, so both sides
 * generate about N × T tokens; tokens/s counts generated tokens over the whole run (prompts included), as
 * llama-parallel's "Total gen tokens" speed does. Seal and llama.cpp alternate round by round.
 */
public final class GenerateBench {
    /** llama.cpp's examples/parallel/parallel.cpp k_system (MIT licence), so both sides decode the same prompt. */
    static final String SYSTEM = """
            Transcript of a never ending dialog, where the User interacts with an Assistant.
            The Assistant is helpful, kind, honest, good at writing, and never fails to answer the User's requests immediately and with precision.

            User:
            Recommend a nice restaurant in the area.
            Assistant:
            I recommend the restaurant "The Golden Duck". It is a 5 star restaurant with a great view of the city. The food is delicious and the service is excellent. The prices are reasonable and the portions are generous. The restaurant is located at 123 Main Street, New York, NY 10001. The phone number is (212) 555-1234. The hours are Monday through Friday from 11:00 am to 10:00 pm. The restaurant is closed on Saturdays and Sundays.
            User:
            Who is Richard Feynman?
            Assistant:
            Richard Feynman was an American physicist who is best known for his work in quantum mechanics and particle physics. He was awarded the Nobel Prize in Physics in 1965 for his contributions to the development of quantum electrodynamics. He was a popular lecturer and author, and he wrote several books, including "Surely You're Joking, Mr. Feynman!" and "What Do You Care What Other People Think?".
            """;

    private static final Pattern LLAMA_GEN = Pattern.compile("Total gen tokens:\\s+(\\d+), speed:\\s+([0-9.]+) t/s");

    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int requests = 32;
        int parallel = 8;
        int maxTokens = 64;
        int threads = Runtime.getRuntime().availableProcessors();
        int rounds = 1;
        int labelTexts = 16;
        Path llama = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--label-texts" -> labelTexts = Integer.parseInt(args[++i]);
                case "--llama-parallel" -> llama = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // every request's prompt and the request's KV cells fit: llama-parallel splits its context per sequence
        int contextPerSequence = 512 + maxTokens;
        List<String> questions = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        read(data, Math.max(requests, labelTexts), questions, texts);
        Path prompts = Files.createTempFile("seal-generate-bench", ".txt");
        Files.writeString(prompts, String.join("\n", questions.subList(0, requests)), StandardCharsets.UTF_8);
        try (Model model = Model.load(modelPath, new Model.Options(0, true, false))) {
            List<Generator.Request> reqs = new ArrayList<>();
            int[] system = model.tokenize(SYSTEM, true, false);
            for (String q : questions.subList(0, requests)) {
                int[] turn = model.tokenize("User:\n" + q + "\nAssistant:\n", false, false);
                int[] all = new int[system.length + turn.length];
                System.arraycopy(system, 0, all, 0, system.length);
                System.arraycopy(turn, 0, all, system.length, turn.length);
                reqs.add(new Generator.Request(all, Generator.Sampling.greedy(maxTokens)));
            }
            Generator.Options go = new Generator.Options(contextPerSequence * (parallel + 1), 512, parallel, threads, 0,
                    true, false);
            List<double[]> seal = new ArrayList<>();
            List<double[]> cpp = new ArrayList<>();
            try (Generator g = Generator.open(model, go)) {
                g.generate(reqs.subList(0, Math.min(2, reqs.size())));  // warm-up: first-touch of weights and buffers
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    Generator.Result res = g.generate(reqs);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long generated = res.outputs().stream().mapToLong(o -> o.tokens().length).sum();
                    seal.add(new double[] {generated, generated / seconds, res.stats().decodes()});
                    if (llama != null) {
                        cpp.add(llamaParallel(llama, modelPath, prompts, requests, parallel, maxTokens,
                                contextPerSequence * (parallel + 1), threads));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%n**Generation**, %s, %d requests, %d in flight, %d tokens each, greedy, "
                    + "%d threads, flash attention off, %d round(s) (median):%n%n", modelPath.getFileName(), requests,
                    parallel, maxTokens, threads, rounds);
            System.out.println("| engine | generated tokens | tokens/s | mean sequences per decode |");
            System.out.println("|---|---|---|---|");
            double sealRate = median(seal, 1);
            System.out.printf(Locale.ROOT, "| seal Generator | %.0f | %.1f | %.1f |%n", median(seal, 0), sealRate,
                    median(seal, 0) / median(seal, 2));
            if (!cpp.isEmpty()) {
                double cppRate = median(cpp, 1);
                System.out.printf(Locale.ROOT, "| llama.cpp llama-parallel -pps (continuous batching on by default) | %.0f | %.1f | %d (its -np) |%n",
                        median(cpp, 0), cppRate, parallel);
                System.out.printf(Locale.ROOT, "%nseal / llama.cpp: %.2fx%n", sealRate / cppRate);
            }
            labeling(model, texts.subList(0, labelTexts), threads);
        } finally {
            Files.deleteIfExists(prompts);
        }
    }

    /**
     * Probe labeling (one forward pass per text: every taxonomy question a branch of the text, P(yes) read off) against
     * JSON labeling (the generator writing {"key": true|false, ...} for every key under a JSON Schema grammar).
     */
    private static void labeling(Model model, List<String> texts, int threads) {
        Taxonomy taxonomy = Taxonomy.defaults();
        List<String> keys = taxonomy.keys();
        List<int[]> textTokens = new ArrayList<>();
        for (String t : texts) {
            textTokens.add(model.tokenize(taxonomy.instruction() + "\n\n" + t.strip() + "\n\n", true, false));
        }
        List<int[]> questionTokens = new ArrayList<>();
        for (String k : keys) {
            questionTokens.add(model.tokenize(taxonomy.questions().get(k) + " Answer:", false, false));
        }
        int[] candidates = {model.tokenize(" " + taxonomy.yes(), false, false)[0],
                model.tokenize(" " + taxonomy.no(), false, false)[0]};
        double probeSeconds;
        try (Prober p = Prober.open(model, Prober.Options.defaults().withMaxTokens(4096))) {
            p.probe(textTokens.subList(0, 1), questionTokens, candidates);  // warm-up
            long t0 = System.nanoTime();
            p.probe(textTokens, questionTokens, candidates);
            probeSeconds = (System.nanoTime() - t0) / 1e9;
        }
        StringBuilder schema = new StringBuilder("{\"type\":\"object\",\"properties\":{");
        StringBuilder ask = new StringBuilder("Answer each question with true or false, as one JSON object:");
        for (int i = 0; i < keys.size(); i++) {
            schema.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":{\"type\":\"boolean\"}");
            ask.append("\n").append(keys.get(i)).append(": ").append(taxonomy.questions().get(keys.get(i)));
        }
        schema.append("},\"required\":[").append(String.join(",", keys.stream().map(k -> '"' + k + '"').toList()))
                .append("],\"additionalProperties\":false}");
        String grammar = Generator.grammarForJsonSchema(schema.toString());
        int maxTokens = 24 * keys.size();  // a key, a colon, a boolean and a comma: well under 24 tokens each
        List<Generator.Request> reqs = new ArrayList<>();
        for (int[] t : textTokens) {
            int[] q = model.tokenize(ask + "\nJSON:", false, false);
            int[] all = new int[t.length + q.length];
            System.arraycopy(t, 0, all, 0, t.length);
            System.arraycopy(q, 0, all, t.length, q.length);
            reqs.add(new Generator.Request(all, Generator.Sampling.greedy(maxTokens), grammar, List.of()));
        }
        double jsonSeconds;
        long complete;
        try (Generator g = Generator.open(model, new Generator.Options(8192, 512, texts.size(), threads, 0, true, false))) {
            g.generate(reqs.subList(0, 1));  // warm-up
            long t0 = System.nanoTime();
            Generator.Result res = g.generate(reqs);
            jsonSeconds = (System.nanoTime() - t0) / 1e9;
            complete = res.outputs().stream().filter(o -> o.finish() == Generator.Finish.END_OF_TURN
                    || o.text().strip().endsWith("}")).count();
        }
        System.out.printf(Locale.ROOT, "%n**Labeling**, %d texts (hh-rlhf chosen sides), %d taxonomy features:%n%n",
                texts.size(), keys.size());
        System.out.println("| mode | seconds | texts/s | text-features/s |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| probe (Prober, one pass per text) | %.2f | %.2f | %.1f |%n", probeSeconds,
                texts.size() / probeSeconds, texts.size() * keys.size() / probeSeconds);
        System.out.printf(Locale.ROOT, "| JSON (Generator, JSON Schema grammar; %d of %d objects complete) | %.2f | %.2f"
                + " | %.1f |%n", complete, texts.size(), jsonSeconds, texts.size() / jsonSeconds,
                texts.size() * keys.size() / jsonSeconds);
        System.out.printf(Locale.ROOT, "%nprobe / JSON: %.1fx faster%n", jsonSeconds / probeSeconds);
    }

    private static double[] llamaParallel(Path bin, Path model, Path prompts, int requests, int parallel, int maxTokens,
                                          int context, int threads) throws IOException, InterruptedException {
        List<String> cmd = List.of(bin.toString(), "-m", model.toString(), "-f", prompts.toString(),
                "-np", String.valueOf(parallel), "-ns", String.valueOf(requests), "-n", String.valueOf(maxTokens),
                "-pps", "-c", String.valueOf(context), "-b", "512", "-ub", "512", "-t", String.valueOf(threads),
                "-tb", String.valueOf(threads), "--temp", "0", "-fa", "off", "--seed", "1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("llama-parallel failed:\n" + out.substring(Math.max(0, out.length() - 2000)));
        }
        Matcher m = LLAMA_GEN.matcher(out);
        if (!m.find()) {
            throw new IOException("no 'Total gen tokens' line in llama-parallel's output:\n"
                    + out.substring(Math.max(0, out.length() - 2000)));
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    /** The first human turn of each pair's conversation (one line) and its chosen text, for the first {@code n} pairs. */
    private static void read(Path data, int n, List<String> questions, List<String> texts) throws IOException {
        try (PairReader r = Datasets.open(data, Format.AUTO)) {
            for (PairReader.Row row = r.next(); row != null && questions.size() < n; row = r.next()) {
                if (row instanceof PairReader.Row.Ok ok && !ok.pair().chosen().prompt().isEmpty()) {
                    questions.add(ok.pair().chosen().prompt().getFirst().content().replaceAll("\\s+", " ").strip());
                    texts.add(ok.pair().chosen().raw());
                }
            }
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
