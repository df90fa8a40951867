package dev.seal.reliability;

import dev.seal.engine.Embedder;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.engine.SealException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link OomRecoveryTest}: probes or embeds a fixed set of texts in one call and prints each
 * text's status and outputs, one text a line. A child, because the native test hooks read the environment once per
 * process. The call's decodes go to stderr as "decodes N". Exit 3 when the call fails as a whole.
 */
public final class OomRecoveryChild {
    private OomRecoveryChild() {}

    /** Texts of 5 to ~200 tokens: the longest are longer than the simulated device's 128-token compute buffers. */
    static List<String> texts() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            out.add(("text " + i + " says that the weather is fine; ").repeat(1 + (i % 6) * (i % 4)));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (Model m = Model.load(Path.of(args[1]), Model.Options.defaults())) {
            List<int[]> texts = new ArrayList<>();
            for (String t : texts()) {
                texts.add(m.tokenize(t, true, false));
            }
            StringBuilder out = new StringBuilder();
            if (mode.equals("probe")) {
                List<int[]> questions = List.of(m.tokenize(" Is it fine?", false, false), m.tokenize(" Rain?", false, false));
                int[] candidates = {m.tokenize(" yes", false, false)[0], m.tokenize(" no", false, false)[0]};
                try (Prober p = Prober.open(m, Prober.Options.defaults().withBatchTokens(512))) {
                    Prober.Result r = p.probe(texts, questions, candidates);
                    int width = questions.size() * candidates.length;
                    for (int i = 0; i < texts.size(); i++) {
                        line(out, r.status()[i], r.probs(), i * width, width);
                    }
                    System.err.println("decodes " + r.stats().decodes());
                }
            } else {
                // texts of at most 128 tokens (the longer ones fail as too long): a non-causal model computes each
                // text in one ubatch, and its context's ubatch is all of its cells
                Embedder.Options o = new Embedder.Options(Embedder.POOLING_MODEL, 128, 512, 0, 0, Integer.MIN_VALUE, false);
                try (Embedder e = Embedder.open(m, o)) {
                    Embedder.Result r = e.embed(texts);
                    for (int i = 0; i < texts.size(); i++) {
                        line(out, r.status()[i], r.vectors(), i * r.nEmbd(), r.nEmbd());
                    }
                    System.err.println("decodes " + r.stats().decodes());
                }
            }
            System.out.print(out);
        } catch (SealException e) {
            System.err.println("call failed: " + e.getMessage());
            System.exit(3);
        }
    }

    private static void line(StringBuilder out, int status, float[] values, int from, int n) {
        out.append(status);
        for (int k = from; k < from + n; k++) {
            out.append(' ').append(values[k]);
        }
        out.append('\n');
    }
}
