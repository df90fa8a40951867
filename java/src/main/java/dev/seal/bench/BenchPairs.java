package dev.seal.bench;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The pairs a benchmark scores: the first rows of a dataset, or synthetic pairs of chosen lengths. */
public final class BenchPairs {
    /** Words the synthetic texts are drawn from: common English, so any tokenizer splits them as it splits prose. */
    private static final String[] WORDS = ("the of and to in is that it for as with was on be by this are or from at "
            + "an but not have which one all were can more when there their been if has would will about what so "
            + "model answer question reward people time because water light house number story reason simple")
            .split(" ");

    private BenchPairs() {}

    /**
     * The pairs a dataset's first {@code limit} good rows hold, in file order; rows that cannot be read are skipped
     * (seal score reports them; a benchmark only needs pairs).
     *
     * @throws IllegalArgumentException when the file holds no readable pair
     */
    public static List<PreferencePair> read(Path data, Format format, int limit) throws IOException {
        List<PreferencePair> pairs = new ArrayList<>();
        try (PairReader r = Datasets.open(data, format)) {
            for (PairReader.Row row = r.next(); row != null && pairs.size() < limit; row = r.next()) {
                if (row instanceof PairReader.Row.Ok ok) {
                    pairs.add(ok.pair());
                }
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no readable pair in " + data);
        }
        return pairs;
    }

    /**
     * {@code n} pairs cycling through {@code lengths}: pair i's sides are about {@code lengths[i % k]} tokens of the
     * model's tokenizer each before any chat template (three quarters a shared user turn, a quarter the response; the
     * two responses differ), from a fixed seed so runs compare.
     */
    public static List<PreferencePair> synthetic(Model model, int n, List<Integer> lengths) {
        double tokensPerWord = tokensPerWord(model);
        Random rnd = new Random(42);
        List<PreferencePair> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int side = lengths.get(i % lengths.size());
            int responseWords = Math.max(1, (int) Math.round(side / 4.0 / tokensPerWord));
            int promptWords = Math.max(1, (int) Math.round(side * 3 / 4.0 / tokensPerWord));
            List<Turn> prompt = List.of(new Turn("user", words(rnd, promptWords)));
            pairs.add(new PreferencePair("s" + (i + 1), null, i + 1L,
                    PreferencePair.Side.rendered(prompt, words(rnd, responseWords)),
                    PreferencePair.Side.rendered(prompt, words(rnd, responseWords)), Set.of()));
        }
        return pairs;
    }

    /** The model's tokens per synthetic word, from a 1,000-word sample (tokenizers differ by a factor of 2 or more). */
    private static double tokensPerWord(Model model) {
        int sample = 1000;
        int tokens = model.tokenize(words(new Random(7), sample), false, false).length;
        return Math.max(0.25, (double) tokens / sample);
    }

    private static String words(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
