package dev.seal.cli;

import dev.seal.gguf.DemoModel;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Make a tiny random-weight reward model and a small hh-rlhf-style dataset, then score it.",
                "Needs nothing but the built project: shows the whole path from GGUF to scores in seconds."})
final class DemoCommand implements Callable<Integer> {
    /** A small Llama-2-style template, so the demo goes through the chat-template path. */
    static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] {{ m['content'] }} [/INST]"
            + "{% elif m['role'] == 'assistant' %} {{ m['content'] }}{{ eos_token }}{% else %}<<SYS>>{{ m['content'] }}<</SYS>>{% endif %}{% endfor %}";

    @Option(names = "--dir", defaultValue = "seal-demo", description = "where to write the model, data and scores (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "500", converter = OptionValues.Positive.class, description = "pairs in the dataset (default ${DEFAULT-VALUE})")
    int pairs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        Path model = dir.resolve("tiny-rm.gguf");
        DemoModel.write(model, DemoModel.Spec.defaults().withChatTemplate(TEMPLATE));
        Path data = dir.resolve("pairs.jsonl.gz");
        writePairs(data, pairs, 7);
        Path out = dir.resolve("scores.csv");
        spec.commandLine().getOut().printf("seal demo: tiny model %s, %d pairs in %s%n", model, pairs, data);
        spec.commandLine().getOut().flush();
        return new CommandLine(new ScoreCommand()).setExecutionExceptionHandler(new Failures())
                .setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr())
                .execute("--model", model.toString(), "--data", data.toString(), "--out", out.toString());
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
