package dev.seal.format;

import dev.seal.data.PreferencePair;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import dev.seal.engine.SealException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a preference pair into the two token sequences the RM scores, the way the RM was trained to
 * see them.
 *
 * <ul>
 *   <li>{@link Mode#CHAT_TEMPLATE}: prompt turns + the response as the final assistant turn, rendered
 *       with the model's own Jinja template and tokenized as one string with special tokens parsed
 *       (what Hugging Face's {@code apply_chat_template(tokenize=True)} produces). A content that holds a
 *       special token's text (a user who typed {@code <|im_end|>}) thereby holds that control token; such
 *       rows are flagged {@value #FLAG_SPECIAL_TOKEN_TEXT}, and {@link ContentTokens#PLAIN} keeps contents
 *       as text instead (see {@link PlainContent});
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

    /** What special-token text inside message contents becomes in chat-template mode. */
    public enum ContentTokens {
        /** the control token, as Hugging Face's apply_chat_template gives (the row is flagged) */
        PARSE,
        /** plain text, like the rest of the content (the row is still flagged) */
        PLAIN
    }

    /** Flag on a pair whose earliest turns were dropped to fit ({@link Truncation#LEFT}). */
    public static final String FLAG_TRUNCATED = "truncated";
    /** Flag on a chat-template pair whose message contents hold the text of one of the model's special tokens. */
    public static final String FLAG_SPECIAL_TOKEN_TEXT = "special_token_text";
    /** Reason of a pair the chat template cannot render. */
    public static final String REASON_TEMPLATE_FAILED = "template_failed";

    /** Two token sequences and the formatter's flags on them ({@link #FLAG_TRUNCATED}...). */
    public record Formatted(int[] chosen, int[] rejected, Set<String> flags) {
        public Formatted {
            flags = Set.copyOf(flags);
        }

        public boolean truncated() {
            return flags.contains(FLAG_TRUNCATED);
        }
    }

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
    private final ContentTokens contentTokens;
    /** Chat-template mode only: the other modes never parse special tokens in dataset text. */
    private final SpecialTokenTexts specials;

    public PairFormatter(Model model, Mode mode, String templateOverride, int maxTokens, Truncation truncation) {
        this(model, mode, templateOverride, maxTokens, truncation, ContentTokens.PARSE);
    }

    public PairFormatter(Model model, Mode mode, String templateOverride, int maxTokens, Truncation truncation,
                         ContentTokens contentTokens) {
        this.model = model;
        this.info = model.info();
        this.mode = mode;
        this.template = templateOverride;
        this.maxTokens = maxTokens;
        this.truncation = truncation;
        this.contentTokens = contentTokens;
        if (mode == Mode.CHAT_TEMPLATE && templateOverride == null && !info.hasChatTemplate()) {
            throw new SealException(dev.seal.bindings.seal_h.SEAL_E_TEMPLATE(), model.path()
                    + " has no chat template (tokenizer.chat_template): pass --raw to score each text as written, "
                    + "or --chat-template FILE");
        }
        this.specials = mode == Mode.CHAT_TEMPLATE ? SpecialTokenTexts.of(model) : null;
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
            PreferencePair.Side chosen = p.chosen();
            PreferencePair.Side rejected = p.rejected();
            int[] c = tokens(chosen);
            int[] r = tokens(rejected);
            int level = 0;
            if (!fits(c, r)) {
                if (truncation == Truncation.ERROR) {
                    throw new FormatException("too_long", Math.max(c.length, r.length) + " tokens > --max-tokens "
                            + maxTokens + " (pass --truncate left to drop the earliest turns)");
                }
                // Drop whole turns, the same number of exchanges on both sides so that a shared conversation stays
                // shared, and re-render: cutting tokens would cut template headers, an input the RM never saw.
                int levels = Math.max(EarliestTurns.levels(chosen.prompt()), EarliestTurns.levels(rejected.prompt()));
                while (!fits(c, r)) {
                    if (++level > levels) {
                        throw new FormatException("too_long", Math.max(c.length, r.length) + " tokens > --max-tokens "
                                + maxTokens + (levels == 0 ? " (one user turn before the response: no earlier turn"
                                + " to drop)" : " even with only the last user turn (and any system message) before"
                                + " the response"));
                    }
                    chosen = dropEarliest(p.chosen(), level);
                    rejected = dropEarliest(p.rejected(), level);
                    c = tokens(chosen);
                    r = tokens(rejected);
                }
            }
            Set<String> flags = new HashSet<>();
            if (level > 0) {
                flags.add(FLAG_TRUNCATED);
            }
            if (specials != null && (hasSpecialText(chosen) || hasSpecialText(rejected))) {
                flags.add(FLAG_SPECIAL_TOKEN_TEXT);
            }
            return new Formatted(c, r, flags);
        } catch (SealException e) {
            throw new FormatException(e.kind() == SealException.Kind.MODEL ? REASON_TEMPLATE_FAILED : "tokenize_failed",
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

    /** Whether a content of the side holds a special token's text (a scan of the texts, no tokenizing). */
    private boolean hasSpecialText(PreferencePair.Side s) {
        return specials.occursIn(s.response()) || s.prompt().stream().anyMatch(t -> specials.occursIn(t.content()));
    }

    /** One side's tokens, under its own conversation. */
    private int[] tokens(PreferencePair.Side s) throws FormatException {
        return switch (mode) {
            case RAW -> model.tokenize(s.raw(), true, false);
            case CHAT_TEMPLATE -> {
                List<Turn> messages = new ArrayList<>(s.prompt());
                messages.add(new Turn("assistant", s.response()));
                String text = model.renderChat(messages, false, template);
                // plain and parsed differ only where a content holds special-token text
                yield contentTokens == ContentTokens.PLAIN && hasSpecialText(s)
                        ? PlainContent.tokens(model, template, specials, messages, text)
                        : model.tokenize(text, false, true);
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
