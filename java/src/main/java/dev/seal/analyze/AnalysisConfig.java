package dev.seal.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the analysis treats as a target or a spoiler, and its thresholds: the defaults below, with a JSON file's
 * settings over them ({@code --config}). Every key of the file is checked; an unknown key or value is an error that
 * names the allowed ones.
 *
 * <pre>{@code
 * {
 *   "features": {                              // merged over the defaults, key by key
 *     "last_response_is_harmless": {"role": "target", "sign": "+"},
 *     "my_length_score": "spoiler",            // shorthand: the role alone
 *     "notes": "ignore"
 *   },
 *   "undeclared": "error",                     // feature columns the config does not know: error | spoiler | context | ignore
 *   "vif_threshold": 10,                       // VIF above this is flagged (and dropped with drop_collinear)
 *   "drop_collinear": false,
 *   "near_identical": 0.9,                     // word-level similarity from which a pair counts as near-identical
 *   "top_errors": 100,                         // pairs in the error explorer
 *   "confidence": 0.95,
 *   "angle": "raw",                            // reward-shift angle on raw rewards (as the paper) or "standardized"
 *   "builtin": true,                           // compute seal's built-in features when --data is given
 *   "exclude": ["length_chars"]                // features left out of the regressions (still reported)
 * }
 * }</pre>
 *
 * @param features     role, sign and description per feature name
 * @param explicit     feature names the user's file declared (unknown ones among them are an error)
 * @param undeclared   the role of a feature column the config does not mention, or null to reject such columns
 */
