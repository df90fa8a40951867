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
import dev.seal.engine.SealException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.io.AtomicFiles;
import dev.seal.job.RowJournal;
import java.io.BufferedWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.stream.Stream;
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

    /**
     * @param loading how the embedding model is loaded (its layers on the GPU, the device it runs on)
     */
    public record Options(double threshold, Embedder.Options embedder, Model.Options loading) {
        /** With the model loaded as {@link Model.Options#defaults()}. */
        public Options(double threshold, Embedder.Options embedder) {
            this(threshold, embedder, Model.Options.defaults());
        }

        /** What changes the output: a resumed run must have the same. */
        String identity() {
            Embedder.Options e = embedder;
            return "threshold=" + threshold + " pooling=" + e.pooling() + " batch_tokens=" + e.batchTokens();
        }
    }

    /** What a run did: kept and dropped copies per kind, and the errors file's count, also per reason. */
    public record Summary(Map<String, long[]> keptDroppedByKind, long copies, long errors,
                          Map<String, Long> errorsByReason) {}

    private record Copy(PreferencePair pair, String source, String kind) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimilarityJob() {}

    /**
     * Compares every copy with its original. Each copy row's outcome goes to a {@link RowJournal} as it is done, and
     * the outputs are written from it once every row is in, so a killed run rerun with the same arguments continues
     * where it stopped and writes what an uninterrupted run writes.
     */
    public static Summary run(Path model, Path originals, Path perturbed, Format format, Path out, Path kept,
                              Path errorsPath, Options options, RowJournal.Resume resume) throws IOException {
        Map<String, PreferencePair> byId = new LinkedHashMap<>();
        List<RowError> originalErrors = new ArrayList<>();
        try (PairReader reader = Datasets.open(originals, format)) {
            for (PairReader.Row row; (row = reader.next()) != null; ) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    originalErrors.add(e);
                } else {
                    PreferencePair p = ((PairReader.Row.Ok) row).pair();
                    byId.put(p.id(), p);
                }
            }
        }
        requireAMatch(perturbed, originals, byId);
        Map<String, String> identity = new TreeMap<>();
        identity.put("format", format.name());
        identity.put("options", options.identity());
        identity.put("kept", String.valueOf(kept != null));
        try (Model m = Model.load(model, options.loading());
             Embedder embedder = Embedder.open(m, options.embedder());
             RowJournal journal = RowJournal.open(out, identity, resume)) {
            try (PairReader reader = Datasets.open(perturbed, Format.AUTO)) {
                List<PairReader.Row> chunk = new ArrayList<>();
                long index = 0;
                for (PairReader.Row row; (row = reader.next()) != null; ) {
                    if (index++ < journal.resumed()) {
                        continue;
                    }
                    chunk.add(row);
                    if (chunk.size() == CHUNK) {
                        measure(embedder, byId, chunk, originals, perturbed, options, journal);
                        chunk.clear();
                    }
                }
                measure(embedder, byId, chunk, originals, perturbed, options, journal);
            }
            Summary s = write(journal, originalErrors, out, kept, errorsPath);
            journal.finish();
            return s;
        }
    }

    /** The outputs from the journal: the CSV, the kept copies and the errors (the originals' first). */
    private static Summary write(RowJournal journal, List<RowError> originalErrors, Path out, Path kept,
                                 Path errorsPath) throws IOException {
        Map<String, long[]> counts = new TreeMap<>();
        long copies = 0;
        Path csvTemp = AtomicFiles.tempSibling(out, "tmp");
        Path keptTemp = kept != null ? AtomicFiles.tempSibling(kept, "tmp") : null;
        try (ErrorWriter errors = ErrorWriter.open(errorsPath);
             BufferedWriter csv = Files.newBufferedWriter(csvTemp, StandardCharsets.UTF_8);
             BufferedWriter keptOut = keptTemp != null ? Files.newBufferedWriter(keptTemp, StandardCharsets.UTF_8) : null;
             Stream<String> lines = journal.lines()) {
            for (RowError e : originalErrors) {
                errors.write(ErrorWriter.STAGE_READ, e);
            }
            csv.write(String.join(",", COLUMNS) + "\n");
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                JsonNode e = JSON.readTree(it.next());
                if (RowJournal.replayError(e, errors) != null) {
                    continue;
                }
                copies++;
                boolean keep = e.get("keep").booleanValue();
                counts.computeIfAbsent(e.get("kind").asText(), x -> new long[2])[keep ? 0 : 1]++;
                csv.write(e.get("csv").asText());
                if (keep && keptOut != null) {
                    keptOut.write(e.get("kept").asText());
                }
            }
            long total = errors.total();
            csv.close();
            AtomicFiles.publish(csvTemp, out);
            if (keptOut != null) {
                keptOut.close();
                AtomicFiles.publish(keptTemp, kept);
            }
            return new Summary(counts, copies, total, errors.countsByReason());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(csvTemp);
            if (keptTemp != null) {
                Files.deleteIfExists(keptTemp);
            }
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

    /** Compares the chunk's copies (one embedder call) and journals every row's outcome, in input order. */
    private static void measure(Embedder embedder, Map<String, PreferencePair> byId, List<PairReader.Row> rows,
                                Path originals, Path perturbed, Options options, RowJournal journal) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        // each row's outcome when known before embedding (a bad row or id), else its copy
        List<Object> outcomes = new ArrayList<>();
        List<Copy> chunk = new ArrayList<>();
        for (PairReader.Row row : rows) {
            if (row instanceof PairReader.Row.Bad(RowError e)) {
                outcomes.add(RowJournal.errorLine(ErrorWriter.STAGE_READ, e));
                continue;
            }
            PreferencePair copy = ((PairReader.Row.Ok) row).pair();
            CopyIds.Parsed sk = CopyIds.parse(copy.id());
            if (sk == null) {
                outcomes.add(RowJournal.errorLine(STAGE_SIMILARITY, new RowError(perturbed.toString(), copy.row(), copy.id(), BAD_ID,
                        "copy ids have the form <id>::<kind>[::n] (as seal perturb writes them)")));
            } else if (!byId.containsKey(sk.source())) {
                outcomes.add(RowJournal.errorLine(STAGE_SIMILARITY, new RowError(perturbed.toString(), copy.row(), copy.id(),
                        UNKNOWN_SOURCE, "no pair with id '" + sk.source() + "' in " + originals)));
            } else {
                Copy c = new Copy(copy, sk.source(), sk.kind());
                outcomes.add(c);
                chunk.add(c);
            }
        }
        List<String> measured = chunk.isEmpty() ? List.of() : compare(embedder, byId, chunk, perturbed, options);
        int next = 0;
        for (Object o : outcomes) {
            journal.append(o instanceof Copy ? measured.get(next++) : (String) o);
        }
        journal.commit();
    }

    /** The journal line of each copy: its CSV row and kept line, or its error. */
    private static List<String> compare(Embedder embedder, Map<String, PreferencePair> byId, List<Copy> chunk,
                                        Path perturbed, Options options) {
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
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Copy c = chunk.get(i);
            int o = originalAt.get(c.source());
            int k = copiesAt + 4 * i;
            double[] sims = new double[4];
            String failed = null;
            for (int t = 0; t < 4; t++) {
                if (r.status()[o + t] != 0 || r.status()[k + t] != 0) {
                    int status = r.status()[o + t] != 0 ? r.status()[o + t] : r.status()[k + t];
                    // empty, too_long (over the embedder's max tokens) or out_of_memory (no fit at the smallest budget)
                    failed = COLUMNS.get(3 + t) + (r.status()[o + t] != 0 ? " of the original" : " of the copy")
                            + " could not be embedded (status " + status + ": " + SealException.code(status) + ")";
                    break;
                }
                sims[t] = Embedder.cosine(r.vector(o + t), r.vector(k + t));
            }
            if (failed != null) {
                lines.add(RowJournal.errorLine(STAGE_SIMILARITY, new RowError(perturbed.toString(), c.pair().row(), c.pair().id(),
                        NOT_EMBEDDED, failed)));
                continue;
            }
            double min = Math.min(Math.min(sims[0], sims[1]), Math.min(sims[2], sims[3]));
            boolean keep = min >= options.threshold();
            StringBuilder line = new StringBuilder();
            line.append(quote(c.pair().id())).append(',').append(quote(c.source())).append(',').append(quote(c.kind()));
            for (double s : sims) {
                line.append(',').append(number(s));
            }
            line.append(',').append(number(min)).append(',').append(keep).append('\n');
            ObjectNode n = JSON.createObjectNode();
            n.put("kind", c.kind());
            n.put("keep", keep);
            n.put("csv", line.toString());
            n.put("kept", "{\"id\":" + json(c.pair().id()) + ",\"source_id\":" + json(c.source()) + ",\"kind\":"
                    + json(c.kind()) + ",\"similarity\":" + number(min) + "}\n");
            lines.add(n.toString());
        }
        return lines;
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
