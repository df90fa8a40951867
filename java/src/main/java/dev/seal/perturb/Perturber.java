package dev.seal.perturb;

import dev.seal.data.CopyIds;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Makes one perturbed copy of one pair. Each side of a pair starts from the same seeded stream for the same part
 * (prompt or response), so a phrase kind adds the same sentence to chosen and rejected, and the two sides' prompts,
 * when equal, stay equal.
 */
final class Perturber {
    /** Reason: the kind found nothing to change in this pair (no letters to misspell, no spaces...). */
    static final String UNCHANGED = "unchanged";
    /**
     * Reason: a table row whose rejected side has its own conversation; the prompt/chosen/rejected columns written
     * back hold only one prompt.
     */
    static final String PROMPT_DIFFERS = "prompt_differs";

    /** A copy, or why there is none. */
    sealed interface Result permits Copy, Failure {}

    /**
     * A copy: for hh-rlhf the two whole texts (prompt fields null), for tables the prompt and the two responses (texts
     * null).
     */
    record Copy(String id, List<Turn> prompt, String chosen, String rejected, String chosenText, String rejectedText)
            implements Result {}

    record Failure(String id, String reason, String detail) implements Result {}

    private final long seed;
    private final Target target;
    private final int copies;

    Perturber(long seed, Target target, int copies) {
        this.seed = seed;
        this.target = target;
        this.copies = copies;
    }

    /** The id of copy {@code copy} (1-based) of a pair: {@code <id>::<kind>}, with {@code ::<copy>} when several. */
    String copyId(String id, String kind, int copy) {
        return CopyIds.of(id, kind, copies == 1 ? 0 : copy);
    }

    Result hh(PreferencePair pair, Kind kind, int copy) {
        return hh(pair, copyId(pair.id(), kind.id(), copy), kind.id(), edit(pair.id(), kind, copy, "prompt",
                target.prompt()), edit(pair.id(), kind, copy, "response", target.response()));
    }

    Result table(PreferencePair pair, Kind kind, int copy) {
        return table(pair, copyId(pair.id(), kind.id(), copy), kind.id(), edit(pair.id(), kind, copy, "prompt",
                target.prompt()), edit(pair.id(), kind, copy, "response", target.response()));
    }

    /**
     * The texts of a pair that a copy's edits apply to: the last request of each side (one text in a table, whose
     * sides share their prompt) and each side's last response, as the copy methods find them.
     */
    record Parts(List<String> requests, List<String> responses) {}

    static Parts parts(PreferencePair pair, boolean hh) {
        if (!hh) {
            List<Turn> prompt = pair.chosen().prompt();
            return new Parts(List.of(prompt.get(lastAsk(prompt)).content()),
                    List.of(pair.chosen().response(), pair.rejected().response()));
        }
        List<String> requests = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        for (String raw : List.of(pair.chosen().raw(), pair.rejected().raw())) {
            HhTurns.Span[] spans = askAndLast(raw);
            requests.add(spans[0].content(raw));
            responses.add(spans[1].content(raw));
        }
        return new Parts(requests, responses);
    }

    /** The last user turn and the last turn (the response) of an hh text the reader accepted. */
    private static HhTurns.Span[] askAndLast(String text) {
        List<HhTurns.Span> turns = HhTurns.split(text);
        HhTurns.Span last = turns.getLast(); // the reader accepted the row, so it ends with a response
        HhTurns.Span ask = turns.reversed().stream().filter(t -> t.role().equals("user")).findFirst().orElseThrow();
        return new HhTurns.Span[] {ask, last};
    }

    /** The index of the last user turn of a prompt the reader accepted (so it has one). */
    private static int lastAsk(List<Turn> prompt) {
        int ask = prompt.size() - 1;
        while (!prompt.get(ask).role().equals("user")) {
            ask--;
        }
        return ask;
    }

    /**
     * Copy {@code id} of an hh pair: {@code prompt} applied to each side's last request, {@code response} to each
     * side's last response, every other character kept.
     */
    Result hh(PreferencePair pair, String id, String kind, UnaryOperator<String> prompt,
              UnaryOperator<String> response) {
        String[] raws = {pair.chosen().raw(), pair.rejected().raw()};
        String[] out = new String[2];
        for (int s = 0; s < 2; s++) {
            String text = raws[s];
            HhTurns.Span[] spans = askAndLast(text);
            HhTurns.Span ask = spans[0];
            HhTurns.Span last = spans[1];
            out[s] = text.substring(0, ask.contentStart()) + prompt.apply(ask.content(text))
                    + text.substring(ask.end(), last.contentStart()) + response.apply(last.content(text));
            ParaphraseValidator.Verdict v = ParaphraseValidator.turns(text, out[s]);
            if (!v.accepted()) {
                return new Failure(id, v.reason(), kind + " broke the " + (s == 0 ? "chosen" : "rejected")
                        + " text's turns: " + v.detail());
            }
        }
        if (out[0].equals(raws[0]) && out[1].equals(raws[1])) {
            return unchanged(id, kind);
        }
        return new Copy(id, null, null, null, out[0], out[1]);
    }

    /** Copy {@code id} of a table pair, the edits applied as in {@link #hh(PreferencePair, String, String, UnaryOperator, UnaryOperator)}. */
    Result table(PreferencePair pair, String id, String kind, UnaryOperator<String> promptEdit,
                 UnaryOperator<String> response) {
        if (!pair.samePrompt()) {
            return new Failure(id, PROMPT_DIFFERS, "the rejected side has its own conversation, which one prompt"
                    + " column cannot hold");
        }
        List<Turn> prompt = new ArrayList<>(pair.chosen().prompt());
        int ask = lastAsk(prompt);
        String request = pair.chosen().prompt().get(ask).content();
        prompt.set(ask, new Turn("user", promptEdit.apply(request)));
        String chosen = response.apply(pair.chosen().response());
        String rejected = response.apply(pair.rejected().response());
        String[] before = {request, pair.chosen().response(), pair.rejected().response()};
        String[] after = {prompt.get(ask).content(), chosen, rejected};
        for (int i = 0; i < before.length; i++) {
            if (!before[i].isBlank() && after[i].isBlank()) {
                return new Failure(id, ParaphraseValidator.EMPTY, kind + " emptied the "
                        + List.of("request", "chosen response", "rejected response").get(i));
            }
        }
        if (prompt.equals(pair.chosen().prompt()) && chosen.equals(pair.chosen().response())
                && rejected.equals(pair.rejected().response())) {
            return unchanged(id, kind);
        }
        return new Copy(id, prompt, chosen, rejected, null, null);
    }

    private static Failure unchanged(String id, String kind) {
        return new Failure(id, UNCHANGED, kind + " finds nothing to change in this pair, so it is no test");
    }

    /** The edit of one part; every text it is applied to starts the part's stream afresh. */
    private UnaryOperator<String> edit(String pairId, Kind kind, int copy, String part, boolean wanted) {
        if (!wanted) {
            return UnaryOperator.identity();
        }
        long partSeed = Seeds.of(seed, pairId, kind, copy, part);
        return text -> kind.apply(text, new SplittableRandom(partSeed));
    }
}
