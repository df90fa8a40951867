package dev.seal.score;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats {@link ScoreWriter} writes, picked by the output file's extension. */
public enum ScoreFormat {
    CSV(".csv"),
    JSONL(".jsonl"),
    PARQUET(".parquet");

    private final String extension;

    ScoreFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, with its dot, e.g. ".csv". */
    public String extension() {
        return extension;
    }

    /**
     * The format of {@code out} by its extension (case-insensitive), so the CLI can reject a bad --out before it
     * loads a model.
     *
     * @throws IllegalArgumentException naming the supported extensions when none matches
     */
    public static ScoreFormat of(Path out) {
        Path name = out.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (ScoreFormat f : values()) {
            if (lower.endsWith(f.extension) && lower.length() > f.extension.length()) {
                return f;
            }
        }
        throw new IllegalArgumentException("unsupported score output \"" + out + "\": the file name must end in "
                + Arrays.stream(values()).map(ScoreFormat::extension).collect(Collectors.joining(", ")));
    }
}
