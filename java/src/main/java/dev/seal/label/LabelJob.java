package dev.seal.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.RowError;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.job.RowJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Labels both sides of every pair, in probe mode (a probability per feature, engine/Prober) or json mode (one
 * schema-valid object of booleans per text, engine/Generator). Many pairs go to the engine per call. A pair whose row
 * cannot be read, or one of whose sides cannot be labeled (too long, untokenizable, output cut by max tokens), goes to
 * the errors file with its reason and leaves no row in the table, so every pair in the table is complete; the run
 * goes on.
 *
 * <p>Each input row's outcome goes to a {@link RowJournal} as it is done; the table and the errors file are written
 * from it once every row is in. A killed run rerun with the same inputs and options continues after the rows it
 * finished, and its table is the one an uninterrupted run writes.
 */
public final class LabelJob {
    /** Errors-file stage of a side the labeler could not label (the reader's own errors have stage "read"). */
    public static final String STAGE_LABEL = "label";
    /** json mode: a text whose object the grammar could not finish within --max-new-tokens. */
    public static final String INCOMPLETE_OUTPUT = JsonLabeler.INCOMPLETE_OUTPUT;
    static final String HARMLESS = "last_response_is_harmless";
    static final String HELPFUL = "last_response_is_helpful";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param raw           label each text as written (a base model) rather than through the chat template
     * @param template      a chat template to use instead of the model's, or null
     * @param pairsPerCall  pairs (two texts each) sent to the engine in one call
     * @param prober        the prober's options; its max tokens bounds a text in json mode too (prompt + output)
     * @param json          json mode's generation, or null for probe mode
     */
    public record Options(boolean raw, String template, int pairsPerCall, Prober.Options prober, Generation json) {
        public Options {
            if (pairsPerCall < 1) {
                throw new IllegalArgumentException("pairs per call must be at least 1, got " + pairsPerCall);
            }
        }

        /** What changes the table: a resumed run must have the same (threads and the device do not count). */
        String identity() {
            String s = "mode=" + (json == null ? "probe" : "json") + " raw=" + raw + " pairs_per_call=" + pairsPerCall
                    + " max_tokens=" + prober.maxTokens() + " exact=" + prober.kvF32();
            return json == null ? s : s + " max_new_tokens=" + json.maxNewTokens() + " temperature="
                    + json.temperature() + " seed=" + json.seed();
        }
    }

    /**
     * json mode's generation.
     *
     * @param maxNewTokens tokens generated per text at most
     * @param temperature  0 = greedy (the default); more samples, from each text's own seeded stream
     * @param seed         the sampling seed
     * @param generator    the generator's options
     */
    public record Generation(int maxNewTokens, float temperature, int seed, Generator.Options generator) {}

    /** Counts of one run; {@code labelerPreference} says whether the table has the labeler_preference column. */
    public record Summary(long pairs, long labeled, long errors, Map<String, Long> errorsByReason,
                          boolean labelerPreference, long resumedRows) {}

    private LabelJob() {}

    public static Summary run(Model model, Path data, Format format, Path out, Path errorsPath, Taxonomy taxonomy,
                              Options options, RowJournal.Resume resume) throws IOException {
        Format f = format == Format.AUTO ? Datasets.detect(data) : format;
        Map<String, String> identity = new TreeMap<>();
        identity.put("format", f.name());
        identity.put("options", options.identity());
        identity.put("taxonomy", JSON.writeValueAsString(taxonomy));
        identity.put("template", String.valueOf(options.template()));
        try (PairLabeler labeler = PairLabeler.open(model, taxonomy, options);
             RowJournal journal = RowJournal.open(out, identity, resume)) {
            try (PairReader reader = Datasets.open(data, f)) {
                PairLabeler.Batch batch = labeler.batch(data.toString());
                long index = 0;
                for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                    if (index++ < journal.resumed()) {
                        continue;
                    }
                    batch.add(row);
                    if (batch.full()) {
                        journal(batch, journal);
                    }
                }
                journal(batch, journal);
            }
            Summary s = write(journal, out, errorsPath, labeler.columns(), labeler.verdicts());
            journal.finish();
            return s;
        }
    }

    /** Labels the batch's pairs in one call and journals every waiting row's outcome, in order. */
    private static void journal(PairLabeler.Batch batch, RowJournal journal) throws IOException {
        List<PairLabeler.Outcome> outcomes = batch.flush();
        if (outcomes.isEmpty()) {
            return;
        }
        for (PairLabeler.Outcome o : outcomes) {
            journal.append(switch (o) {
                case PairLabeler.Failed(String stage, RowError e) -> RowJournal.errorLine(stage, e);
                case PairLabeler.Labeled l -> labeled(l);
            });
        }
        journal.commit();
    }

    private static String labeled(PairLabeler.Labeled l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", l.pair().id());
        array(n.putArray("chosen"), l.chosen());
        array(n.putArray("rejected"), l.rejected());
        if (l.verdict() != null) {
            n.put("labeler", l.verdict());
        }
        return n.toString();
    }

    private static void array(ArrayNode a, double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                a.addNull();
            } else {
                a.add(x);
            }
        }
    }

    /** The table and the errors file from the journal's lines, in input order. */
    private static Summary write(RowJournal journal, Path out, Path errorsPath, List<String> columns, boolean verdicts)
            throws IOException {
        long pairs = 0;
        long labeled = 0;
        try (FeatureWriter writer = FeatureWriter.open(out, columns);
             ErrorWriter errors = ErrorWriter.open(errorsPath);
             Stream<String> lines = journal.lines()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                JsonNode e = JSON.readTree(it.next());
                String stage = RowJournal.replayError(e, errors);
                if (stage != null) {
                    pairs += stage.equals(ErrorWriter.STAGE_READ) ? 0 : 1;
                    continue;
                }
                pairs++;
                labeled++;
                String verdict = verdicts ? e.get("labeler").asText() : null;
                writer.row(e.get("id").asText(), "chosen", values(e.get("chosen")), verdict);
                writer.row(e.get("id").asText(), "rejected", values(e.get("rejected")), verdict);
            }
            writer.finish();
            return new Summary(pairs, labeled, errors.total(), errors.countsByReason(), verdicts,
                    journal.resumed());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static double[] values(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isNull() ? Double.NaN : a.get(i).doubleValue();
        }
        return v;
    }

    /**
     * The labeler's preference on a pair, as the SEAL paper derives it from harmlessness first and helpfulness
     * second: the side judged harmless (P(yes) ≥ 0.5) when only one is; otherwise the side judged helpful when only
     * one is; otherwise indifferent. "chosen", "rejected" or "indifferent", as analyze reads the column.
     */
    static String preference(double harmlessChosen, double harmlessRejected, double helpfulChosen,
                             double helpfulRejected) {
        int byHarm = Boolean.compare(harmlessChosen >= 0.5, harmlessRejected >= 0.5);
        int by = byHarm != 0 ? byHarm : Boolean.compare(helpfulChosen >= 0.5, helpfulRejected >= 0.5);
        return by > 0 ? "chosen" : by < 0 ? "rejected" : "indifferent";
    }
}
