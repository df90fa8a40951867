package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE tokenizer read from a Hugging Face {@code tokenizer.json}, and an encoder that follows the
 * {@code tokenizers} library's pipeline for the components byte-level models use: added tokens split out first
 * (leftmost-longest, with lstrip/rstrip), then the normalizer (NFC/NFKC/NFD/NFKD, Lowercase, Sequence), the
 * pre-tokenizer (Split with a regex or string, ByteLevel with or without its GPT-2 regex, Sequence), the BPE model
 * (merges by rank, {@code ignore_merges}), and the post-processor (TemplateProcessing, RobertaProcessing,
 * BertProcessing, ByteLevel, Sequence).
 *
 * <p>The converter uses the encoder for one thing llama.cpp's converter does with the Python library: hash the ids of
 * a check text to identify the pre-tokenizer. Tests also compare it with llama.cpp's tokenizer on converted models.
 * A tokenizer.json with components outside this list still converts (its vocabulary and merges are data), but
 * {@link #encoder()} is then empty with the reason in {@link #unsupported()}.
 */
public final class HfBpeTokenizer {
    /** An entry of {@code added_tokens}. */
    public record AddedToken(int id, String content, boolean special, boolean normalized, boolean lstrip,
                             boolean rstrip, boolean singleWord) {}

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> vocab;
    private final List<String[]> merges;
    private final List<AddedToken> added;
    private final boolean ignoreMerges;
    private final boolean byteFallback;
    private final String unsupported;
    private final Encoder encoder;

    private HfBpeTokenizer(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw ConvertException.in(file, "no \"model\" object");
        }
        String type = model.path("type").asText("");
        if (!type.equals("BPE")) {
            throw ConvertException.in(file, "tokenizer model type '" + type + "' cannot be represented: seal converts"
                    + " byte-level BPE tokenizers (Llama 3, Qwen, Mistral Nemo) and SentencePiece ones (tokenizer.model)");
        }
        JsonNode v = model.get("vocab");
        if (v == null || !v.isObject() || v.isEmpty()) {
            throw ConvertException.in(file, "model.vocab is missing or empty");
        }
        Map<String, Integer> vm = new HashMap<>(v.size() * 2);
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0 || e.getValue().asLong() > Integer.MAX_VALUE) {
                throw ConvertException.in(file, "model.vocab['" + e.getKey() + "'] is not a token id: " + e.getValue());
            }
            vm.put(e.getKey(), e.getValue().asInt());
        }
        vocab = Collections.unmodifiableMap(vm);
        merges = parseMerges(file, model.get("merges"));
        ignoreMerges = model.path("ignore_merges").asBoolean(false);
        byteFallback = model.path("byte_fallback").asBoolean(false);
        for (String k : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            JsonNode n = model.get(k);
            if (n != null && !n.isNull() && !n.asText().isEmpty()) {
                throw ConvertException.in(file, "model." + k + " '" + n.asText() + "' cannot be represented in"
                        + " llama.cpp's BPE tokenizer");
            }
        }
        List<AddedToken> at = new ArrayList<>();
        JsonNode a = root.get("added_tokens");
        if (a != null && a.isArray()) {
            for (JsonNode t : a) {
                if (!t.path("id").isIntegralNumber() || !t.path("content").isTextual()) {
                    throw ConvertException.in(file, "added_tokens entry without id/content: " + t);
                }
                at.add(new AddedToken(t.get("id").asInt(), t.get("content").asText(), t.path("special").asBoolean(false),
                        t.path("normalized").asBoolean(!t.path("special").asBoolean(false)),
                        t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false),
                        t.path("single_word").asBoolean(false)));
            }
        }
        added = List.copyOf(at);
        Encoder enc = null;
        String why = null;
        try {
            enc = new Encoder();
        } catch (Unsupported u) {
            why = u.getMessage();
        }
        encoder = enc;
        unsupported = why;
    }

    /** Parses tokenizer.json; a tokenizer model other than BPE is a {@link ConvertException}. */
    public static HfBpeTokenizer read(Path tokenizerJson) throws java.io.IOException {
        return new HfBpeTokenizer(tokenizerJson, Json.readObject(tokenizerJson));
    }

    static HfBpeTokenizer of(Path file, JsonNode root) {
        return new HfBpeTokenizer(file, root);
    }

    private static List<String[]> parseMerges(Path file, JsonNode m) {
        List<String[]> out = new ArrayList<>();
        if (m == null || m.isNull()) {
            return out;
        }
        if (!m.isArray()) {
            throw ConvertException.in(file, "model.merges is not a list");
        }
        for (JsonNode e : m) {
            if (e.isTextual()) {
                String s = e.asText();
                int sp = s.indexOf(' ', 1);
                if (sp < 0) {
                    throw ConvertException.in(file, "merge '" + s + "' is not two tokens separated by a space");
                }
                out.add(new String[] {s.substring(0, sp), s.substring(sp + 1)});
            } else if (e.isArray() && e.size() == 2 && e.get(0).isTextual() && e.get(1).isTextual()) {
                out.add(new String[] {e.get(0).asText(), e.get(1).asText()});
            } else {
                throw ConvertException.in(file, "unknown merge format: " + e);
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public JsonNode json() {
        return root;
    }

    /** model.vocab: token text (byte-level encoded) to id, without the added tokens. */
    public Map<String, Integer> vocab() {
        return vocab;
    }

    /** Merges in rank order, each a pair of token texts. */
    public List<String[]> merges() {
        return merges;
    }

    public List<AddedToken> addedTokens() {
        return added;
    }

    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    /** The encoder, unless tokenizer.json uses a component it does not implement. */
    public Optional<Encoder> encoder() {
        return Optional.ofNullable(encoder);
    }

    /** Why there is no encoder, or null. */
    public String unsupported() {
        return unsupported;
    }

    /** The regexes of the Split pre-tokenizers, in order (empty when there are none). */
    public List<String> splitPatterns() {
        List<String> out = new ArrayList<>();
        collectSplits(root.get("pre_tokenizer"), out);
        return out;
    }

    private static void collectSplits(JsonNode n, List<String> out) {
        if (n == null || n.isNull()) {
            return;
        }
        switch (n.path("type").asText()) {
            case "Sequence" -> n.path("pretokenizers").forEach(p -> collectSplits(p, out));
            case "Split" -> {
                JsonNode p = n.path("pattern");
                out.add(p.has("Regex") ? p.get("Regex").asText() : Pattern.quote(p.path("String").asText()));
            }
            default -> { }
        }
    }

    /** True when some pre-tokenizer or the decoder is ByteLevel: tokens are GPT-2 byte-to-unicode strings. */
    public boolean isByteLevel() {
        return mentions(root.get("pre_tokenizer"), "ByteLevel") || mentions(root.get("decoder"), "ByteLevel");
    }

    /** True when the pre-tokenizer includes ByteLevel with use_regex (GPT-2's own split). */
    boolean byteLevelUsesRegex() {
        return byteLevelRegex(root.get("pre_tokenizer"));
    }

    private static boolean byteLevelRegex(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.path("type").asText().equals("Sequence")) {
            for (JsonNode p : n.path("pretokenizers")) {
                if (byteLevelRegex(p)) {
                    return true;
                }
            }
            return false;
        }
        return n.path("type").asText().equals("ByteLevel") && n.path("use_regex").asBoolean(true);
    }

    private static boolean mentions(JsonNode n, String type) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.path("type").asText().equals(type)) {
            return true;
        }
        for (JsonNode c : n) {
            if (c.isContainerNode() && mentions(c, type)) {
                return true;
            }
        }
        return false;
    }

    // ---- byte level -------------------------------------------------------------------------------------------------

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
            CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
        }
    }

    /** GPT-2's bytes_to_unicode applied to the UTF-8 bytes of {@code s}. */
    static String byteLevel(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            sb.append(BYTE_TO_CHAR[x & 0xFF]);
        }
        return sb.toString();
    }

    /** The inverse of {@link #byteLevel}, or null when {@code s} has a character outside the byte alphabet. */
    static byte[] unByteLevel(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            Integer b = CHAR_TO_BYTE.get(s.charAt(i));
            if (b == null) {
                return null;
            }
            out[i] = (byte) (int) b;
        }
        return out;
    }

    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String m) {
            super(m);
        }
    }

    // ---- encoder ----------------------------------------------------------------------------------------------------

    /** Encodes text as the {@code tokenizers} library does for this tokenizer.json (see the class comment). */
    public final class Encoder {
        private final List<java.util.function.UnaryOperator<String>> normalizers = new ArrayList<>();
        private final List<PreStep> pre = new ArrayList<>();
        private final Map<String, Integer> ranks = new HashMap<>();
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<AddedToken> addedByLength;
        private final List<Object> single = new ArrayList<>(); // Integer[] ids of specials, or "A"
        private final Map<String, List<Integer>> cache = new HashMap<>();

        private Encoder() {
            parseNormalizer(root.get("normalizer"));
            parsePre(root.get("pre_tokenizer"));
            parsePost(root.get("post_processor"));
            for (int i = 0; i < merges.size(); i++) {
                ranks.putIfAbsent(key(merges.get(i)[0], merges.get(i)[1]), i);
            }
            ids.putAll(vocab);
            for (AddedToken t : added) {
                ids.put(t.content(), t.id());
            }
            List<AddedToken> l = new ArrayList<>(added);
            l.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
            addedByLength = l;
            if (byteFallback) {
                throw new Unsupported("byte_fallback BPE");
            }
        }

        private static String key(String a, String b) {
            return a + '\u0000' + b;
        }

        private void parseNormalizer(JsonNode n) {
            if (n == null || n.isNull()) {
                return;
            }
            switch (n.path("type").asText()) {
                case "Sequence" -> n.path("normalizers").forEach(this::parseNormalizer);
                case "NFC" -> normalizers.add(s -> Normalizer.normalize(s, Normalizer.Form.NFC));
                case "NFKC" -> normalizers.add(s -> Normalizer.normalize(s, Normalizer.Form.NFKC));
                case "NFD" -> normalizers.add(s -> Normalizer.normalize(s, Normalizer.Form.NFD));
                case "NFKD" -> normalizers.add(s -> Normalizer.normalize(s, Normalizer.Form.NFKD));
                case "Lowercase" -> normalizers.add(s -> s.toLowerCase(java.util.Locale.ROOT));
                default -> throw new Unsupported("normalizer " + n.path("type").asText());
            }
        }

        private sealed interface PreStep permits Split, ByteLevelStep {}

        private record Split(Pattern pattern, String behavior, boolean invert) implements PreStep {}

        private record ByteLevelStep(boolean addPrefixSpace, boolean useRegex) implements PreStep {}

        private void parsePre(JsonNode n) {
            if (n == null || n.isNull()) {
                return;
            }
            switch (n.path("type").asText()) {
                case "Sequence" -> n.path("pretokenizers").forEach(this::parsePre);
                case "Split" -> {
                    JsonNode p = n.path("pattern");
                    Pattern pat = p.has("Regex") ? compile(p.get("Regex").asText())
                            : Pattern.compile(Pattern.quote(p.path("String").asText()));
                    String behavior = n.path("behavior").asText("Isolated");
                    if (!List.of("Isolated", "Removed", "MergedWithPrevious", "MergedWithNext").contains(behavior)) {
                        throw new Unsupported("Split behavior " + behavior);
                    }
                    pre.add(new Split(pat, behavior, n.path("invert").asBoolean(false)));
                }
                case "ByteLevel" -> pre.add(new ByteLevelStep(n.path("add_prefix_space").asBoolean(false),
                        n.path("use_regex").asBoolean(true)));
                default -> throw new Unsupported("pre-tokenizer " + n.path("type").asText());
            }
        }

        private void parsePost(JsonNode n) {
            if (n == null || n.isNull()) {
                single.add("A");
                return;
            }
            switch (n.path("type").asText()) {
                case "Sequence" -> {
                    for (JsonNode p : n.path("processors")) {
                        if (!p.path("type").asText().equals("ByteLevel")) {
                            parsePost(p);
                        }
                    }
                    if (single.isEmpty()) {
                        single.add("A");
                    }
                }
                case "ByteLevel" -> single.add("A");
                case "TemplateProcessing" -> {
                    JsonNode specials = n.path("special_tokens");
                    for (JsonNode piece : n.path("single")) {
                        if (piece.has("Sequence")) {
                            single.add("A");
                        } else if (piece.has("SpecialToken")) {
                            String id = piece.get("SpecialToken").path("id").asText();
                            JsonNode ids = specials.path(id).path("ids");
                            if (!ids.isArray()) {
                                throw new Unsupported("TemplateProcessing special token " + id + " without ids");
                            }
                            List<Integer> l = new ArrayList<>();
                            ids.forEach(x -> l.add(x.asInt()));
                            single.add(l);
                        }
                    }
                }
                case "RobertaProcessing", "BertProcessing" -> {
                    single.add(List.of(n.path("cls").get(1).asInt()));
                    single.add("A");
                    single.add(List.of(n.path("sep").get(1).asInt()));
                }
                default -> throw new Unsupported("post-processor " + n.path("type").asText());
            }
        }

        /** Token ids of {@code text}; addSpecial applies the post-processor (BOS etc.), as encode() does by default. */
        public int[] encode(String text, boolean addSpecial) {
            List<Integer> body = new ArrayList<>();
            for (Object piece : splitAdded(text)) {
                if (piece instanceof AddedToken t) {
                    body.add(t.id());
                } else {
                    encodePlain((String) piece, body);
                }
            }
            List<Integer> out = new ArrayList<>();
            if (addSpecial) {
                for (Object s : single) {
                    if (s instanceof String) {
                        out.addAll(body);
                    } else {
                        @SuppressWarnings("unchecked")
                        List<Integer> l = (List<Integer>) s;
                        out.addAll(l);
                    }
                }
            } else {
                out = body;
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Splits out added tokens, leftmost-longest, honouring lstrip/rstrip/single_word. */
        private List<Object> splitAdded(String text) {
            List<Object> out = new ArrayList<>();
            int start = 0;
            int i = 0;
            while (i < text.length()) {
                AddedToken hit = null;
                for (AddedToken t : addedByLength) {
                    if (!t.content().isEmpty() && text.startsWith(t.content(), i) && singleWordOk(t, text, i)) {
                        hit = t;
                        break;
                    }
                }
                if (hit == null) {
                    i++;
                    continue;
                }
                int from = i;
                int to = i + hit.content().length();
                if (hit.lstrip()) {
                    while (from > start && Character.isWhitespace(text.charAt(from - 1))) {
                        from--;
                    }
                }
                if (hit.rstrip()) {
                    while (to < text.length() && Character.isWhitespace(text.charAt(to))) {
                        to++;
                    }
                }
                if (from > start) {
                    out.add(text.substring(start, from));
                }
                out.add(hit);
                start = to;
                i = to;
            }
            if (start < text.length()) {
                out.add(text.substring(start));
            }
            return out;
        }

        private boolean singleWordOk(AddedToken t, String text, int at) {
            if (!t.singleWord()) {
                return true;
            }
            int end = at + t.content().length();
            boolean leftOk = at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at));
            boolean rightOk = end >= text.length() || !Character.isLetterOrDigit(text.codePointAt(end));
            return leftOk && rightOk;
        }

        private void encodePlain(String text, List<Integer> out) {
            String s = text;
            for (var n : normalizers) {
                s = n.apply(s);
            }
            List<String> pieces = new ArrayList<>(List.of(s));
            boolean byteLevelDone = false;
            for (PreStep step : pre) {
                List<String> next = new ArrayList<>();
                for (String p : pieces) {
                    switch (step) {
                        case Split sp -> split(p, sp.pattern(), sp.behavior(), sp.invert(), next);
                        case ByteLevelStep bl -> {
                            String q = bl.addPrefixSpace() && !p.startsWith(" ") ? " " + p : p;
                            List<String> parts = new ArrayList<>();
                            if (bl.useRegex()) {
                                split(q, GPT2, "Isolated", false, parts);
                            } else {
                                parts.add(q);
                            }
                            for (String part : parts) {
                                next.add(byteLevel(part));
                            }
                        }
                    }
                }
                if (step instanceof ByteLevelStep) {
                    byteLevelDone = true;
                }
                pieces = next;
            }
            for (String p : pieces) {
                if (p.isEmpty()) {
                    continue;
                }
                out.addAll(bpe(byteLevelDone ? p : byteLevel(p)));
            }
        }

        private List<Integer> bpe(String word) {
            List<Integer> hit = cache.get(word);
            if (hit != null) {
                return hit;
            }
            List<Integer> out = new ArrayList<>();
            Integer whole = vocab.get(word);
            if (ignoreMerges && whole != null) {
                out.add(whole);
            } else {
                List<String> sym = new ArrayList<>();
                word.codePoints().forEach(c -> sym.add(new String(Character.toChars(c))));
                while (sym.size() > 1) {
                    int best = -1;
                    int bestRank = Integer.MAX_VALUE;
                    for (int i = 0; i + 1 < sym.size(); i++) {
                        Integer r = ranks.get(key(sym.get(i), sym.get(i + 1)));
                        if (r != null && r < bestRank) {
                            bestRank = r;
                            best = i;
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    sym.set(best, sym.get(best) + sym.get(best + 1));
                    sym.remove(best + 1);
                }
                for (String s : sym) {
                    Integer id = vocab.get(s);
                    if (id == null) {
                        throw new IllegalStateException(file + ": piece '" + s + "' of '" + word + "' is not in the"
                                + " vocabulary and there is no unk token");
                    }
                    out.add(id);
                }
            }
            if (cache.size() < 100_000) {
                cache.put(word, out);
            }
            return out;
        }
    }

    private static final Pattern GPT2 = compile(PreTokenizers.GPT2_PATTERN);

    /** A tokenizers (Oniguruma) regex as a Java one: \s, \p{..} and case folding with Unicode semantics. */
    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new Unsupported("regex " + regex + ": " + e.getDescription());
        }
    }

    /** tokenizers' Split: matches and the text between them, combined as the behavior says. */
    static void split(String s, Pattern p, String behavior, boolean invert, List<String> out) {
        List<int[]> spans = new ArrayList<>(); // [start, end, isMatch]
        Matcher m = p.matcher(s);
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (m.start() > last) {
                spans.add(new int[] {last, m.start(), 0});
            }
            spans.add(new int[] {m.start(), m.end(), 1});
            last = m.end();
        }
        if (last < s.length()) {
            spans.add(new int[] {last, s.length(), 0});
        }
        if (invert) {
            for (int[] sp : spans) {
                sp[2] = 1 - sp[2];
            }
        }
        switch (behavior) {
            case "Isolated" -> spans.forEach(sp -> out.add(s.substring(sp[0], sp[1])));
            case "Removed" -> spans.stream().filter(sp -> sp[2] == 0).forEach(sp -> out.add(s.substring(sp[0], sp[1])));
            case "MergedWithPrevious" -> {
                StringBuilder cur = new StringBuilder();
                for (int[] sp : spans) {
                    cur.append(s, sp[0], sp[1]);
                    if (sp[2] == 1) {
                        out.add(cur.toString());
                        cur.setLength(0);
                    }
                }
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                }
            }
            case "MergedWithNext" -> {
                StringBuilder cur = new StringBuilder();
                for (int[] sp : spans) {
                    if (sp[2] == 1 && !cur.isEmpty()) {
                        out.add(cur.toString());
                        cur.setLength(0);
                    }
                    cur.append(s, sp[0], sp[1]);
                }
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                }
            }
            default -> throw new IllegalArgumentException(behavior);
        }
    }
}
