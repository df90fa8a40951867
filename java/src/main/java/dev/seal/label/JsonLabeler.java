package dev.seal.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.bindings.seal_h;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.SealException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * json mode: the labeler writes one JSON object per text, {"key": true|false, ...} with every taxonomy key, under a
 * grammar made from its JSON Schema, so the output parses unless --max-new-tokens cut it short (then the text is an
 * {@value #INCOMPLETE_OUTPUT} error). A feature's value is 1 for true, 0 for false.
 *
 * <p>Booleans, not numbers: the SEAL paper's GPT-4 labels are yes/no answers, a probability written out as digits by
 * an LM is an uncalibrated guess (probe mode reads the real one), and a boolean is a few tokens where a number is
 * several. The instruction and the list of questions come before the conversation, so every request's prompt starts
 * with the same tokens and the generator computes them once (Generator.Options.sharePrefix).
 */
final class JsonLabeler implements Labeler {
    /** The grammar's output was cut by --max-new-tokens before the object closed. */
    static final String INCOMPLETE_OUTPUT = "incomplete_output";
    /** Output that is not the schema's object although it ended on its own (a grammar the engine did not apply). */
    static final String INVALID_OUTPUT = "invalid_output";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /**
     * @param maxNewTokens tokens generated per text at most
     * @param temperature  0 = greedy
     * @param seed         sampling seed; each text draws from its own stream, derived from the seed, id and side
     * @param maxTokens    longest prompt + generated tokens accepted (0 = the model's context, at most 4096)
     */
    record Settings(int maxNewTokens, float temperature, int seed, int maxTokens) {
        Settings {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
            }
            if (!(temperature >= 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be 0 (greedy) or more, got " + temperature);
            }
        }
    }

    private final Model model;
    private final Generator generator;
    private final Taxonomy taxonomy;
    private final boolean raw;
    private final String template;
    private final Settings settings;
    private final String grammar;
    private final String header;
    private final int limit;

    JsonLabeler(Model model, Taxonomy taxonomy, boolean raw, String template, Settings settings,
                Generator.Options options) {
        this.model = model;
        this.taxonomy = taxonomy;
        this.raw = raw;
        this.template = template;
        this.settings = settings;
        this.limit = settings.maxTokens() > 0 ? settings.maxTokens() : Math.min(4096, model.info().nCtxTrain());
        // the generator first: a model that cannot generate (an encoder) is told so before anything else
        this.generator = Generator.open(model, new Generator.Options(Math.max(limit, 4096), options.batchTokens(),
                options.sequences(), options.threads(), options.flashAttn(), true, options.kvF32()));
        try {
            Prompts.requireTemplate(model, raw, template);
            this.grammar = compact(Generator.grammarForJsonSchema(schema(taxonomy.keys())));
        } catch (RuntimeException e) {
            generator.close();
            throw e;
        }
        StringBuilder h = new StringBuilder(taxonomy.jsonInstruction()).append('\n');
        taxonomy.questions().forEach((k, q) -> h.append("- \"").append(k).append("\": ").append(q).append('\n'));
        this.header = h.toString();
    }

    /** The JSON Schema of one text's labels: an object with every key, each a boolean, and nothing else. */
    static String schema(List<String> keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ArrayNode required = root.putArray("required");
        for (String k : keys) {
            props.putObject(k).put("type", "boolean");
            required.add(k);
        }
        root.put("additionalProperties", false);
        return root.toString();
    }

    /**
     * The converter lets up to two newlines and twenty spaces stand between any two tokens of the object; a labeler
     * needs at most one space, and the rest only spends --max-new-tokens (a weak or random model fills it with
     * whitespace and never closes the object). The grammar's whitespace rule is narrowed to an optional space.
     */
    static String compact(String grammar) {
        return SPACE_RULE.matcher(grammar).replaceAll("space ::= \" \"?");
    }

    private static final java.util.regex.Pattern SPACE_RULE = java.util.regex.Pattern.compile("(?m)^space ::= .*$");

    private int[] prompt(Text t) {
        if (raw) {
            return model.tokenize(header + "\n" + t.content().raw() + "\n\nJSON:", true, false);
        }
        String conversation = Texts.renderHh(t.content().prompt(), t.content().response());
        String rendered = model.renderChat(List.of(new Turn("user", header + conversation)), true, template);
        return model.tokenize(rendered, false, true);
    }

    /** A text's own sampling stream: the same seed, id and side draw the same tokens in any batch or resumed run. */
    private Generator.Sampling sampling(Text t) {
        int stream = settings.seed() * 31 + (t.id() + '\u0000' + t.side()).hashCode();
        return new Generator.Sampling(settings.temperature(), 0, 1, 0, stream, settings.maxNewTokens());
    }

    @Override
    public List<Outcome> label(List<Text> texts) {
        Outcome[] out = new Outcome[texts.size()];
        List<Generator.Request> requests = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                int[] p = prompt(texts.get(i));
                if (p.length + settings.maxNewTokens() > limit) {
                    out[i] = Outcome.failed(SealException.code(seal_h.SEAL_E_TOO_LONG()), p.length + " prompt tokens + "
                            + settings.maxNewTokens() + " new tokens exceed --max-tokens " + limit);
                    continue;
                }
                requests.add(new Generator.Request(p, sampling(texts.get(i)), grammar, List.of()));
                at.add(i);
            } catch (SealException e) {
                out[i] = Outcome.failed(SealException.code(e.status()), e.getMessage());
            }
        }
        if (!requests.isEmpty()) {
            List<Generator.Output> outputs = generator.generate(requests).outputs();
            for (int k = 0; k < outputs.size(); k++) {
                out[at.get(k)] = read(outputs.get(k), taxonomy.keys());
            }
        }
        return List.of(out);
    }

    /** A generated object's values in key order, or why it is not one. */
    static Outcome read(Generator.Output o, List<String> keys) {
        if (o.status() != 0) {
            return Outcome.failed(SealException.code(o.status()), "generation failed: " + SealException.code(o.status()));
        }
        JsonNode obj = null;
        String problem;
        try {
            obj = JSON.readTree(o.text());
            problem = check(obj, keys);
        } catch (JsonProcessingException e) {
            problem = "not JSON: " + e.getOriginalMessage();
        }
        if (problem == null) {
            double[] v = new double[keys.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = obj.get(keys.get(i)).booleanValue() ? 1 : 0;
            }
            return Outcome.of(v);
        }
        String shown = o.text().length() > 200 ? o.text().substring(0, 200) + "..." : o.text();
        if (o.finish() == Generator.Finish.MAX_TOKENS) {
            return Outcome.failed(INCOMPLETE_OUTPUT, "the output did not finish within --max-new-tokens "
                    + o.tokens().length + " (" + problem + "): " + shown);
        }
        return Outcome.failed(INVALID_OUTPUT, "the output is not the schema's object (" + problem + "): " + shown);
    }

    /** Why a parsed value is not the schema's object (every key, a boolean each, nothing else), or null. */
    static String check(JsonNode node, List<String> keys) {
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v == null) {
                return "no field " + k;
            }
            if (!v.isBoolean()) {
                return k + " is not true or false";
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!keys.contains(f)) {
                return "unexpected field " + f;
            }
        }
        return null;
    }

    @Override
    public void close() {
        generator.close();
    }
}
