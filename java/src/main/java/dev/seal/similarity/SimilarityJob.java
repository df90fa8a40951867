package dev.seal.similarity;

import dev.seal.data.CopyIds;
import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Embedder;
import dev.seal.engine.Model;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each perturbed copy, the cosine similarity of its texts to its original's: each side's last response and each
 * side's whole text (prompt and response as the dataset holds them). A copy is kept when the smallest of the four
 * reaches the threshold, so a drift anywhere (the response or the prompt, either side) drops it.
 */
public final class SimilarityJob {
    public static final String STAGE_SIMILARITY = "similarity";
    /** A copy id not of the form {@code <id>::<kind>[::n]}. */
    public static final String BAD_ID = "bad_copy_id";
    /** A copy whose id names no pair of the originals. */
    public static final String UNKNOWN_SOURCE = "unknown_source";
    /** A text of the copy or of its original the embedder could not embed (empty, too long). */
    public static final String NOT_EMBEDDED = "not_embedded";

    /** Columns of the output CSV. */
    public static final List<String> COLUMNS = List.of("id", "source_id", "kind", "chosen_response",
            "rejected_response", "chosen_text", "rejected_text", "similarity", "kept");

    /** Copies embedded per native call (with their originals). */
    static final int CHUNK = 64;

    public record Options(double threshold, Embedder.Options embedder) {}

    /** What a run did: kept and dropped copies per kind, and the errors file's count, also per reason. */
    public record Summary(Map<String, long[]> keptDroppedByKind, long copies, long errors,
                          Map<String, Long> errorsByReason) {}

    private record Copy(PreferencePair pair, String source, String kind) {}

    private SimilarityJob() {}

    public static Summary run(Path model, Path originals, Path perturbed, Format format, Path out, Path kept,
                              Path errorsPath, Options options) throws IOException {
        Map<String, PreferencePair> byId = new LinkedHashMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        long copies = 0;
        try (ErrorWriter errors = ErrorWriter.open(errorsPath)) {
            try (PairReader reader = Datasets.open(originals, format)) {
                for (PairReader.Row row; (row = reader.next()) != null; ) {
                    if (row instanceof PairReader.Row.Bad(RowError e)) {
                        errors.write(ErrorWriter.STAGE_READ, e);
                    } else {
                        PreferencePair p = ((PairReader.Row.Ok) row).pair();
                        byId.put(p.id(), p);
                    }
                }
            }
            requireAMatch(perturbed, originals, byId);
            try (Model m = Model.load(model, Model.Options.defaults());
                 Embedder embedder = Embedder.open(m, options.embedder());
                 PairReader reader = Datasets.open(perturbed, Format.AUTO);
                 BufferedWriter csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                 BufferedWriter keptOut = kept != null ? Files.newBufferedWriter(kept, StandardCharsets.UTF_8) : null) {
                csv.write(String.join(",", COLUMNS) + "\n");
                List<Copy> chunk = new ArrayList<>();
                for (PairReader.Row row; (row = reader.next()) != null; ) {
                    if (row instanceof PairReader.Row.Bad(RowError e)) {
                        errors.write(ErrorWriter.STAGE_READ, e);
                        continue;
                    }
                    PreferencePair copy = ((PairReader.Row.Ok) row).pair();
                    CopyIds.Parsed sk = CopyIds.parse(copy.id());
                    if (sk == null) {
                        errors.write(STAGE_SIMILARITY, new RowError(perturbed.toString(), copy.row(), copy.id(), BAD_ID,
                                "copy ids have the form <id>::<kind>[::n] (as seal perturb writes them)"));
                    } else if (!byId.containsKey(sk.source())) {
                        errors.write(STAGE_SIMILARITY, new RowError(perturbed.toString(), copy.row(), copy.id(),
                                UNKNOWN_SOURCE, "no pair with id '" + sk.source() + "' in " + originals));
                    } else {
                        chunk.add(new Copy(copy, sk.source(), sk.kind()));
                        if (chunk.size() == CHUNK) {
                            copies += measure(embedder, byId, chunk, perturbed, options, csv, keptOut, errors, counts);
                            chunk.clear();
                        }
                    }
                }
                copies += measure(embedder, byId, chunk, perturbed, options, csv, keptOut, errors, counts);
            }
            return new Summary(counts, copies, errors.total(), errors.countsByReason());
        }
    }

