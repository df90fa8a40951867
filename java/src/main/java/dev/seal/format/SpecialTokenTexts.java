package dev.seal.format;

import dev.seal.engine.Model;
import dev.seal.gguf.GgufFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The texts that llama.cpp's tokenizer turns into control tokens when it parses special tokens, as chat-template mode
 * does (and as Hugging Face's {@code apply_chat_template} does): a dataset text that contains one, e.g. a user who
 * typed {@code <|im_end|>}, becomes that control token there.
 *
 * <p>Found from the Java side: the candidates are the vocabulary's tokens (GGUF {@code tokenizer.ggml.tokens}) whose
 * type is control, unknown or user-defined, plus normal tokens written like markup ({@code <…>}, {@code […]}), which
 * llama.cpp promotes to control by name (end-of-turn and fill-in-the-middle tokens). Each is confirmed with the
 * model's own tokenizer: a text counts when parsing special tokens makes it one token and not parsing them gives
 * something else. User-defined tokens that stay user-defined do not count: llama.cpp (like Hugging Face's added
 * tokens) splits them out in either mode, so they mean the same with and without {@code --content-tokens plain}.
 *
 * <p>Searching a text costs one pass over it through a trie of the texts: no tokenization.
 */
final class SpecialTokenTexts {
    static final String KEY_TOKENS = "tokenizer.ggml.tokens";
    static final String KEY_TYPES = "tokenizer.ggml.token_type";
    // llama_token_type values in GGUF files
    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_USER_DEFINED = 4;

    /** One occurrence of a special-token text: chars [start, start + text.length()) of the searched string. */
    record Match(int start, String text, int id) {
        int end() {
            return start + text.length();
        }
    }

    private static final class Node {
        final Map<Character, Node> next = new HashMap<>();
        String text; // a special-token text ends here
        int id;
    }

    private final Node root = new Node();
    private final int count;

    private SpecialTokenTexts(Map<String, Integer> ids) {
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            Node n = root;
            for (char c : e.getKey().toCharArray()) {
                n = n.next.computeIfAbsent(c, k -> new Node());
            }
            n.text = e.getKey();
            n.id = e.getValue();
        }
        this.count = ids.size();
    }

    /** The model's special-token texts; reads its GGUF's vocabulary (once per formatter). */
    static SpecialTokenTexts of(Model model) {
        GgufFile gguf;
        try {
            gguf = GgufFile.read(model.path());
        } catch (IOException e) {
            throw new UncheckedIOException(model.path() + ": cannot read the vocabulary to find special-token texts", e);
        }
        List<String> tokens = gguf.optionalStringList(KEY_TOKENS).orElse(List.of());
        int[] types = gguf.contains(KEY_TYPES) ? gguf.getIntArray(KEY_TYPES) : new int[0];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            int type = i < types.length ? types[i] : TYPE_NORMAL;
            if (candidate(t, type)) {
                int[] parsed = model.tokenize(t, false, true);
                if (parsed.length == 1 && !Arrays.equals(parsed, model.tokenize(t, false, false))) {
                    ids.put(t, parsed[0]);
                }
            }
        }
        return new SpecialTokenTexts(ids);
    }

    private static boolean candidate(String t, int type) {
        if (t.isEmpty()) {
            return false;
        }
        return type == TYPE_CONTROL || type == TYPE_UNKNOWN || type == TYPE_USER_DEFINED
                || type == TYPE_NORMAL && t.length() >= 3 && (t.startsWith("<") && t.endsWith(">")
                || t.startsWith("[") && t.endsWith("]"));
    }

    /** How many texts there are. */
    int size() {
        return count;
    }

    /** Whether {@code s} contains a special-token text. */
    boolean occursIn(String s) {
        return scan(s, m -> true);
    }

    /** Every occurrence of every text in {@code s}, overlapping ones included, by start. */
    List<Match> all(String s) {
        List<Match> out = new ArrayList<>();
        scan(s, m -> !out.add(m));
        return out;
    }

    /** Feeds each occurrence to {@code stop} until it says true; returns whether it did. */
    private boolean scan(String s, Predicate<Match> stop) {
        for (int i = 0; i < s.length(); i++) {
            Node n = root.next.get(s.charAt(i));
            for (int j = i + 1; n != null; j++) {
                if (n.text != null && stop.test(new Match(i, n.text, n.id))) {
                    return true;
                }
                n = j < s.length() ? n.next.get(s.charAt(j)) : null;
            }
        }
        return false;
    }
}
