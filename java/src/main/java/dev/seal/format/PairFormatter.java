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
        /**
         * drop the fewest earliest whole turns that make both sides fit, on both sides alike, and re-render; system
         * messages, the last user turn and the responses are always kept
         */
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
        try {
            int[] c = side(p.chosen());
            int[] r = side(p.rejected());
            if (fits(c, r)) {
                return new Formatted(c, r, false);
            }
            if (truncation == Truncation.ERROR) {
                throw new FormatException("too_long", Math.max(c.length, r.length) + " tokens > --max-tokens "
                        + maxTokens + " (pass --truncate left to drop the earliest turns)");
            }
            // Drop whole turns, the same number of exchanges on both sides so that a shared conversation stays
            // shared, and re-render: cutting tokens would cut template headers and give an input the RM never saw.
            int levels = Math.max(EarliestTurns.levels(p.chosen().prompt()), EarliestTurns.levels(p.rejected().prompt()));
            for (int level = 1; level <= levels; level++) {
                c = side(dropEarliest(p.chosen(), level));
                r = side(dropEarliest(p.rejected(), level));
                if (fits(c, r)) {
                    return new Formatted(c, r, true);
                }
            }
            throw new FormatException("too_long", Math.max(c.length, r.length) + " tokens > --max-tokens " + maxTokens
                    + (levels == 0 ? "" : " even with only the last user turn (and any system message) before the"
                    + " response"));
        } catch (SealException e) {
            throw new FormatException(e.kind() == SealException.Kind.MODEL ? "template_failed" : "tokenize_failed",
                    e.getMessage());
        }
    }

    private boolean fits(int[] c, int[] r) {
        return c.length <= maxTokens && r.length <= maxTokens;
    }

    /** A side less its earliest turns, its raw text re-rendered from the turns left (hh style, as for tables). */
    private static PreferencePair.Side dropEarliest(PreferencePair.Side s, int level) {
        List<Turn> kept = EarliestTurns.drop(s.prompt(), level);
        return kept.size() == s.prompt().size() ? s : PreferencePair.Side.rendered(kept, s.response());
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