    /**
     * Fails, before a model is loaded, when the perturbed file has copies and none of them names an original: the
     * copies of another dataset. One copy that names no original is a row error; all of them is the wrong file.
     */
    private static void requireAMatch(Path perturbed, Path originals, Map<String, PreferencePair> byId)
            throws IOException {
        long read = 0;
        String example = null;
        try (PairReader reader = Datasets.open(perturbed, Format.AUTO)) {
            for (PairReader.Row row; (row = reader.next()) != null; ) {
                if (row instanceof PairReader.Row.Ok(PreferencePair copy)) {
                    CopyIds.Parsed sk = CopyIds.parse(copy.id());
                    if (sk != null && byId.containsKey(sk.source())) {
                        return;
                    }
                    read++;
                    if (example == null && sk != null) {
                        example = "copy " + copy.id() + " names " + sk.source();
                    }
                }
            }
        }
        if (read > 0) {
            throw new IllegalArgumentException("--perturbed " + perturbed + ": none of its " + read + " copies names a"
                    + " pair of " + originals + " (" + (example != null ? example
                    : "no id has the form <id>::<kind>[::n]") + "): give the originals the copies were made from");
        }
    }

    /** The four texts a copy is compared on, in {@link #COLUMNS}' order. */
    private static List<String> texts(PreferencePair p) {
        return List.of(p.chosen().response(), p.rejected().response(), p.chosen().raw(), p.rejected().raw());
    }

    private static long measure(Embedder embedder, Map<String, PreferencePair> byId, List<Copy> chunk, Path perturbed,
                                Options options, BufferedWriter csv, BufferedWriter keptOut, ErrorWriter errors,
                                Map<String, long[]> counts) throws IOException {
        // the originals of the chunk once each, then every copy: one native call
        Map<String, Integer> originalAt = new LinkedHashMap<>();
        List<int[]> tokens = new ArrayList<>();
        Model m = embedder.model();
        for (Copy c : chunk) {
            if (!originalAt.containsKey(c.source())) {
                originalAt.put(c.source(), tokens.size());
                texts(byId.get(c.source())).forEach(t -> tokens.add(m.tokenize(t, true, false)));
            }
        }
        int copiesAt = tokens.size();
        for (Copy c : chunk) {
            texts(c.pair()).forEach(t -> tokens.add(m.tokenize(t, true, false)));
        }
        Embedder.Result r = embedder.embed(tokens);
        long written = 0;
        for (int i = 0; i < chunk.size(); i++) {
            Copy c = chunk.get(i);
            int o = originalAt.get(c.source());
            int k = copiesAt + 4 * i;
            double[] sims = new double[4];
            String failed = null;
            for (int t = 0; t < 4; t++) {
                if (r.status()[o + t] != 0 || r.status()[k + t] != 0) {
                    failed = COLUMNS.get(3 + t) + (r.status()[o + t] != 0 ? " of the original" : " of the copy")
                            + " could not be embedded (status " + (r.status()[o + t] != 0 ? r.status()[o + t]
                            : r.status()[k + t]) + ": empty or longer than the embedder's max tokens)";
                    break;
                }
                sims[t] = Embedder.cosine(r.vector(o + t), r.vector(k + t));
            }
            if (failed != null) {
                errors.write(STAGE_SIMILARITY, new RowError(perturbed.toString(), c.pair().row(), c.pair().id(),
                        NOT_EMBEDDED, failed));
                continue;
            }
            double min = Math.min(Math.min(sims[0], sims[1]), Math.min(sims[2], sims[3]));
            boolean keep = min >= options.threshold();
            counts.computeIfAbsent(c.kind(), x -> new long[2])[keep ? 0 : 1]++;
            StringBuilder line = new StringBuilder();
            line.append(quote(c.pair().id())).append(',').append(quote(c.source())).append(',').append(quote(c.kind()));
            for (double s : sims) {
                line.append(',').append(number(s));
            }
            line.append(',').append(number(min)).append(',').append(keep).append('\n');
            csv.write(line.toString());
            if (keep && keptOut != null) {
                keptOut.write("{\"id\":" + json(c.pair().id()) + ",\"source_id\":" + json(c.source()) + ",\"kind\":"
                        + json(c.kind()) + ",\"similarity\":" + number(min) + "}\n");
            }
            written++;
        }
        return written;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** RFC 4180: every text cell quoted, quotes doubled. */
    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
