package dev.seal.label;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.SealException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a conversation side and the taxonomy's questions into what the prober reads: one token sequence per text
 * (computed once) and one per question (a branch appended to every text), plus the yes/no candidate tokens.
 *
 * <p>With the chat template, the labeler is asked in one user message: the instruction, the conversation as
 * "Human:/Assistant:" turns, then the question; the answer is the first token of the assistant's reply. The template
 * is rendered with a marker where the question goes: what precedes it is the text, and the question followed by what
 * the template puts after it (end of turn, assistant header) is the branch, the same for every text. Raw mode (for a
 * base model) writes the instruction, the conversation as written, and "Question: ... Answer:".
 */
final class Prompts {
    /** Where the question goes in the rendered chat; the last occurrence counts, so a conversation holding it is harmless. */
    static final String MARKER = "<<seal-label-question>>";

    private final Model model;
    private final Taxonomy taxonomy;
    private final boolean raw;
    private final String template;
    private final String afterQuestion;
    private final List<int[]> questions;
    private final int[] candidates;

    /**
     * @throws SealException (SEAL_E_TEMPLATE) for chat mode on a model without a chat template and no override
     */
    Prompts(Model model, Taxonomy taxonomy, boolean raw, String templateOverride) {
        this.model = model;
        this.taxonomy = taxonomy;
        this.raw = raw;
        this.template = templateOverride;
        requireTemplate(model, raw, templateOverride);
        // a sample conversation stands for every text: what follows a text is tokenized in its context, so a
        // tokenizer that adds a space to the start of a text (SentencePiece) does not add one to a question
        String sample = Texts.renderHh(List.of(new Turn("user", "hi")), "hello");
        String reference;
        if (raw) {
            reference = taxonomy.instruction() + "\n" + sample;
            this.afterQuestion = "\nAnswer:";
        } else {
            String[] parts = split(render(sample));
            reference = parts[0];
            this.afterQuestion = parts[1];
        }
        List<String> asked = taxonomy.questions().values().stream()
                .map(q -> raw ? "\n\nQuestion: " + q + afterQuestion : q + afterQuestion).toList();
        // raw: the answer follows "Answer:", tokenized there; chat: it opens the assistant's turn, a fresh token as
        // the model would generate it. Tokens the two answers share (a tokenizer that splits a space off) are
        // appended to every question, so the candidates are the first tokens where the answers differ.
        String afterFirst = reference + asked.get(0);
        int[] yes = raw ? inContext(afterFirst, " " + taxonomy.yes()) : answerTokens(taxonomy.yes());
        int[] no = raw ? inContext(afterFirst, " " + taxonomy.no()) : answerTokens(taxonomy.no());
        int shared = 0;
        while (shared < yes.length && shared < no.length && yes[shared] == no[shared]) {
            shared++;
        }
        if (shared == yes.length || shared == no.length) {
            throw new IllegalArgumentException("the answers \"" + taxonomy.yes() + "\" and \"" + taxonomy.no()
                    + "\" have the same tokens up to the end of one of them in " + model.path()
                    + ": choose answers that differ");
        }
        int[] common = Arrays.copyOf(yes, shared);
        this.questions = asked.stream().map(q -> concat(inContext(reference, q), common)).toList();
        this.candidates = new int[] {yes[shared], no[shared]};
    }

    /**
     * Chat mode needs a chat template: the model's or an override.
     *
     * @throws SealException (SEAL_E_TEMPLATE) naming the model and the two ways out
     */
    static void requireTemplate(Model model, boolean raw, String templateOverride) {
        if (!raw && templateOverride == null && !model.info().hasChatTemplate()) {
            throw new SealException(seal_h.SEAL_E_TEMPLATE(), model.path()
                    + " has no chat template (tokenizer.chat_template): pass --raw to label each text as written, "
                    + "or --chat-template FILE");
        }
    }

    /**
     * The tokens of {@code next} as they come after {@code before} when the two are tokenized together; {@code next}
     * alone when the tokens of {@code before} do not stay a prefix (a merge across the boundary).
     */
    private int[] inContext(String before, String next) {
        int[] head = model.tokenize(before, raw, !raw);
        int[] whole = model.tokenize(before + next, raw, !raw);
        if (whole.length > head.length && Arrays.equals(whole, 0, head.length, head, 0, head.length)) {
            return Arrays.copyOfRange(whole, head.length, whole.length);
        }
        return model.tokenize(next, false, !raw);
    }

    private int[] answerTokens(String word) {
        int[] t = model.tokenize(word, false, false);
        if (t.length == 0) {
            throw new IllegalArgumentException("the answer \"" + word + "\" has no tokens in " + model.path());
        }
        return t;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    List<int[]> questions() {
        return questions;
    }

    /** {yes, no}: the first token where the answer words differ. */
    int[] candidates() {
        return candidates.clone();
    }

    /**
     * The text of one side, tokenized.
     *
     * @throws LabelException when the template renders this conversation differently after the question
     * @throws SealException  when the text cannot be tokenized or rendered (e.g. a NUL byte)
     */
    int[] text(PreferencePair.Side side) throws LabelException {
        if (raw) {
            return model.tokenize(taxonomy.instruction() + "\n" + side.raw(), true, false);
        }
        String[] parts = split(render(Texts.renderHh(side.prompt(), side.response())));
        if (!parts[1].equals(afterQuestion)) {
            throw new LabelException("template", "the chat template renders this conversation with different text"
                    + " after the question");
        }
        return model.tokenize(parts[0], false, true);
    }

    private String render(String conversation) {
        String content = taxonomy.instruction() + "\n" + conversation + "\n\n" + MARKER;
        return model.renderChat(List.of(new Turn("user", content)), true, template);
    }

    private static String[] split(String rendered) {
        int at = rendered.lastIndexOf(MARKER);
        if (at < 0) {
            throw new SealException(seal_h.SEAL_E_TEMPLATE(), "the chat template drops the user's message");
        }
        return new String[] {rendered.substring(0, at), rendered.substring(at + MARKER.length())};
    }

    /** A side that cannot be labeled: its errors-file reason and a detail. */
    static final class LabelException extends Exception {
        final String reason;

        LabelException(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }
}
