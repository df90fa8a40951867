package dev.seal.label;

import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.engine.SealException;
import java.util.ArrayList;
import java.util.List;

/**
 * Probe mode: a feature's value is P(yes | yes or no) for its question, read from one forward pass over the text with
 * the questions as branches (engine/Prober).
 */
final class ProbeLabeler implements Labeler {
    private final Prober prober;
    private final Prompts prompts;

    ProbeLabeler(Model model, Taxonomy taxonomy, boolean raw, String template, Prober.Options options) {
        // the prober first: a model that cannot label (an encoder, a classifier RM) is told so before anything else
        this.prober = Prober.open(model, options);
        try {
            this.prompts = new Prompts(model, taxonomy, raw, template);
        } catch (RuntimeException e) {
            prober.close();
            throw e;
        }
    }

    @Override
    public List<Outcome> label(List<Text> texts) {
        Outcome[] out = new Outcome[texts.size()];
        List<int[]> tokens = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                tokens.add(prompts.text(texts.get(i).content()));
                at.add(i);
            } catch (Prompts.LabelException e) {
                out[i] = Outcome.failed(e.reason, e.getMessage());
            } catch (SealException e) {
                out[i] = Outcome.failed(SealException.code(e.status()), e.getMessage());
            }
        }
        if (!tokens.isEmpty()) {
            Prober.Result r = prober.probe(tokens, prompts.questions(), prompts.candidates());
            for (int k = 0; k < tokens.size(); k++) {
                int status = r.status()[k];
                out[at.get(k)] = status != 0
                        ? Outcome.failed(SealException.code(status), SealException.code(status) + " ("
                                + tokens.get(k).length + " tokens before the question)")
                        : Outcome.of(yes(r, k));
            }
        }
        return List.of(out);
    }

    private static double[] yes(Prober.Result r, int text) {
        double[] out = new double[r.nQuestions()];
        for (int q = 0; q < out.length; q++) {
            out[q] = r.share(text, q, 0);
        }
        return out;
    }

    @Override
    public void close() {
        prober.close();
    }
}
