package dev.seal.label;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seal.analyze.AnalysisConfig;
import dev.seal.analyze.BuiltinFeatures;
import dev.seal.analyze.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features a labeler asks about: for each SEAL taxonomy key a yes/no question, the instruction that introduces
 * the conversation, and the two answer words. Read from an editable JSON file (the default ships as a resource), so
 * prompts change without a rebuild; keys must be ones {@code seal analyze} knows, or its feature table would refuse
 * them.
 *
 * @param instruction     what the labeler is told before the conversation (probe mode)
 * @param jsonInstruction what the labeler is told before the list of fields and the conversation in json mode, where
 *                        it answers every question at once as one JSON object of booleans
 * @param yes         the answer word meaning yes (its first token is the "yes" candidate)
 * @param no          the answer word meaning no
 * @param questions   feature key → question, in file order
 *
 * <p>Serializable, so a Spark task carries the taxonomy to the executors that label with it.
 */
public record Taxonomy(String instruction, String jsonInstruction, String yes, String no, Map<String, String> questions)
        implements java.io.Serializable {
    /** The shipped taxonomy (a main resource). */
    public static final String DEFAULT_RESOURCE = "taxonomy.json";

    /**
     * Keys analyze knows whose values are categories (sentiment −1/0/1, lists of topics or groups): a yes/no probe
     * cannot give them, so probe mode refuses them rather than write a probability analyze would misread.
     */
    static final Set<String> CATEGORICAL = Set.of("last_response_sentiment", "topics",
            "last_response_is_discriminating_against");

    private static final List<String> TOP_KEYS = List.of("instruction", "json_instruction", "answers", "questions");

    /** json mode's instruction when a taxonomy file has none. */
    static final String DEFAULT_JSON_INSTRUCTION = "Read the conversation between a human and an AI assistant below."
            + " Then answer every question with true or false, as one JSON object with these fields:";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public Taxonomy {
        questions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(questions));
    }

    public List<String> keys() {
        return List.copyOf(questions.keySet());
    }

    /** The shipped default taxonomy. */
    public static Taxonomy defaults() {
        try (InputStream in = Taxonomy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default taxonomy resource " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reads a taxonomy file.
     *
     * @throws IllegalArgumentException naming the file and the problem: not JSON, a missing or unknown field, a key
     *                                  {@code seal analyze} does not know, or one a yes/no probe cannot give
     */
    public static Taxonomy read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    static Taxonomy parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a taxonomy JSON object: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a taxonomy is a JSON object with " + String.join(", ", TOP_KEYS));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) {
                throw new IllegalArgumentException(source + ": unknown field \"" + k + "\" (expected "
                        + String.join(", ", TOP_KEYS) + ")");
            }
        }
        String instruction = text(root, "instruction", source);
        String jsonInstruction = root.has("json_instruction") ? text(root, "json_instruction", source)
                : DEFAULT_JSON_INSTRUCTION;
        JsonNode answers = root.get("answers");
        if (answers == null || !answers.isObject()) {
            throw new IllegalArgumentException(source + ": \"answers\" must be an object {\"yes\": ..., \"no\": ...}");
        }
        String yes = text(answers, "yes", source);
        String no = text(answers, "no", source);
        if (yes.strip().equals(no.strip())) {
            throw new IllegalArgumentException(source + ": the yes and no answers are the same word \"" + yes + "\"");
        }
        JsonNode qs = root.get("questions");
        if (qs == null || !qs.isObject() || qs.isEmpty()) {
            throw new IllegalArgumentException(source + ": \"questions\" must be a non-empty object {\"feature key\": \"question\"}");
        }
        Map<String, String> questions = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = qs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String problem = keyProblem(e.getKey());
            if (problem != null) {
                unknown.add(e.getKey() + " (" + problem + ")");
                continue;
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new IllegalArgumentException(source + ": the question of " + e.getKey() + " must be non-empty text");
            }
            questions.put(e.getKey(), e.getValue().asText());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown taxonomy key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; probe keys are the SEAL taxonomy's yes/no features that seal"
                    + " analyze knows, e.g. last_response_is_harmless");
        }
        return new Taxonomy(instruction, jsonInstruction, yes, no, questions);
    }

    /** Why a key cannot be a probed feature, or null when it can. */
    static String keyProblem(String key) {
        AnalysisConfig.Spec spec = AnalysisConfig.defaults().spec(key);
        if (spec == null || key.contains("=")) {
            return "seal analyze does not know it";
        }
        if (spec.role() == Feature.Role.IGNORE) {
            return "seal analyze never takes it as a feature";
        }
        if (BuiltinFeatures.definition(key) != null) {
            return "seal analyze computes it itself";
        }
        if (CATEGORICAL.contains(key)) {
            return "categorical: a yes/no probe cannot give it";
        }
        return null;
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": \"" + field + "\" must be non-empty text");
        }
        return v.asText();
    }
}
