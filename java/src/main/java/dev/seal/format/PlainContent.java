package dev.seal.format;

import dev.seal.data.Turn;
import dev.seal.engine.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --content-tokens plain}: a rendered conversation tokenized as in the default mode, except that special-token
 * texts inside message contents stay text instead of becoming control tokens.
 *
 * <p>How: the conversation is rendered a second time with a placeholder for each content, which shows where the
 * template's own text is; the real rendering is then matched against it piece by piece (a template may trim a content,
 * as Llama 3's does: the stripped forms are tried too). llama.cpp, parsing special tokens, splits a text at every
 * special-token text and tokenizes the pieces between them separately. This does the same split, but only at the
 * special-token texts that lie in the template's text, and tokenizes each piece between them with special tokens not
 * parsed. The pieces therefore end exactly where llama.cpp ends them anyway: no BPE merge and no SentencePiece word
 * start is lost or gained at a boundary, and a row without special-token text in its contents gets the very tokens of
 * the default mode. What differs is the point: a content's {@code <|im_end|>} is text, merged with the text around it.
 *
 * <p>Not reproduced: the lstrip/rstrip attributes llama.cpp gives a few special tokens (Phi-3's, some BERT masks),
 * which strip the whitespace beside them; here a template special token does not strip into a piece with plain
 * content.
 */
final class PlainContent {
    /** Placeholder i is U+E000, i, U+E001: private-use characters no template alters and no sane content holds. */
    private static final char OPEN = '\uE000';
    private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "(\\d+)\uE001");
    /** What Jinja's trim/strip remove: C isspace, ASCII whitespace only. */
    private static final String JINJA_SPACE = " \t\n\u000B\f\r";

    private PlainContent() {}

    /** A content's place in the rendering: chars [start, end). */
    private record Region(int start, int end) {}

    /**
     * The tokens of {@code rendered}, the rendering of {@code messages} with {@code template} (null: the model's), with
     * message contents as plain text.
     *
     * @throws PairFormatter.FormatException template_failed: the template changes contents in a way that hides where
     *                                       they are (beyond trimming whitespace)
     */
    static int[] tokens(Model model, String template, SpecialTokenTexts specials, List<Turn> messages,
                        String rendered) throws PairFormatter.FormatException {
        List<Region> contents = regions(model, template, messages, rendered);
        List<SpecialTokenTexts.Match> cuts = templateSpecials(specials.all(rendered), contents);
        List<int[]> parts = new ArrayList<>();
        int pos = 0;
        for (SpecialTokenTexts.Match m : cuts) {
            if (m.start() > pos) {
                parts.add(model.tokenize(rendered.substring(pos, m.start()), false, false));
            }
            parts.add(new int[] {m.id()});
            pos = m.end();
        }
        if (pos < rendered.length()) {
            parts.add(model.tokenize(rendered.substring(pos), false, false));
        }
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /**
     * Where each rendered content lies: from the placeholder rendering, whose text between placeholders is the
     * template's, matched against the real one.
     */
    private static List<Region> regions(Model model, String template, List<Turn> messages, String rendered)
            throws PairFormatter.FormatException {
        List<Turn> marked = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).content().indexOf(OPEN) >= 0) {
                throw unplaceable("message " + i + " contains U+E000, which marks contents");
            }
            marked.add(new Turn(messages.get(i).role(), OPEN + Integer.toString(i) + '\uE001'));
        }
        String skeleton = model.renderChat(marked, false, template);
        List<Region> regions = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(skeleton);
        int from = 0;   // in skeleton
        int pos = 0;    // in rendered
        int message = -1;
        while (true) {
            boolean more = m.find();
            String piece = skeleton.substring(from, more ? m.start() : skeleton.length());
            if (piece.indexOf(OPEN) >= 0) {
                throw unplaceable("the template altered a content marker");
            }
            if (message >= 0) {
                int len = renderedLength(rendered, pos, messages.get(message).content(), piece);
                if (len < 0) {
                    throw unplaceable("message " + message + " is rendered other than as written or trimmed");
                }
                regions.add(new Region(pos, pos + len));
                pos += len;
            }
            if (!rendered.startsWith(piece, pos)) {
                throw unplaceable("the template's text differs between renderings");
            }
            pos += piece.length();
            if (!more) {
                break;
            }
            message = Integer.parseInt(m.group(1));
            if (message >= messages.size()) {
                throw unplaceable("the template invented a content marker");
            }
            from = m.end();
        }
        if (pos != rendered.length()) {
            throw unplaceable("the renderings differ in length");
        }
        return regions;
    }

    /**
     * The length of {@code content} as rendered at {@code pos}, followed by the template's {@code next} text: as
     * written, or with its leading and/or trailing whitespace stripped; -1 when none fits.
     */
    private static int renderedLength(String rendered, int pos, String content, String next) {
        int lead = 0;
        while (lead < content.length() && JINJA_SPACE.indexOf(content.charAt(lead)) >= 0) {
            lead++;
        }
        int end = content.length();
        while (end > lead && JINJA_SPACE.indexOf(content.charAt(end - 1)) >= 0) {
            end--;
        }
        for (String form : new String[] {content, content.substring(lead, end), content.substring(lead),
                content.substring(0, end)}) {
            if (rendered.startsWith(form, pos) && rendered.startsWith(next, pos + form.length())) {
                return form.length();
            }
        }
        return -1;
    }

    /**
     * The special-token texts llama.cpp would split the rendering at if contents had none: those wholly in the
     * template's text, chosen as llama.cpp chooses (longest texts first, each from the left, never overlapping one
     * already taken), in order.
     */
    private static List<SpecialTokenTexts.Match> templateSpecials(List<SpecialTokenTexts.Match> all,
                                                                  List<Region> contents) {
        List<SpecialTokenTexts.Match> candidates = new ArrayList<>();
        for (SpecialTokenTexts.Match m : all) {
            if (contents.stream().noneMatch(r -> m.start() < r.end() && m.end() > r.start())) {
                candidates.add(m);
            }
        }
        candidates.sort(Comparator.comparingInt((SpecialTokenTexts.Match m) -> -m.text().length())
                .thenComparingInt(SpecialTokenTexts.Match::id).thenComparingInt(SpecialTokenTexts.Match::start));
        List<SpecialTokenTexts.Match> taken = new ArrayList<>();
        for (SpecialTokenTexts.Match m : candidates) {
            if (taken.stream().noneMatch(t -> m.start() < t.end() && m.end() > t.start())) {
                taken.add(m);
            }
        }
        taken.sort(Comparator.comparingInt(SpecialTokenTexts.Match::start));
        return taken;
    }

    private static PairFormatter.FormatException unplaceable(String why) {
        return new PairFormatter.FormatException(PairFormatter.REASON_TEMPLATE_FAILED,
                "--content-tokens plain cannot tell the message contents from the template's text: " + why);
    }
}