public record AnalysisConfig(Map<String, Spec> features, Set<String> explicit, Feature.Role undeclared,
                             double vifThreshold, boolean dropCollinear, double nearIdentical, int topErrors,
                             double confidence, Angle angle, boolean builtin, List<String> exclude) {

    /** A feature's declared role, expected sign and description. */
    public record Spec(Feature.Role role, int sign, String description) {}

    /** How reward-shift angles are computed. */
    public enum Angle {
        /** On the rewards as the models give them (the SEAL paper's choice). */
        RAW,
        /** On each model's rewards standardised over all texts (mean 0, sd 1), so an offset or scale between the two
         *  models does not rotate every vector. */
        STANDARDIZED
    }

    public AnalysisConfig {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        explicit = Set.copyOf(explicit);
        exclude = List.copyOf(exclude);
    }

    private static final String HARMLESS_DATA_NOTE =
            "a target where the request is harmful (refusal-when-harmful); on hh-rlhf harmless-base nearly every"
            + " request is, so it is a target by default";

    /** The SEAL taxonomy (the paper's LM-labeler keys) and seal's built-in features, with the paper's roles. */
    public static AnalysisConfig defaults() {
        Map<String, Spec> f = new LinkedHashMap<>();
        // targets: the values the harmless/helpful data are meant to teach
        target(f, "last_response_is_harmless", 1, "harmless last response");
        target(f, "last_response_is_helpful", 1, "helpful last response");
        target(f, "last_response_is_honest", 1, "honest last response");
        target(f, "last_response_is_refusal", 0, "refusal; " + HARMLESS_DATA_NOTE);
        target(f, "last_response_is_manipulative", -1, "manipulative (should be penalised)");
        target(f, "last_response_is_discriminatory", -1, "discriminatory (should be penalised)");
        target(f, "last_response_is_sexually_explicit", -1, "sexually explicit (should be penalised)");
        target(f, "last_response_contains_insult", -1, "contains an insult (should be penalised)");
        target(f, "last_response_breaks_privacy", -1, "breaks privacy (should be penalised)");
        // spoilers: what an RM may learn inadvertently
        spoiler(f, "last_response_sentiment", "sentiment: negative −1, neutral 0, positive +1");
        spoiler(f, "last_response_is_eloquent", "eloquent");
        spoiler(f, "last_response_is_creative", "creative");
        spoiler(f, "last_response_is_coherent", "coherent");
        spoiler(f, "last_response_is_anthropomorphic", "anthropomorphic last response");
        spoiler(f, "assistant_is_anthropomorphic", "anthropomorphic assistant (whole conversation)");
        spoiler(f, "assistant_is_coherent", "coherent assistant (whole conversation)");
        spoiler(f, "human_vocabulary_quality", "quality of the human's vocabulary (same for both sides of a pair)");
        context(f, "topics", "conversation topics (one indicator per topic)");
        context(f, "last_response_is_discriminating_against", "groups discriminated against (one indicator each)");
        // built-in features (computed by seal from the texts and token counts)
        for (BuiltinFeatures.Def d : BuiltinFeatures.DEFINITIONS) {
            f.put(d.name(), new Spec(d.role(), d.sign(), d.description()));
        }
        // never features: free text and row numbers (a row id once entered the paper's regression as a covariate)
        for (String s : List.of("text", "prompt", "response", "custom_id", "model", "row", "index", "Unnamed: 0")) {
            f.put(s, new Spec(Feature.Role.IGNORE, 0, "not a feature"));
        }
        return new AnalysisConfig(f, Set.of(), null, 10, false, 0.9, 100, 0.95, Angle.RAW, true, List.of());
    }

    private static void target(Map<String, Spec> f, String name, int sign, String d) {
        f.put(name, new Spec(Feature.Role.TARGET, sign, d));
    }

    private static void spoiler(Map<String, Spec> f, String name, String d) {
        f.put(name, new Spec(Feature.Role.SPOILER, 0, d));
    }

    private static void context(Map<String, Spec> f, String name, String d) {
        f.put(name, new Spec(Feature.Role.CONTEXT, 0, d));
    }

    /** The spec of a feature, looking through "column=value" indicators to their column. Null when undeclared. */
    public Spec spec(String name) {
        Spec s = features.get(name);
        if (s == null) {
            int eq = name.indexOf('=');
            if (eq > 0) {
                s = features.get(name.substring(0, eq));
            }
        }
        return s;
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private static final List<String> KEYS = List.of("features", "undeclared", "vif_threshold", "drop_collinear",
            "near_identical", "top_errors", "confidence", "angle", "builtin", "exclude");

    /** The defaults with {@code file}'s settings over them. */
    public static AnalysisConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        return parse(file.toString(), root);
    }

    static AnalysisConfig parse(String source, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": the config must be a JSON object");
        }
        AnalysisConfig d = defaults();
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                errors.add("unknown key \"" + k + "\" (allowed: " + String.join(", ", KEYS) + ")");
            }
        }
        Map<String, Spec> features = new LinkedHashMap<>(d.features());
        Set<String> explicit = new LinkedHashSet<>();
        JsonNode fs = root.get("features");
        if (fs != null) {
            if (!fs.isObject()) {
                errors.add("\"features\" must be an object of name: role or name: {role, sign, description}");
            } else {
                for (Map.Entry<String, JsonNode> e : fs.properties()) {
                    try {
                        Spec old = features.get(e.getKey());
                        features.put(e.getKey(), spec(e.getValue(), old));
                        explicit.add(e.getKey());
                    } catch (IllegalArgumentException ex) {
                        errors.add("feature \"" + e.getKey() + "\": " + ex.getMessage());
                    }
                }
            }
        }
        Feature.Role undeclared = d.undeclared();
        JsonNode u = root.get("undeclared");
        if (u != null) {
            String s = u.asText().toLowerCase(Locale.ROOT);
            if (s.equals("error")) {
                undeclared = null;
            } else {
                try {
                    undeclared = role(s);
                } catch (IllegalArgumentException ex) {
                    errors.add("\"undeclared\": " + ex.getMessage() + " or error");
                }
            }
        }
        double vif = number(root, "vif_threshold", d.vifThreshold(), 1, Double.MAX_VALUE, errors);
        boolean drop = bool(root, "drop_collinear", d.dropCollinear(), errors);
        double near = number(root, "near_identical", d.nearIdentical(), 0, 1, errors);
        int top = (int) number(root, "top_errors", d.topErrors(), 0, 100_000, errors);
        double conf = number(root, "confidence", d.confidence(), 0.5, 0.9999, errors);
        Angle angle = d.angle();
        JsonNode a = root.get("angle");
        if (a != null) {
            try {
                angle = Angle.valueOf(a.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                errors.add("\"angle\" must be raw or standardized, got " + a);
            }
        }
        boolean builtin = bool(root, "builtin", d.builtin(), errors);
        List<String> exclude = new ArrayList<>(d.exclude());
        JsonNode ex = root.get("exclude");
        if (ex != null) {
            if (!ex.isArray()) {
                errors.add("\"exclude\" must be an array of feature names");
            } else {
                ex.forEach(n -> exclude.add(n.asText()));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", errors));
        }
        return new AnalysisConfig(features, explicit, undeclared, vif, drop, near, top, conf, angle, builtin, exclude);
    }

    private static Spec spec(JsonNode v, Spec old) {
        if (v.isTextual()) {
            return new Spec(role(v.asText()), old == null ? 0 : old.sign(), old == null ? "" : old.description());
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("expected a role or {\"role\": ..., \"sign\": ..., \"description\": ...}");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("role", "sign", "description").contains(k)) {
                throw new IllegalArgumentException("unknown key \"" + k + "\" (allowed: role, sign, description)");
            }
        }
        JsonNode r = v.get("role");
        if (r == null && old == null) {
            throw new IllegalArgumentException("no role");
        }
        Feature.Role role = r == null ? old.role() : role(r.asText());
        int sign = old == null ? 0 : old.sign();
        JsonNode s = v.get("sign");
        if (s != null) {
            sign = switch (s.asText()) {
                case "+", "1", "+1", "positive" -> 1;
                case "-", "−", "-1", "negative" -> -1;
                case "0", "", "none" -> 0;
                default -> throw new IllegalArgumentException("sign must be \"+\", \"-\" or \"0\", got " + s);
            };
        }
        String desc = v.has("description") ? v.get("description").asText() : old == null ? "" : old.description();
        return new Spec(role, sign, desc);
    }

    static Feature.Role role(String s) {
        try {
            return Feature.Role.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be target, spoiler, context or ignore, got \"" + s + "\"");
        }
    }

    private static double number(JsonNode root, String key, double def, double lo, double hi, List<String> errors) {
        JsonNode v = root.get(key);
        if (v == null) {
            return def;
        }
        if (!v.isNumber() || !(v.asDouble() >= lo && v.asDouble() <= hi)) {
            errors.add("\"" + key + "\" must be a number in [" + lo + ", " + hi + "], got " + v);
            return def;
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode root, String key, boolean def, List<String> errors) {
        JsonNode v = root.get(key);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            errors.add("\"" + key + "\" must be true or false, got " + v);
            return def;
        }
        return v.asBoolean();
    }

    /** This config with some settings replaced (command-line options win over the file). */
    public AnalysisConfig with(Boolean dropCollinear, Integer topErrors, Double confidence, Angle angle,
                               Boolean builtin, List<String> moreExclude) {
        List<String> ex = new ArrayList<>(exclude);
        if (moreExclude != null) {
            ex.addAll(moreExclude);
        }
        return new AnalysisConfig(features, explicit, undeclared, vifThreshold,
                dropCollinear != null ? dropCollinear : this.dropCollinear, nearIdentical,
                topErrors != null ? topErrors : this.topErrors,
                confidence != null ? confidence : this.confidence,
                angle != null ? angle : this.angle,
                builtin != null ? builtin : this.builtin, ex);
    }
}
