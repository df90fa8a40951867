package dev.seal.analyze;

import dev.seal.analyze.input.Tables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the analysis set aside or could not use, pair by pair: ids missing from one of the files, pairs with a
 * NaN reward, rows of the dataset that did not parse, pairs whose features are incomplete. Nothing is dropped
 * without an entry here; the entries go to problems.csv and a one-line summary per kind to the report and stderr.
 */
public final class Problems {
    /** One affected pair (or row). */
    public record Entry(String kind, String id, String detail) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> what = new LinkedHashMap<>();

    /** Records one affected id under {@code kind}; {@code description} says what the kind means (first one wins). */
    public void add(String kind, String description, String id, String detail) {
        what.putIfAbsent(kind, description);
        entries.add(new Entry(kind, id, detail));
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public int count(String kind) {
        return (int) entries.stream().filter(e -> e.kind().equals(kind)).count();
    }

    public List<String> ids(String kind) {
        return entries.stream().filter(e -> e.kind().equals(kind)).map(Entry::id).toList();
    }

    /** "kind: 12 pairs in the scores file are not in the baseline (r5, r17, … and 9 more)", one per kind. */
    public List<String> summaries() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> k : what.entrySet()) {
            List<String> ids = ids(k.getKey());
            out.add(ids.size() + " " + k.getValue() + " (" + Tables.examples(ids, 5) + ")");
        }
        return out;
    }

    /** Kind → (description, count), in the order kinds first appeared. */
    public Map<String, Map.Entry<String, Integer>> kinds() {
        Map<String, Map.Entry<String, Integer>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> k : what.entrySet()) {
            out.put(k.getKey(), Map.entry(k.getValue(), count(k.getKey())));
        }
        return out;
    }
}
