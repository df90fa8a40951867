package dev.seal.perturb;

import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset and writes, for every good pair, every kind and every copy number, one perturbed copy. A row the
 * reader rejects, or a copy that cannot be made (a paraphrase the validator rejects among them), goes to the errors
 * file with its reason; the run goes on. With the paraphrase kind, an instruct model is loaded and pairs go to its
 * generator in groups.
 */
public final class PerturbJob {
    /** Errors-file stage of a copy that could not be made (the reader's own errors have stage "read"). */
    public static final String STAGE_PERTURB = "perturb";

    /**
     * What to make.
     *
     * @param kinds      the deterministic kinds, each once
     * @param seed       the run's seed
     * @param target     what each copy perturbs
     * @param copies     copies per pair and kind, at least 1
     * @param paraphrase the paraphrase kind's model and settings, or null when it is not asked for
     */
    public record Options(List<Kind> kinds, long seed, Target target, int copies, Paraphrase paraphrase) {
        public Options {
            kinds = List.copyOf(kinds);
            if (kinds.isEmpty() && paraphrase == null) {
                throw new IllegalArgumentException("name at least one perturbation kind");
            }
            if (copies < 1) {
                throw new IllegalArgumentException("copies must be at least 1, got " + copies);
            }
        }

        /** The deterministic kinds alone: no model. */
        public Options(List<Kind> kinds, long seed, Target target, int copies) {
            this(kinds, seed, target, copies, null);
        }
    }

    /**
     * The paraphrase kind's model and how it runs.
     *
     * @param model        an instruct GGUF
     * @param loading      how the model is loaded: its layers on the GPU, the device it runs on
     * @param generator    the generator's options (sequences in flight, threads)
     * @param pairsPerCall pairs whose texts go to the generator in one call
     * @param settings     the instruction, sampling and validator bounds
     */
    public record Paraphrase(Path model, Model.Options loading, Generator.Options generator, int pairsPerCall,
                             Paraphraser.Settings settings) {
        public Paraphrase {
            if (pairsPerCall < 1) {
                throw new IllegalArgumentException("pairs per call must be at least 1, got " + pairsPerCall);
            }
        }
    }

    /**
     * Counts of one run: pairs read, copies written, errors by reason, and of the paraphrase copies the ones kept and
     * the ones rejected (each in the errors file with its reason).
     */
    public record Summary(Format format, long pairs, long copies, long errors, Map<String, Long> errorsByReason,
                          long paraphrased, long paraphrasesRejected) {}

    private PerturbJob() {}

    public static Summary run(Path data, Format format, Path out, Path errorsPath, Options options)
            throws IOException {
        Format f = format == Format.AUTO ? Datasets.detect(data) : format;
        Paraphrase para = options.paraphrase();
        try (Model model = para == null ? null : Model.load(para.model(), para.loading());
             Generator generator = para == null ? null : Generator.open(model, para.generator())) {
            Paraphraser paraphraser = para == null ? null
                    : new Paraphraser(model, generator, para.settings(), options.seed(), options.target(),
                    options.copies());
            return perturb(data, f, out, errorsPath, options, paraphraser);
        }
    }

    private static Summary perturb(Path data, Format f, Path out, Path errorsPath, Options options,
                                   Paraphraser paraphraser) throws IOException {
        Perturber perturber = new Perturber(options.seed(), options.target(), options.copies());
        int perCall = paraphraser == null ? 1 : options.paraphrase().pairsPerCall();
        long pairs = 0;
        long[] counts = new long[3]; // copies, paraphrased, rejected paraphrases
        try (PairReader reader = Datasets.open(data, f);
             CopyWriter writer = CopyWriter.open(f, out);
             ErrorWriter errors = ErrorWriter.open(errorsPath)) {
            List<PreferencePair> waiting = new ArrayList<>();
            for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof PairReader.Row.Bad(RowError e)) {
                    errors.write(ErrorWriter.STAGE_READ, e);
                    continue;
                }
                waiting.add(((PairReader.Row.Ok) row).pair());
                pairs++;
                if (waiting.size() >= perCall) {
                    flush(waiting, f, data, options, perturber, paraphraser, writer, errors, counts);
                }
            }
            flush(waiting, f, data, options, perturber, paraphraser, writer, errors, counts);
            writer.finish();
            return new Summary(f, pairs, counts[0], errors.total(), errors.countsByReason(), counts[1], counts[2]);
        }
    }

    /**
     * Writes the copies of the waiting pairs, pair by pair: the deterministic kinds in their order, then the
     * paraphrases; so the output does not depend on how many pairs go to the generator at once.
     */
    private static void flush(List<PreferencePair> waiting, Format f, Path data, Options options, Perturber perturber,
                              Paraphraser paraphraser, CopyWriter writer, ErrorWriter errors, long[] counts)
            throws IOException {
        boolean hh = f == Format.HH_RLHF;
        List<List<Perturber.Result>> paraphrases = paraphraser == null || waiting.isEmpty() ? null
                : paraphraser.run(waiting, hh);
        for (int p = 0; p < waiting.size(); p++) {
            PreferencePair pair = waiting.get(p);
            for (Kind kind : options.kinds()) {
                for (int c = 1; c <= options.copies(); c++) {
                    write(hh ? perturber.hh(pair, kind, c) : perturber.table(pair, kind, c), pair, data, writer,
                            errors, counts);
                }
            }
            if (paraphrases != null) {
                for (Perturber.Result r : paraphrases.get(p)) {
                    counts[r instanceof Perturber.Copy ? 1 : 2]++;
                    write(r, pair, data, writer, errors, counts);
                }
            }
        }
        waiting.clear();
    }

    private static void write(Perturber.Result r, PreferencePair pair, Path data, CopyWriter writer,
                              ErrorWriter errors, long[] counts) throws IOException {
        switch (r) {
            case Perturber.Copy copy -> {
                writer.write(copy);
                counts[0]++;
            }
            case Perturber.Failure(String id, String reason, String detail) -> errors.write(STAGE_PERTURB,
                    new RowError(data.toString(), pair.row(), id, reason, "row " + pair.row() + ": " + detail));
        }
    }
}
