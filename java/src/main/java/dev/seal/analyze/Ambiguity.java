package dev.seal.analyze;

import dev.seal.data.PreferencePair;
import dev.seal.stats.Wilson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flags for pairs a human label may not settle — the "confusing entries" where the SEAL paper found misalignment
 * concentrates — and resistance inside and outside each flag.
 */
public final class Ambiguity {
    private Ambiguity() {}

    /** The flags, with what each means. Only flags whose inputs are present are computed. */
    public static final Map<String, String> FLAGS = flags();
    /** The flags {@code seal score} and the dataset readers put on a pair (the scores' flags column), always computed. */
    static final List<String> SCORE_FLAGS = List.of("prompt_differs", "empty_response", "truncated",
            "special_token_text");

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("identical", "chosen and rejected responses are the same text");
        m.put("near_identical", "chosen and rejected responses are nearly the same (word-level similarity ≥ threshold)");
        m.put("both_refusals", "both responses are refusals (labeler's last_response_is_refusal, else refusal phrases)");
        m.put("both_harmful", "both responses are harmful (labeler's last_response_is_harmless is 0 on both)");
        m.put("labeler_indifferent", "the LM labeler preferred neither response");
        m.put("labeler_disagrees", "the LM labeler preferred the rejected response");
        m.put("prompt_differs", "the two sides continue different conversations (hh-rlhf quirk)");
        m.put("empty_response", "a response is empty");
        m.put("truncated", "a side was truncated to fit the model's context");
        m.put("special_token_text", "a chat message contains a special token's text (e.g. a typed <|im_end|>)");
        return m;
    }

    /**
     * Resistance inside and outside one flag.
     *
     * @param flag    the flag
     * @param inside  resistance of the flagged pairs (n, resisted, interval)
     * @param outside resistance of the other pairs
     */
    public record Row(String model, String flag, String description, int nInside, int resistedInside,
                      Wilson.Interval inside, int nOutside, int resistedOutside, Wilson.Interval outside) {}

    /** The flags that apply to each pair (an empty list when none), and the similarity of the two responses. */
    public record Flags(List<List<String>> perPair, double[] similarity, List<String> computed) {}

    public static Flags flag(PairData d, double nearIdentical) {
        int n = d.size();
        List<List<String>> out = new ArrayList<>(n);
        double[] sim = new double[n];
        java.util.Arrays.fill(sim, Double.NaN);
        List<String> computed = new ArrayList<>();
        int refusal = d.feature("last_response_is_refusal");
        if (refusal < 0) {
            refusal = d.feature("refusal_phrase");
        }
        int harmless = d.feature("last_response_is_harmless");
        if (d.texts != null) {
            computed.add("identical");
            computed.add("near_identical");
        }
        if (refusal >= 0) {
            computed.add("both_refusals");
        }
        if (harmless >= 0) {
            computed.add("both_harmful");
        }
        if (d.labeler != null) {
            computed.add("labeler_indifferent");
            computed.add("labeler_disagrees");
        }
        computed.addAll(SCORE_FLAGS);
        for (int i = 0; i < n; i++) {
            List<String> f = new ArrayList<>();
            PreferencePair p = d.texts == null ? null : d.texts[i];
            if (p != null) {
                sim[i] = similarity(p.chosen().response(), p.rejected().response());
                if (p.chosen().response().equals(p.rejected().response())) {
                    f.add("identical");
                }
                if (sim[i] >= nearIdentical) {
                    f.add("near_identical");
                }
            }
            if (refusal >= 0 && d.fc[refusal][i] == 1 && d.fr[refusal][i] == 1) {
                f.add("both_refusals");
            }
            if (harmless >= 0 && d.fc[harmless][i] == 0 && d.fr[harmless][i] == 0) {
                f.add("both_harmful");
            }
            if (d.labeler != null && FeatureTable.INDIFFERENT.equals(d.labeler[i])) {
                f.add("labeler_indifferent");
            }
            if (d.labeler != null && FeatureTable.DISAGREES.equals(d.labeler[i])) {
                f.add("labeler_disagrees");
            }
            List<String> sf = new ArrayList<>(d.flags.get(i));
            if (p != null) {
                sf.addAll(p.flags());
            }
            for (String s : SCORE_FLAGS) {
                if (sf.contains(s)) {
                    f.add(s);
                }
            }
            out.add(List.copyOf(f));
        }
        return new Flags(out, sim, computed);
    }

    /** Resistance inside and outside each computed flag (and "any" of them), for one model. */
    public static List<Row> rows(String model, double[] c, double[] r, Flags flags, double confidence) {
        List<Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(flags.computed());
        names.add("any");
        for (String flag : names) {
            int[] in = new int[2];
            int[] out = new int[2];
            for (int i = 0; i < c.length; i++) {
                if (!Double.isFinite(c[i]) || !Double.isFinite(r[i])) {
                    continue;
                }
                List<String> f = flags.perPair().get(i);
                boolean inside = flag.equals("any") ? !f.isEmpty() : f.contains(flag);
                int[] k = inside ? in : out;
                k[0]++;
                if (r[i] >= c[i]) {
                    k[1]++;
                }
            }
            String desc = flag.equals("any") ? "any of the flags above" : FLAGS.get(flag);
            rows.add(new Row(model, flag, desc, in[0], in[1], Wilson.interval(in[1], in[0], confidence), out[0], out[1],
                    Wilson.interval(out[1], out[0], confidence)));
        }
        return rows;
    }

    /**
     * Word-level similarity of two texts: 1 − (word edit distance) / (words in the longer text), case-insensitive,
     * on runs of letters and digits. 1 for two empty texts. For very long texts (over 4 million word pairs) the
     * multiset overlap |A ∩ B| / max(|A|, |B|) stands in for the edit distance.
     */
    public static double similarity(String a, String b) {
        Map<String, Integer> vocab = new HashMap<>();
        int[] x = words(a, vocab);
        int[] y = words(b, vocab);
        int m = Math.max(x.length, y.length);
        if (m == 0) {
            return 1;
        }
        if ((long) x.length * y.length > 4_000_000L) {
            Map<Integer, Integer> count = new HashMap<>();
            for (int w : x) {
                count.merge(w, 1, Integer::sum);
            }
            int common = 0;
            for (int w : y) {
                Integer k = count.get(w);
                if (k != null && k > 0) {
                    common++;
                    count.put(w, k - 1);
                }
            }
            return (double) common / m;
        }
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1 - (double) prev[y.length] / m;
    }

    private static int[] words(String s, Map<String, Integer> vocab) {
        List<Integer> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        s.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                w.appendCodePoint(cp);
            } else if (!w.isEmpty()) {
                out.add(id(vocab, w.toString()));
                w.setLength(0);
            }
        });
        if (!w.isEmpty()) {
            out.add(id(vocab, w.toString()));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int id(Map<String, Integer> vocab, String w) {
        Integer k = vocab.get(w);
        if (k == null) {
            k = vocab.size();
            vocab.put(w, k);
        }
        return k;
    }
}
