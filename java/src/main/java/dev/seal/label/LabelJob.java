package dev.seal.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.analyze.FeatureTable;
import dev.seal.bindings.seal_h;
import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import dev.seal.engine.Prober;
import dev.seal.engine.SealException;
import dev.seal.job.RowJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        refuseRewardModel(model);
        Map<String, String> identity = new TreeMap<>();
        identity.put("format", f.name());
        identity.put("options", options.identity());
        identity.put("taxonomy", JSON.writeValueAsString(taxonomy));
        identity.put("template", String.valueOf(options.template()));
        try (Labeler labeler = open(model, taxonomy, options);
             RowJournal journal = RowJournal.open(out, identity, resume)) {
            Columns columns = new Columns(taxonomy.keys());
            try (PairReader reader = Datasets.open(data, f)) {
                Batch batch = new Batch(data.toString(), labeler, journal, columns);
                long index = 0;
                for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                    if (index++ < journal.resumed()) {
                        continue;
                    }
                    batch.add(row);
                    if (batch.pairs >= options.pairsPerCall()) {
                        batch.flush();
                    }
                }
                batch.flush();
            }
            Summary s = write(journal, out, errorsPath, columns);
            journal.finish();
            return s;
        }
    }

    /**
     * A decoder RM's LM head (often the tied input embeddings, never trained to answer) says nothing about the
     * questions: refused, as an instruct model is refused by seal score.
     */
    private static void refuseRewardModel(Model model) {
        if (model.info().headKind() == ModelInfo.HeadKind.LAST_TOKEN) {
            throw new SealException(seal_h.SEAL_E_NOT_GENERATIVE(), model.path() + " is a reward model (it has a"
                    + " seal.reward.head): a labeler answers questions with its LM head, so use an instruct model"
                    + " (or a base model with --raw); reward models go to seal score");
        }
    }

    private static Labeler open(Model model, Taxonomy taxonomy, Options o) {
        if (o.json() == null) {
            return new ProbeLabeler(model, taxonomy, o.raw(), o.template(), o.prober());
        }
        Generation g = o.json();
        return new JsonLabeler(model, taxonomy, o.raw(), o.template(),
                new JsonLabeler.Settings(g.maxNewTokens(), g.temperature(), g.seed(), o.prober().maxTokens()),
                g.generator());
    }

    /** The table's columns: id, side, the keys, and labeler_preference when the taxonomy has what it needs. */
    private record Columns(List<String> keys, int harmless, int helpful) {
        Columns(List<String> keys) {
            this(keys, keys.indexOf(HARMLESS), keys.indexOf(HELPFUL));
        }

        boolean verdicts() {
            return harmless >= 0 && helpful >= 0;
        }

        List<String> all() {
            List<String> c = new ArrayList<>(List.of("id", "side"));
            c.addAll(keys);
            if (verdicts()) {
                c.add(FeatureTable.LABELER);
            }
            return c;
        }
    }

    /** The table and the errors file from the journal's lines, in input order. */
    private static Summary write(RowJournal journal, Path out, Path errorsPath, Columns columns) throws IOException {
        long pairs = 0;
        long labeled = 0;
        try (FeatureWriter writer = FeatureWriter.open(out, columns.all());
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
                String verdict = columns.verdicts() ? e.get("labeler").asText() : null;
                writer.row(e.get("id").asText(), "chosen", values(e.get("chosen")), verdict);
                writer.row(e.get("id").asText(), "rejected", values(e.get("rejected")), verdict);
            }
            writer.finish();
            return new Summary(pairs, labeled, errors.total(), errors.countsByReason(), columns.verdicts(),
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

    /** Input rows waiting for one labeler call, in input order (unreadable rows keep their place). */
    private static final class Batch {
        private final String source;
        private final Labeler labeler;
        private final RowJournal journal;
        private final Columns columns;
        private final List<PairReader.Row> waiting = new ArrayList<>();
        int pairs;

        Batch(String source, Labeler labeler, RowJournal journal, Columns columns) {
            this.source = source;
            this.labeler = labeler;
            this.journal = journal;
            this.columns = columns;
        }

        void add(PairReader.Row row) {
            waiting.add(row);
            pairs += row instanceof PairReader.Row.Ok ? 1 : 0;
        }

        /** Labels the waiting pairs in one call and journals every waiting row's outcome, in order. */
        void flush() throws IOException {
            if (waiting.isEmpty()) {
                return;
            }
            List<Labeler.Text> texts = new ArrayList<>();
            for (PairReader.Row row : waiting) {
                if (row instanceof PairReader.Row.Ok(PreferencePair p)) {
                    texts.add(new Labeler.Text(p.id(), "chosen", p.chosen()));
                    texts.add(new Labeler.Text(p.id(), "rejected", p.rejected()));
                }
            }
            List<Labeler.Outcome> outcomes = texts.isEmpty() ? List.of() : labeler.label(texts);
            int next = 0;
            for (PairReader.Row row : waiting) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    journal.append(RowJournal.errorLine(ErrorWriter.STAGE_READ, e));
                    continue;
                }
                PreferencePair p = ((PairReader.Row.Ok) row).pair();
                Labeler.Outcome chosen = outcomes.get(next++);
                Labeler.Outcome rejected = outcomes.get(next++);
                journal.append(chosen.ok() && rejected.ok() ? labeled(p, chosen.values(), rejected.values())
                        : failed(p, chosen.ok() ? "rejected" : "chosen", chosen.ok() ? rejected : chosen));
            }
            journal.commit();
            waiting.clear();
            pairs = 0;
        }

        private String labeled(PreferencePair p, double[] chosen, double[] rejected) {
            ObjectNode n = JSON.createObjectNode();
            n.put("id", p.id());
            array(n.putArray("chosen"), chosen);
            array(n.putArray("rejected"), rejected);
            if (columns.verdicts()) {
                int h = columns.harmless();
                int u = columns.helpful();
                n.put("labeler", preference(chosen[h], rejected[h], chosen[u], rejected[u]));
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

        private String failed(PreferencePair p, String side, Labeler.Outcome o) {
            return RowJournal.errorLine(STAGE_LABEL, new RowError(source, p.row(), p.id(), o.reason(),
                    "row " + p.row() + ": " + side + " side: " + o.detail()));
        }
    }
}
