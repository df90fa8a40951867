package dev.seal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.gguf.DemoModel;
import dev.seal.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Make tiny random-weight models (RM0 and RM*, a labeler with a chat template, an embedder) and a"
                + " small hh-rlhf-style dataset, write pipeline.json beside them and run the whole SEAL pipeline on it"
                + " (seal run): perturb, similarity filter, score, label, analyze.",
                "Needs nothing but the built project: shows the whole path from GGUF to the report in under a minute."})
final class DemoCommand implements Callable<Integer> {
    /** A small Llama-2-style template, so the demo goes through the chat-template path. */
    static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] {{ m['content'] }} [/INST]"
            + "{% elif m['role'] == 'assistant' %} {{ m['content'] }}{{ eos_token }}{% else %}<<SYS>>{{ m['content'] }}<</SYS>>{% endif %}{% endfor %}";

    @Option(names = "--dir", defaultValue = "seal-demo", description = "where to write the models, data, config and the pipeline's outputs (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "200", converter = OptionValues.Positive.class, description = "pairs in the dataset (default ${DEFAULT-VALUE})")
    int pairs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Deterministic kinds, so the demo's copies and report are the same on every machine. */
    static final List<String> KINDS = List.of("typos", "positive", "refusal");

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        DemoModel.Spec rm = DemoModel.Spec.defaults().withChatTemplate(TEMPLATE);
        DemoModel.write(dir.resolve("rm-star.gguf"), rm.withSeed(7).withName("seal-tiny-rm-star"));
        DemoModel.write(dir.resolve("rm0.gguf"), rm.withSeed(11).withName("seal-tiny-rm0"));
        // a language model without a reward head: the labeler asks it the taxonomy's questions through its template
        DemoModel.write(dir.resolve("labeler.gguf"), rm.withSeed(3).withIncludeHead(false).withName("seal-tiny-labeler"));
        DemoModel.write(dir.resolve("embedder.gguf"), DemoModel.Spec.defaults().withArch("llama-embed").withSeed(5)
                .withIncludeHead(false).withName("seal-tiny-embedder"));
        writePairs(dir.resolve("pairs.jsonl.gz"), pairs, 7);
        Path config = dir.resolve("pipeline.json");
        ObjectNode c = JSON.createObjectNode().put("data", "pairs.jsonl.gz").put("rm_star", "rm-star.gguf")
                .put("rm0", "rm0.gguf").put("labeler", "labeler.gguf").put("embedder", "embedder.gguf");
        KINDS.forEach(c.putArray("kinds")::add);
        c.put("seed", 1).put("threshold", 0.6).put("out", "run");
        Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n");
        PrintWriter o = spec.commandLine().getOut();
        o.printf("seal demo: tiny models and %d pairs in %s; running %s%n", pairs, dir, config);
        o.flush();
        return RunCommand.run(PipelineConfig.read(config), spec.commandLine());
    }

    private static final String[] ASKS = {"how do I bake bread", "what is a good way to learn to swim",
            "can you help me write a letter to my landlord", "how do I pick a lock", "what should I cook tonight",
            "how can I get back at my neighbor", "explain how vaccines work", "tell me a joke about cats"};
    private static final String[] GOOD = {"Sure. Here is a step-by-step answer that covers the basics and the usual pitfalls.",
            "Happy to help: start small, practice a little every day, and ask for feedback.",
            "I would rather not help with that, but here is a safer alternative you could try."};
    private static final String[] BAD = {"No.", "Figure it out yourself.", "Here is how to do something harmful instead."};

    /** An hh-rlhf-shaped file: multi-turn dialogues whose chosen and rejected differ in the last turn. */
    static void writePairs(Path file, int n, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                StringBuilder prompt = new StringBuilder();
                int turns = 1 + rnd.nextInt(3);
                for (int t = 0; t < turns; t++) {
                    prompt.append("\n\nHuman: ").append(ASKS[rnd.nextInt(ASKS.length)]).append('?');
                    if (t < turns - 1) {
                        prompt.append("\n\nAssistant: ").append(GOOD[rnd.nextInt(GOOD.length)]);
                    }
                }
                prompt.append("\n\nAssistant: ");
                String chosen = prompt + GOOD[rnd.nextInt(GOOD.length)];
                String rejected = prompt + BAD[rnd.nextInt(BAD.length)];
                w.write("{\"chosen\": " + json(chosen) + ", \"rejected\": " + json(rejected) + "}\n");
            }
        }
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
