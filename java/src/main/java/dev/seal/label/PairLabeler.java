package dev.seal.label;

import dev.seal.analyze.FeatureTable;
import dev.seal.bindings.seal_h;
import dev.seal.data.ErrorWriter;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import dev.seal.engine.SealException;
import java.util.ArrayList;
import java.util.List;

/**
 * The labeling step of {@code seal label}, one batch of input rows at a time: what {@link LabelJob} runs over a file
 * and what a Spark executor runs over a partition, so both cut the same batches and give the same values. A row is
 * labeled (both sides) or failed (unreadable, or a side the labeler could not label), never dropped.
 */
public final class PairLabeler implements AutoCloseable {
    /** One input row's outcome. */
    public sealed interface Outcome permits Labeled, Failed {}

    /**
     * Both sides labeled: values in {@link #keys()} order (NaN for none); {@code verdict} the pair's labeler preference,
     * or null when the taxonomy lacks what it needs (see {@link #verdicts()}).
     */
    public record Labeled(PreferencePair pair, double[] chosen, double[] rejected, String verdict) implements Outcome {}

    /** A row in the errors file: {@code stage} "read" (the reader's error) or {@value LabelJob#STAGE_LABEL}. */
    public record Failed(String stage, RowError error) implements Outcome {}

    private final Labeler labeler;
    private final List<String> keys;
    private final int harmless;
    private final int helpful;
    private final int pairsPerCall;

    private PairLabeler(Labeler labeler, List<String> keys, int pairsPerCall) {
        this.labeler = labeler;
        this.keys = List.copyOf(keys);
        this.harmless = keys.indexOf(LabelJob.HARMLESS);
        this.helpful = keys.indexOf(LabelJob.HELPFUL);
        this.pairsPerCall = pairsPerCall;
    }

    /**
     * The labeler of {@code options} on a loaded model, which the caller keeps open while this is used.
     *
     * @throws SealException a reward model, a model that cannot label, or chat mode without a chat template
     */
    public static PairLabeler open(Model model, Taxonomy taxonomy, LabelJob.Options options) {
        refuseRewardModel(model);
        return new PairLabeler(labeler(model, taxonomy, options), taxonomy.keys(), options.pairsPerCall());
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

    private static Labeler labeler(Model model, Taxonomy taxonomy, LabelJob.Options o) {
        if (o.json() == null) {
            return new ProbeLabeler(model, taxonomy, o.raw(), o.template(), o.prober());
        }
        LabelJob.Generation g = o.json();
        return new JsonLabeler(model, taxonomy, o.raw(), o.template(),
                new JsonLabeler.Settings(g.maxNewTokens(), g.temperature(), g.seed(), o.prober().maxTokens()),
                g.generator());
    }

    /** The taxonomy's keys: the feature columns, in order. */
    public List<String> keys() {
        return keys;
    }

    /** Whether the taxonomy has the two keys the labeler's preference is derived from. */
    public boolean verdicts() {
        return harmless >= 0 && helpful >= 0;
    }

    /** The feature table's columns: id, side, the keys, and labeler_preference when {@link #verdicts()}. */
    public List<String> columns() {
        List<String> c = new ArrayList<>(List.of("id", "side"));
        c.addAll(keys);
        if (verdicts()) {
            c.add(FeatureTable.LABELER);
        }
        return c;
    }

    /** The columns of a table labeled with {@code taxonomy}, known without a model (see {@link #columns()}). */
    public static List<String> columns(Taxonomy taxonomy) {
        return new PairLabeler(null, taxonomy.keys(), 1).columns();
    }

    /** A new batch of rows from {@code source} (the input's name in errors). */
    public Batch batch(String source) {
        return new Batch(source);
    }

    /**
     * Input rows waiting for one labeler call, in input order: full at the options' pairs per call readable rows
     * (unreadable rows keep their place and do not count).
     */
    public final class Batch {
        private final String source;
        private final List<PairReader.Row> waiting = new ArrayList<>();
        private int pairs;

        private Batch(String source) {
            this.source = source;
        }

        public void add(PairReader.Row row) {
            waiting.add(row);
            pairs += row instanceof PairReader.Row.Ok ? 1 : 0;
        }

        public boolean full() {
            return pairs >= pairsPerCall;
        }

        /** Labels the waiting pairs in one call; every waiting row's outcome, in order. The batch is then empty. */
        public List<Outcome> flush() {
            List<Labeler.Text> texts = new ArrayList<>();
            for (PairReader.Row row : waiting) {
                if (row instanceof PairReader.Row.Ok(PreferencePair p)) {
                    texts.add(new Labeler.Text(p.id(), "chosen", p.chosen()));
                    texts.add(new Labeler.Text(p.id(), "rejected", p.rejected()));
                }
            }
            List<Labeler.Outcome> outcomes = texts.isEmpty() ? List.of() : labeler.label(texts);
            List<Outcome> out = new ArrayList<>(waiting.size());
            int next = 0;
            for (PairReader.Row row : waiting) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    out.add(new Failed(ErrorWriter.STAGE_READ, e));
                    continue;
                }
                PreferencePair p = ((PairReader.Row.Ok) row).pair();
                Labeler.Outcome chosen = outcomes.get(next++);
                Labeler.Outcome rejected = outcomes.get(next++);
                out.add(chosen.ok() && rejected.ok() ? labeled(p, chosen.values(), rejected.values())
                        : failed(p, chosen.ok() ? "rejected" : "chosen", chosen.ok() ? rejected : chosen));
            }
            waiting.clear();
            pairs = 0;
            return out;
        }

        private Labeled labeled(PreferencePair p, double[] chosen, double[] rejected) {
            String verdict = verdicts() ? LabelJob.preference(chosen[harmless], rejected[harmless], chosen[helpful],
                    rejected[helpful]) : null;
            return new Labeled(p, chosen, rejected, verdict);
        }

        private Failed failed(PreferencePair p, String side, Labeler.Outcome o) {
            return new Failed(LabelJob.STAGE_LABEL, new RowError(source, p.row(), p.id(), o.reason(),
                    "row " + p.row() + ": " + side + " side: " + o.detail()));
        }
    }

    @Override
    public void close() {
        labeler.close();
    }
}
