package dev.seal.format;

import dev.seal.data.PreferencePair;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import dev.seal.engine.SealException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a preference pair into the two token sequences the RM scores, the way the RM was trained to
 * see them.
 *
 * <ul>
 *   <li>{@link Mode#CHAT_TEMPLATE}: prompt turns + the response as the final assistant turn, rendered
 *       with the model's own Jinja template and tokenized as one string with special tokens parsed
 *       (what Hugging Face's {@code apply_chat_template(tokenize=True)} produces);
 *   <li>{@link Mode#RAW}: each full text as written in the dataset, tokenized with the model's BOS/EOS
 *       rule and no special-token parsing (the SEAL paper's way);
 *   <li>{@link Mode#TEXT_PAIR}: for encoder classifiers, [CLS] prompt [SEP] response [SEP].
 * </ul>
 * Each side is rendered under its own conversation (they differ in rows flagged {@code prompt_differs}) and tokenized
 * whole: the shared prefix is found later on tokens, never by cutting text.
 */
public final class PairFormatter {
    public enum Mode { CHAT_TEMPLATE, RAW, TEXT_PAIR }

    /** What to do with a sequence longer than maxTokens. */
    public enum Truncation {
        /** the row goes to the errors file */
        ERROR,
        /** drop prompt tokens from the left (after BOS) on both sides alike; the responses stay whole */
        LEFT
    }

    /** Two token sequences and whether the prompt was truncated. */
    public record Formatted(int[] chosen, int[] rejected, boolean truncated) {}

    /** A pair that cannot be formatted; {@code reason} is the errors-file code. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        public FormatException(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final Model model;
    private final ModelInfo info;
    private final Mode mode;
    private final String template;
    private final int maxTokens;
    private final Truncation truncation;

    public PairFormatter(Model model, Mode mode, String templateOverride, int maxTokens, Truncation truncation) {
        this.model = model;
        this.info = model.info();
        this.mode = mode;
        this.template = templateOverride;
        this.maxTokens = maxTokens;
        this.truncation = truncation;
        if (mode == Mode.CHAT_TEMPLATE && templateOverride == null && !info.hasChatTemplate()) {
            throw new SealException(dev.seal.bindings.seal_h.SEAL_E_TEMPLATE(), model.path()
                    + " has no chat template (tokenizer.chat_template): pass --raw to score each text as written, "
                    + "or --chat-template FILE");
        }
    }

    /** The mode a model calls for: classifiers read text pairs; decoders their template unless raw. */
    public static Mode defaultMode(ModelInfo info, boolean raw) {
        if (info.headKind() == ModelInfo.HeadKind.CLASSIFIER) {
            return Mode.TEXT_PAIR;
        }
        return raw ? Mode.RAW : Mode.CHAT_TEMPLATE;
    }

    public Mode mode() {
        return mode;
    }

    public Formatted format(PreferencePair p) throws FormatException {
        int[] c;
        int[] r;
        try {
            c = side(p.chosen());
            r = side(p.rejected());
        } catch (SealException e) {
            throw new FormatException(e.kind() == SealException.Kind.MODEL ? "template_failed" : "tokenize_failed",
                    e.getMessage());
        }
        int over = Math.max(c.length, r.length) - maxTokens;
        if (over <= 0) {
            return new Formatted(c, r, false);
        }
        if (truncation == Truncation.ERROR) {
            throw new FormatException("too_long", Math.max(c.length, r.length) + " tokens > --max-tokens " + maxTokens
                    + " (pass --truncate left to drop prompt tokens from the left)");
        }
        // Cut only inside the prompt both sides share, by the same amount, so they still share a prefix.
        int keep = info.addBos() && c.length > 0 && c[0] == info.tokenBos() ? 1 : 0;
        int common = 0;
        while (common < c.length && common < r.length && c[common] == r[common]) {
            common++;
        }
        if (keep + over > common - 1) {
            throw new FormatException("too_long", "the responses alone exceed --max-tokens " + maxTokens
                    + " (shared prompt " + common + " tokens, " + over + " to drop)");
        }
        return new Formatted(cut(c, keep, over), cut(r, keep, over), true);
    }

    private static int[] cut(int[] t, int keep, int n) {
        int[] out = new int[t.length - n];
        System.arraycopy(t, 0, out, 0, keep);
        System.arraycopy(t, keep + n, out, keep, t.length - keep - n);
        return out;
    }

    /** One side's tokens, under its own conversation. */
    private int[] side(PreferencePair.Side s) {
        return switch (mode) {
            case RAW -> model.tokenize(s.raw(), true, false);
            case CHAT_TEMPLATE -> {
                List<Turn> messages = new ArrayList<>(s.prompt());
                messages.add(new Turn("assistant", s.response()));
                String text = model.renderChat(messages, false, template);
                yield model.tokenize(text, false, true);
            }
            case TEXT_PAIR -> {
                int[] first = model.tokenize(Texts.renderHhPrompt(s.prompt()), true, false);
                int[] second = model.tokenize(s.response(), false, false);
                int sep = info.tokenSep() >= 0 ? info.tokenSep() : info.tokenEos();
                int[] out = Arrays.copyOf(first, first.length + second.length + (sep >= 0 ? 1 : 0));
                System.arraycopy(second, 0, out, first.length, second.length);
                if (sep >= 0) {
                    out[out.length - 1] = sep;
                }
                yield out;
            }
        };
    }
}
