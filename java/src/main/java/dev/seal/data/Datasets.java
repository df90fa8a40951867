package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens preference datasets as streams of {@link PreferencePair}s and {@link RowError}s.
 *
 * <p>Every row comes back as {@link PairReader.Row.Ok} or {@link PairReader.Row.Bad}: a hostile row (bad JSON, bad
 * UTF-8, a missing, null, empty or mistyped field, a NUL, a lone surrogate, a dialogue without a response, a repeated
 * id) is reported with a {@link RowError} reason code and the stream goes on; texts are never repaired. Only a problem
 * with the input as a whole throws: a missing file, a bad gzip header, a JSON document that is not JSON Lines, a table
 * without the needed columns, a CSV that does not parse.
 *
 * <p>Ids (see {@link Ids}): the row's {@code id} or {@code pair_id} (a string or an integer), else
 * {@code <prompt_id>#<n>} for the n-th row with that prompt id, else "r" + row number; the prompt id is kept as
 * {@link PreferencePair#promptId()}. A row whose pair id an earlier row already has is a {@code duplicate_id} error.
 *
 * <p>Readers are not thread-safe; close them (they hold a file or a DuckDB connection).
 */
public final class Datasets {
    /** How many JSONL lines {@link #detect} reads looking for a row with chosen and rejected. */
    private static final int SNIFF_LINES = 1000;

    private Datasets() {}

    /**
     * Opens {@code path} as {@code format} ({@link Format#AUTO}: see {@link #detect}).
     *
     * @throws IOException              the file is missing or unreadable, or not the format it is read as
     * @throws IllegalArgumentException AUTO cannot tell the format, or a table lacks a needed column
     */
    public static PairReader open(Path path, Format format) throws IOException {
        requireFile(path);
        Format f = format == Format.AUTO ? detect(path) : format;
        String source = path.toString();
        return switch (f) {
            case HH_RLHF -> new JsonlReader(JsonLines.open(path), new HhRows(source));
            case JSONL -> new JsonlReader(JsonLines.open(path), new TableRows(source));
            case CSV -> TableReader.csv(path);
            case PARQUET -> TableReader.parquet(path);
            case AUTO -> throw new AssertionError("detect never answers AUTO");
        };
    }

    /**
     * The row mapping of a format for rows that arrive one by one from elsewhere (a partition of a Spark DataFrame):
     * each row is the fields of a table row (see {@link TableReader}) or one line of a JSON Lines file, numbered by the
     * caller. It remembers the ids it has seen, as a reader does: one per stream of rows.
     */
    public static final class Rows {
        private final RowMapper mapper;

        private Rows(RowMapper mapper) {
            this.mapper = mapper;
        }

        /** Maps one row's fields, a JSON object; {@code row} is its 1-based number (what "r" + row ids and errors name). */
        public PairReader.Row map(long row, JsonNode fields) {
            return mapper.map(row, fields);
        }

        /**
         * Maps one line of a JSON Lines file, already decoded, as a reader of the file does (invalid JSON, a value that
         * is not an object and a duplicated key are row errors); null for a blank line, which a file skips.
         */
        public PairReader.Row mapLine(long row, String line) {
            if (line.isBlank()) {
                return null;
            }
            return switch (JsonLines.parse(row, line)) {
                case JsonLines.Obj o -> mapper.map(o.number(), o.fields());
                case JsonLines.Problem p -> mapper.bad(p.number(), p.problem());
            };
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A table cell that is a null, a text, a number or a boolean as its JSON node, the form row mappings read; null for
     * any other value (a list, a struct), which the table's reader converts.
     */
    public static JsonNode scalarNode(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Long l -> NODES.numberNode(l);
            case Integer i -> NODES.numberNode(i);
            case Short s -> NODES.numberNode(s);
            case Byte b -> NODES.numberNode(b);
            case BigInteger b -> NODES.numberNode(b);
            case BigDecimal d -> NODES.numberNode(d);
            case Double d -> NODES.numberNode(d);
            case Float f -> NODES.numberNode(f);
            case Boolean b -> NODES.booleanNode(b);
            default -> null;
        };
    }

    /**
     * The row mapping of {@code format}.
     *
     * @param format {@link Format#HH_RLHF} for hh-rlhf dialogues; JSONL, CSV and PARQUET are the prompt/chosen/rejected
     *               table rows
     * @throws IllegalArgumentException for {@link Format#AUTO}, which needs a file to look at
     */
    public static Rows rows(Format format, String source) {
        return new Rows(switch (format) {
            case HH_RLHF -> new HhRows(source);
            case JSONL, CSV, PARQUET -> new TableRows(source);
            case AUTO -> throw new IllegalArgumentException("name the format of rows that do not come from a file");
        });
    }

    /**
     * The format of {@code path}: from its extension (.jsonl, .json, .jsonl.gz, .json.gz, .csv, .csv.gz, .parquet), and
     * for JSON Lines from the first row that has both chosen and rejected: {@link Format#HH_RLHF} when that row has no
     * prompt and both texts look like "\n\nHuman: …\n\nAssistant: …", else {@link Format#JSONL}.
     *
     * @throws IllegalArgumentException the extension is none of those
     */
    public static Format detect(Path path) throws IOException {
        requireFile(path);
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return Format.CSV;
        }
        for (String ext : new String[] {".jsonl", ".json", ".jsonl.gz", ".json.gz"}) {
            if (name.endsWith(ext)) {
                return sniffJsonl(path);
            }
        }
        throw new IllegalArgumentException(path + ": cannot tell the dataset format from the file name; expected"
                + " .jsonl, .json, .jsonl.gz, .json.gz, .csv, .csv.gz or .parquet, or name the format");
    }

    private static Format sniffJsonl(Path path) throws IOException {
        try (JsonLines lines = JsonLines.open(path)) {
            for (int i = 0; i < SNIFF_LINES; i++) {
                JsonLines.Line line = lines.next();
                if (line == null) {
                    break;
                }
                if (line instanceof JsonLines.Obj(_, JsonNode f) && f.has("chosen") && f.has("rejected")) {
                    return looksHh(f) ? Format.HH_RLHF : Format.JSONL;
                }
            }
        }
        return Format.JSONL; // nothing to go on: generic rows, whose errors say what is missing
    }

    private static boolean looksHh(JsonNode f) {
        JsonNode c = f.get("chosen");
        JsonNode r = f.get("rejected");
        return !f.has("prompt") && c.isTextual() && r.isTextual()
                && HhDialogue.looksLike(c.textValue()) && HhDialogue.looksLike(r.textValue());
    }

    private static void requireFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "dataset file not found");
        }
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a directory, not a dataset file");
        }
        if (!Files.isReadable(path)) {
            throw new IOException(path + ": dataset file is not readable");
        }
    }
}
