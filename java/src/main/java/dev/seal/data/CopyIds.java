package dev.seal.data;

import java.util.Arrays;

/**
 * Ids of perturbed copies: {@code <source id>::<kind>}, or {@code <source id>::<kind>::<n>} when a pair has several
 * copies of one kind. {@code seal perturb} writes them; {@code seal similarity} and {@code seal analyze --perturbed}
 * read them back. The kind never contains "::"; the source id may.
 */
public final class CopyIds {
    public static final String SEPARATOR = "::";

    private CopyIds() {}

    /** A copy id's source pair and kind. */
    public record Parsed(String source, String kind) {}

    /** The id of a copy; {@code n} 0 for the only copy of its kind, else its 1-based number. */
    public static String of(String source, String kind, int n) {
        return source + SEPARATOR + kind + (n > 0 ? SEPARATOR + n : "");
    }

    /** The source and kind of a copy id, or null when the id has no such form. */
    public static Parsed parse(String id) {
        String[] parts = id.split(SEPARATOR, -1);
        if (parts.length < 2) {
            return null;
        }
        int end = parts.length;
        if (parts.length >= 3 && parts[end - 1].matches("\\d+")) {
            end--;
        }
        String kind = parts[end - 1];
        String source = String.join(SEPARATOR, Arrays.copyOfRange(parts, 0, end - 1));
        return kind.isEmpty() || source.isEmpty() ? null : new Parsed(source, kind);
    }
}
