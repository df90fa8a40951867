package dev.seal.analyze;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Features seal computes itself from a pair's last responses and token counts, so an analysis needs no labeler to
 * start with. All but the lengths are 0/1 indicators of simple surface markers; they are deliberately plain
 * (documented patterns, no model), so a reader can reproduce them.
 */
public final class BuiltinFeatures {
    private BuiltinFeatures() {}

    /** What a built-in feature is computed from. */
    public record Text(String response, int tokens) {}

    /**
     * One built-in feature.
     *
     * @param needsTokens true when it needs token counts from the scores file
     */
    public record Def(String name, Feature.Role role, int sign, Feature.Kind kind, String description,
                      boolean needsTokens, ToDoubleFunction<Text> compute) {}

    // English refusal openers and hedges, case-insensitive; matched anywhere in the response
    static final Pattern REFUSAL = Pattern.compile("(?i)\\b(i(?:'|’| a)m (?:sorry|afraid|not (?:able|comfortable|going)"
            + "|unable)|i can(?:not|'t|’t|no longer)\\b|i (?:will not|won't|won’t|must decline|have to decline)"
            + "|i do(?:n't|n’t| not) (?:think i (?:can|should)|feel comfortable|want to help)"
            + "|i(?:'d|’d| would) (?:rather not|prefer not)|as an ai\\b|that(?:'s|’s| is) not something i"
            + "|i(?:'m|’m| am) not (?:allowed|permitted))");
    static final Pattern APOLOGY = Pattern.compile("(?i)\\b(sorry|apologi[sz]e|apologies)\\b");
    static final Pattern LIST_LINE = Pattern.compile("(?m)^\\s*(?:[-*•]|\\d{1,2}[.)])\\s+\\S");
    static final Pattern CODE = Pattern.compile("```|<code>|(?m)^(?: {4}|\\t)\\S.*\\R(?: {4}|\\t)\\S");
    static final Pattern URL = Pattern.compile("(?i)\\bhttps?://|\\bwww\\.[a-z0-9-]+\\.");
    static final Pattern AFFIRMATION = Pattern.compile("(?i)^\\W*(sure|yes|yeah|yep|of course|absolutely|certainly"
            + "|ok(?:ay)?|definitely|great question|happy to|glad to)\\b");
    static final Pattern AI_SELF = Pattern.compile("(?i)\\b(as an ai|an ai (?:assistant|model|language model)"
            + "|(?:a |an )?(?:large )?language model|i(?:'m|’m| am) (?:just |only )?(?:an ai|a bot|a computer"
            + " program|a machine|not a (?:human|person)))");

    public static final List<Def> DEFINITIONS = List.of(
            new Def("length_tokens", Feature.Role.SPOILER, 0, Feature.Kind.NUMERIC,
                    "response length, per 100 tokens (tokens of the scored sequence after the prefix the pair shares)",
                    true, t -> t.tokens() / 100.0),
            new Def("length_chars", Feature.Role.CONTEXT, 0, Feature.Kind.NUMERIC,
                    "response length, per 1000 characters (Unicode code points)", false,
                    t -> t.response().codePointCount(0, t.response().length()) / 1000.0),
            new Def("refusal_phrase", Feature.Role.TARGET, 0, Feature.Kind.BINARY,
                    "contains a refusal phrase (\"I'm sorry\", \"I can't\", \"I won't\", \"as an AI\", …)", false,
                    t -> hit(REFUSAL, t)),
            new Def("apology", Feature.Role.SPOILER, 0, Feature.Kind.BINARY, "contains \"sorry\"/\"apologize\"", false,
                    t -> hit(APOLOGY, t)),
            new Def("question", Feature.Role.SPOILER, 0, Feature.Kind.BINARY, "contains a question mark", false,
                    t -> t.response().indexOf('?') >= 0 ? 1 : 0),
            new Def("exclamation", Feature.Role.SPOILER, 0, Feature.Kind.BINARY, "contains an exclamation mark", false,
                    t -> t.response().indexOf('!') >= 0 ? 1 : 0),
            new Def("list", Feature.Role.SPOILER, 0, Feature.Kind.BINARY,
                    "has two or more bulleted or numbered lines", false,
                    t -> LIST_LINE.matcher(t.response()).results().limit(2).count() >= 2 ? 1 : 0),
            new Def("code", Feature.Role.SPOILER, 0, Feature.Kind.BINARY,
                    "has a code fence, <code> or two indented lines", false, t -> hit(CODE, t)),
            new Def("url", Feature.Role.SPOILER, 0, Feature.Kind.BINARY, "contains a URL", false, t -> hit(URL, t)),
            new Def("affirmation", Feature.Role.SPOILER, 0, Feature.Kind.BINARY,
                    "opens with \"Sure\", \"Yes\", \"Of course\", …", false, t -> hit(AFFIRMATION, t)),
            new Def("ai_self_reference", Feature.Role.SPOILER, 0, Feature.Kind.BINARY,
                    "refers to itself as an AI / language model / not a human", false, t -> hit(AI_SELF, t)));

    private static double hit(Pattern p, Text t) {
        return p.matcher(t.response()).find() ? 1 : 0;
    }

    public static Def definition(String name) {
        for (Def d : DEFINITIONS) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
