package dev.seal.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.data.Format;
import dev.seal.perturb.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code seal run} does, read from a JSON file ({@code pipeline.json}). Paths are relative to the file's folder.
 * A key the pipeline does not know, a missing required key or a value of the wrong kind is an error naming the file
 * and the key, before any work starts.
 *
 * @param data      the preference pairs
 * @param format    their format
 * @param rmStar    RM*, the reward model under study
 * @param rm0       RM0, the model before training on the data, or null (no baseline in the report)
 * @param labeler   the labeling language model, or null (no label step: the report's imprint uses seal's built-in
 *                  features only)
 * @param embedder  the embedding model, or null (no similarity step: every copy is scored)
 * @param kinds     perturbation kinds, comma-separated as {@code seal perturb --kinds} takes them
 * @param target    what the copies perturb, as {@code seal perturb --target} takes it
 * @param seed      perturbation seed
 * @param copies    copies per pair and kind
 * @param threshold keep a copy whose similarity to its original is at least this
 * @param labelMode the labeling mode, as {@code seal label --mode} takes it
 * @param raw       score each text as written, without the RMs' chat templates
 * @param shardRows input rows per score shard (the most work an interruption can lose)
 * @param out       the output folder
 */
public record PipelineConfig(Path data, Format format, Path rmStar, Path rm0, Path labeler, Path embedder,
                             String kinds, String target, long seed, int copies, double threshold, String labelMode,
                             boolean raw, long shardRows, Path out) {
    /** Every key a config may hold; the README's {@code seal run} section lists the same. */
    public static final Set<String> KEYS = new TreeSet<>(List.of("data", "format", "rm_star", "rm0", "labeler",
            "embedder", "kinds", "target", "seed", "copies", "threshold", "label_mode", "raw", "shard_rows", "out"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a config.
     *
     * @throws IllegalArgumentException naming the file and the key when the config is not one seal can run
     */
    public static PipelineConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a pipeline config is one JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS)
                        + ")");
            }
        }
        Reader r = new Reader(file, root);
        String formatName = r.text("format", "auto");
        Format format = switch (formatName.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "auto" -> Format.AUTO;
            case "hh_rlhf", "hh" -> Format.HH_RLHF;
            case "jsonl" -> Format.JSONL;
            case "csv" -> Format.CSV;
            case "parquet" -> Format.PARQUET;
            default -> throw r.bad("format", "one of auto, hh-rlhf, jsonl, csv, parquet", formatName);
        };
        int copies = (int) r.whole("copies", 1, 1, 1000);
        double threshold = r.number("threshold", 0.9);
        if (!(threshold >= -1 && threshold <= 1)) {
            throw r.bad("threshold", "a number within [-1, 1]", String.valueOf(threshold));
        }
        String kinds = r.kinds();
        try {
            Kind.parseList(kinds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": 'kinds': " + e.getMessage());
        }
        String target = r.text("target", "response");
        if (Pipeline.target(target) == null) {
            throw r.bad("target", "one of response, prompt, both", "'" + target + "'");
        }
        String labelMode = r.text("label_mode", "probe");
        if (!Pipeline.LABEL_MODES.contains(labelMode)) {
            throw r.bad("label_mode", "one of " + String.join(", ", Pipeline.LABEL_MODES), "'" + labelMode + "'");
        }
        return new PipelineConfig(r.path("data", true), format, r.path("rm_star", true), r.path("rm0", false),
                r.path("labeler", false), r.path("embedder", false), kinds, target,
                r.whole("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE), copies, threshold, labelMode,
                r.bool("raw", false), r.whole("shard_rows", 4096, 1, Long.MAX_VALUE), r.path("out", true));
    }

    /** Typed reads of the keys, each failing with the file, the key and what was wanted. */
    private record Reader(Path file, JsonNode root) {
        IllegalArgumentException bad(String key, String wanted, String got) {
            return new IllegalArgumentException(file + ": '" + key + "' must be " + wanted + ", got " + got);
        }

        Path path(String key, boolean required) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                if (required) {
                    throw new IllegalArgumentException(file + ": '" + key + "' is required");
                }
                return null;
            }
            if (!n.isTextual() || n.asText().isBlank()) {
                throw bad(key, "a file name (a string)", n.toString());
            }
            Path dir = file.toAbsolutePath().getParent();
            return dir.resolve(n.asText()).normalize();
        }

        /** The key's value read by {@code read} when {@code ok} accepts it, {@code fallback} when it is absent. */
        <T> T value(String key, T fallback, Predicate<JsonNode> ok, String wanted, Function<JsonNode, T> read) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!ok.test(n)) {
                throw bad(key, wanted, n.toString());
            }
            return read.apply(n);
        }

        String text(String key, String fallback) {
            return value(key, fallback, JsonNode::isTextual, "a string", JsonNode::asText);
        }

        long whole(String key, long fallback, long min, long max) {
            String range = min == Long.MIN_VALUE ? "" : " from " + min + (max == Long.MAX_VALUE ? "" : " to " + max);
            return value(key, fallback, n -> n.canConvertToExactIntegral() && n.canConvertToLong() && n.asLong() >= min
                    && n.asLong() <= max, "a whole number" + range, JsonNode::asLong);
        }

        double number(String key, double fallback) {
            return value(key, fallback, JsonNode::isNumber, "a number", JsonNode::asDouble);
        }

        boolean bool(String key, boolean fallback) {
            return value(key, fallback, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
        }

        /** A list of kind names, or one comma-separated string; checked by the perturb step's own parser. */
        String kinds() {
            JsonNode n = root.get("kinds");
            if (n == null || n.isNull()) {
                throw new IllegalArgumentException(file + ": 'kinds' is required (perturbation kinds, e.g."
                        + " [\"typos\", \"positive\"])");
            }
            if (n.isTextual()) {
                return n.asText();
            }
            List<String> names = new ArrayList<>();
            if (n.isArray()) {
                for (JsonNode k : n) {
                    if (!k.isTextual()) {
                        throw bad("kinds", "a list of kind names", n.toString());
                    }
                    names.add(k.asText());
                }
            }
            if (names.isEmpty()) {
                throw bad("kinds", "a non-empty list of kind names", n.toString());
            }
            return String.join(",", names);
        }
    }
}
