package dev.seal.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seal.gguf.GgufValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokenizer.*} metadata llama.cpp needs, from a Hugging Face folder, following llama.cpp's converter
 * ({@code _set_vocab_sentencepiece}, {@code _set_vocab_gpt2}, {@code get_vocab_base}, gguf-py's
 * {@code SpecialVocab}):
 * <ul>
 * <li>{@code tokenizer.model} present: SentencePiece ({@code tokenizer.ggml.model = llama}): pieces, scores, types,
 * then added tokens from added_tokens.json and tokenizer_config.json's added_tokens_decoder;</li>
 * <li>otherwise {@code tokenizer.json} with a byte-level BPE model ({@code gpt2}): the vocabulary with added tokens
 * as CONTROL (special, or looking special) or USER_DEFINED, ids without a token as {@code [PAD<i>]} UNUSED up to
 * config.json's vocab_size, the merges, and the pre-tokenizer name ({@link PreTokenizers});</li>
 * <li>BOS/EOS/UNK/SEP/PAD ids from tokenizer_config.json's *_token (looked up among the added tokens), then
 * config.json's *_token_id; add_bos/add_eos from the post-processor's template, overridden by tokenizer_config.json's
 * add_bos_token/add_eos_token; the chat template from tokenizer_config.json (a string, or a list of named templates),
 * else chat_template.jinja, else chat_template.json.</li>
 * </ul>
 * Token texts must be unique (llama.cpp aborts otherwise), which is checked.
 */
public final class TokenizerConverter {
    /** llama.cpp token types. */
    static final int NORMAL = 1;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;

    /**
     * The metadata and a description.
     *
     * @param model       tokenizer.ggml.model: gpt2 or llama
     * @param pre         tokenizer.ggml.pre
     * @param preFrom     how pre was found: "hash", "regex" or "sentencepiece"
     * @param tokenizer   the parsed tokenizer.json (null for SentencePiece without one)
     */
    public record Result(Map<String, GgufValue> keys, String model, String pre, String preFrom, int nTokens, int bos,
                         int eos, int pad, boolean addBos, boolean addEos, boolean hasChatTemplate,
                         HfBpeTokenizer tokenizer, List<String> notes) {}

    private TokenizerConverter() {}

    public static Result convert(Path folder, HfConfig config) throws IOException {
        Path spm = folder.resolve("tokenizer.model");
        Path tj = folder.resolve("tokenizer.json");
        JsonNode tc = Files.isRegularFile(folder.resolve("tokenizer_config.json"))
                ? Json.readObject(folder.resolve("tokenizer_config.json")) : null;
        HfBpeTokenizer tok = Files.isRegularFile(tj) ? readTokenizerJson(tj) : null;
        List<String> notes = new ArrayList<>();
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        String model;
        String pre;
        String preFrom;
        List<String> tokens;
        boolean spmModel = Files.isRegularFile(spm) && (tok == null || !tok.isByteLevel());
        if (spmModel) {
            model = "llama";
            pre = "default";
            preFrom = "sentencepiece";
            tokens = sentencePiece(spm, folder, tc, config.vocabSize, kv);
        } else if (tok != null) {
            if (!tok.isByteLevel()) {
                throw ConvertException.in(tj, "a BPE tokenizer that is not byte-level (SentencePiece-style, byte_fallback"
                        + " " + tok.byteFallback() + ") and no tokenizer.model next to it: llama.cpp needs the"
                        + " SentencePiece model for this kind; add tokenizer.model from the original repository");
            }
            model = "gpt2";
            String[] p = detectPre(tok);
            pre = p[0];
            preFrom = p[1];
            if (p[2] != null) {
                notes.add(p[2]);
            }
            tokens = bpe(tok, config, kv);
        } else {
            throw ConvertException.in(folder, "no tokenizer.json or tokenizer.model: seal needs the model's tokenizer");
        }
        Map<String, GgufValue> head = new LinkedHashMap<>();
        head.put("tokenizer.ggml.model", GgufValue.string(model));
        head.put("tokenizer.ggml.pre", GgufValue.string(pre));
        head.putAll(kv);
        kv = head;
        checkUnique(spmModel ? spm : tj, tokens);

        Special sp = special(tok, tc, config, tokens.size(), spmModel);
        putId(kv, "bos", sp.ids.get("bos"));
        putId(kv, "eos", sp.ids.get("eos"));
        putId(kv, "unknown", sp.ids.get("unk"));
        putId(kv, "seperator", sp.ids.get("sep")); // llama.cpp's key is spelled this way
        putId(kv, "padding", sp.ids.get("pad"));
        putId(kv, "mask", sp.ids.get("mask"));
        boolean addBos = sp.addBos != null ? sp.addBos : spmModel;
        boolean addEos = sp.addEos != null && sp.addEos;
        kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(addBos));
        kv.put("tokenizer.ggml.add_eos_token", GgufValue.bool(addEos));
        if (config.arch == HfConfig.Arch.GEMMA2) {
            kv.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(false)); // as llama.cpp's Gemma2 converter does
        } else if (tc != null && tc.path("add_prefix_space").isBoolean() && config.arch == HfConfig.Arch.LLAMA) {
            kv.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(tc.get("add_prefix_space").asBoolean()));
        }
        boolean template = chatTemplate(folder, tc, kv);
        if (!template) {
            notes.add("no chat template (tokenizer_config.json, chat_template.jinja): score with --raw or pass"
                    + " --chat-template");
        }
        int bos = sp.ids.getOrDefault("bos", -1);
        if (addBos && bos < 0) {
            throw ConvertException.in(folder, "the tokenizer adds a BOS token but none is defined (bos_token in"
                    + " tokenizer_config.json, bos_token_id in config.json)");
        }
        return new Result(kv, model, pre, preFrom, tokens.size(), bos, sp.ids.getOrDefault("eos", -1),
                sp.ids.getOrDefault("pad", -1), addBos, addEos, template, tok, List.copyOf(notes));
    }

    private static HfBpeTokenizer readTokenizerJson(Path tj) throws IOException {
        JsonNode root = Json.readObject(tj);
        if (!root.path("model").path("type").asText("").equals("BPE")) {
            if (Files.isRegularFile(tj.resolveSibling("tokenizer.model"))) {
                return null; // SentencePiece Unigram etc.: tokenizer.model is what llama.cpp reads
            }
        }
        return HfBpeTokenizer.of(tj, root);
    }

    private static void putId(Map<String, GgufValue> kv, String name, Integer id) {
        if (id != null && id >= 0) {
            kv.put("tokenizer.ggml." + name + "_token_id", GgufValue.uint32(id));
        }
    }

    // ---- BPE ----------------------------------------------------------------------------------------------------------

    private static List<String> bpe(HfBpeTokenizer tok, HfConfig config, Map<String, GgufValue> kv) {
        Path f = tok.file();
        int maxId = -1;
        for (int id : tok.vocab().values()) {
            maxId = Math.max(maxId, id);
        }
        for (HfBpeTokenizer.AddedToken t : tok.addedTokens()) {
            maxId = Math.max(maxId, t.id());
        }
        int n = config.vocabSize;
        if (maxId >= n) {
            throw ConvertException.in(f, "has token id " + maxId + " but config.json's vocab_size (the embedding's rows)"
                    + " is " + n + ": the tokenizer and the model do not belong together");
        }
        String[] text = new String[n];
        int[] type = new int[n];
        for (Map.Entry<String, Integer> e : tok.vocab().entrySet()) {
            text[e.getValue()] = e.getKey();
            type[e.getValue()] = NORMAL;
        }
        for (HfBpeTokenizer.AddedToken t : tok.addedTokens()) {
            if (t.special() || looksSpecial(t.content())) {
                text[t.id()] = t.content();
                type[t.id()] = CONTROL;
            } else {
                text[t.id()] = t.content().replace('\u2581', ' ');
                type[t.id()] = USER_DEFINED;
            }
        }
        for (int i = 0; i < n; i++) {
            if (text[i] == null) {
                text[i] = "[PAD" + i + "]";
                type[i] = UNUSED;
            }
        }
        List<String> tokens = Arrays.asList(text);
        kv.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        kv.put("tokenizer.ggml.token_type", GgufValue.int32Array(type));
        List<String> merges = new ArrayList<>(tok.merges().size());
        for (String[] m : tok.merges()) {
            merges.add(spaceSafe(m[0]) + " " + spaceSafe(m[1]));
        }
        if (merges.isEmpty()) {
            throw ConvertException.in(f, "a BPE tokenizer without merges cannot be represented in llama.cpp");
        }
        kv.put("tokenizer.ggml.merges", GgufValue.stringArray(merges));
        return tokens;
    }

    /** A space inside a merge part is written as U+0120 (chr(ord(' ') + 256)), as gguf-py does. */
    private static String spaceSafe(String s) {
        return s.indexOf(' ') < 0 ? s : s.replace(' ', '\u0120');
    }

    /** llama.cpp's does_token_look_special. */
    static boolean looksSpecial(String t) {
        return t.equals("<pad>") || t.equals("<mask>") || t.equals("<2mass>") || t.equals("[@BOS@]")
                || (t.startsWith("<|") && t.endsWith("|>")) || (t.startsWith("<\uff5c") && t.endsWith("\uff5c>"))
                || (t.startsWith("<unused") && t.endsWith(">"));
    }

    /** {name, how, note}: by the check-text hash, else by the Split regex, else a clear error. */
    static String[] detectPre(HfBpeTokenizer tok) {
        String hash = null;
        if (tok.encoder().isPresent()) {
            hash = checkHash(tok.encoder().get().encode(PreTokenizers.CHECK_TEXT, true));
            String name = PreTokenizers.byHash(hash);
            if (name != null) {
                return new String[] {name, "hash", null};
            }
        }
        List<String> splits = tok.splitPatterns();
        String name = null;
        if (splits.size() == 1) {
            name = PreTokenizers.byPattern(splits.get(0));
        } else if (splits.isEmpty() && tok.byteLevelUsesRegex()) {
            name = "gpt-2";
        }
        if (name != null) {
            String why = hash == null ? "seal cannot run this tokenizer.json (" + tok.unsupported() + ")"
                    : "its check hash " + hash + " is not in llama.cpp's table";
            return new String[] {name, "regex", "pre-tokenizer '" + name + "' chosen by its regex; " + why};
        }
        throw ConvertException.in(tok.file(), "the pre-tokenizer is not one llama.cpp implements (check hash "
                + (hash == null ? "not computed: " + tok.unsupported() : hash) + ", split regexes " + splits
                + "): this tokenizer cannot be represented in GGUF yet");
    }

    /** SHA-256 of Python's str() of the id list, as llama.cpp's converter computes chkhsh. */
    static String checkHash(int[] ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ids[i]);
        }
        sb.append(']');
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- SentencePiece --------------------------------------------------------------------------------------------

    /** The pieces of a SentencePiece model, added tokens placed, padded to n tokens: tokens, scores and types into kv. */
    static List<String> sentencePiece(Path spm, Path folder, JsonNode tc, int n, Map<String, GgufValue> kv)
            throws IOException {
        SentencePieceModel m = SentencePieceModel.read(spm);
        if (m.pieces().size() > n) {
            throw ConvertException.in(spm, "has " + m.pieces().size() + " pieces but config.json's vocab_size is " + n);
        }
        String[] text = new String[n];
        float[] score = new float[n];
        int[] type = new int[n];
        for (int i = 0; i < n; i++) {
            text[i] = "[PAD" + i + "]";
            score[i] = -10000f;
            type[i] = UNUSED;
        }
        for (int i = 0; i < m.pieces().size(); i++) {
            SentencePieceModel.Piece p = m.pieces().get(i);
            text[i] = p.text();
            score[i] = p.score();
            type[i] = p.type() >= 1 && p.type() <= 6 ? p.type() : NORMAL;
        }
        Path addedJson = folder.resolve("added_tokens.json");
        if (Files.isRegularFile(addedJson)) {
            JsonNode a = Json.readObject(addedJson);
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                int id = e.getValue().asInt(-1);
                if (id >= 0 && id < n) {
                    text[id] = e.getKey();
                    score[id] = -1000f;
                    type[id] = USER_DEFINED;
                }
            }
        }
        if (tc != null && tc.path("added_tokens_decoder").isObject()) {
            for (Map.Entry<String, JsonNode> e : tc.get("added_tokens_decoder").properties()) {
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    continue;
                }
                String content = e.getValue().path("content").asText(null);
                if (id < 0 || id >= n || content == null) {
                    continue;
                }
                if (e.getValue().path("special").asBoolean(false) || looksSpecial(content)) {
                    type[id] = CONTROL;
                } else {
                    content = content.replace('\u2581', ' ');
                    type[id] = USER_DEFINED;
                }
                score[id] = -1000f;
                text[id] = content;
            }
        }
        List<String> tokens = Arrays.asList(text);
        kv.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        kv.put("tokenizer.ggml.scores", GgufValue.float32Array(score));
        kv.put("tokenizer.ggml.token_type", GgufValue.int32Array(type));
        return tokens;
    }

    static void checkUnique(Path file, List<String> tokens) {
        Map<String, Integer> seen = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            Integer prev = seen.put(tokens.get(i), i);
            if (prev != null) {
                throw ConvertException.in(file, "token text '" + tokens.get(i) + "' is used by ids " + prev + " and " + i
                        + ": llama.cpp needs every token text to be unique, so this vocabulary cannot be represented");
            }
        }
    }

    // ---- special tokens -------------------------------------------------------------------------------------------

    private static final class Special {
        final Map<String, Integer> ids = new LinkedHashMap<>();
        Boolean addBos;
        Boolean addEos;

        void set(String typ, int id, int nVocab) {
            if (id >= 0 && id < nVocab) {
                ids.putIfAbsent(typ, id);
            }
        }
    }

    private static Special special(HfBpeTokenizer tok, JsonNode tc, HfConfig config, int nVocab, boolean spm) {
        Special s = new Special();
        Map<String, Integer> byContent = new HashMap<>();
        if (tok != null) {
            tok.addedTokens().forEach(t -> byContent.putIfAbsent(t.content(), t.id()));
        }
        if (tc != null && tc.path("added_tokens_decoder").isObject()) {
            tc.get("added_tokens_decoder").properties().forEach(e -> {
                String c = e.getValue().path("content").asText(null);
                try {
                    if (c != null) {
                        byContent.putIfAbsent(c, Integer.parseInt(e.getKey()));
                    }
                } catch (NumberFormatException ignored) {
                    // not an id
                }
            });
        }
        String bosText = tokenText(tc, "bos_token");
        String eosText = tokenText(tc, "eos_token");
        if (bosText == null) {
            bosText = tokenText(tc, "cls_token");
        }
        if (eosText == null) {
            eosText = tokenText(tc, "sep_token");
        }
        // the post-processor's template decides what encode() adds (gguf-py's crude parse, kept as crude)
        JsonNode post = tok == null ? null : tok.json().get("post_processor");
        if (post != null && !post.isNull()) {
            List<JsonNode> procs = new ArrayList<>();
            if (post.has("processors")) {
                post.get("processors").forEach(procs::add);
            } else {
                procs.add(post);
            }
            for (JsonNode p : procs) {
                String type = p.path("type").asText();
                if (type.equals("RobertaProcessing") || type.equals("BertProcessing")) {
                    s.addBos = true;
                    s.addEos = true;
                } else if (type.equals("TemplateProcessing")) {
                    JsonNode single = p.path("single");
                    if (single.size() > 1) {
                        String first = single.get(0).path("SpecialToken").path("id").asText(null);
                        String last = single.get(single.size() - 1).path("SpecialToken").path("id").asText(null);
                        if (first != null) {
                            if (bosText == null) {
                                bosText = first;
                            }
                            s.addBos = first.equals(bosText);
                        }
                        if (last != null) {
                            if (eosText == null) {
                                eosText = last;
                            }
                            s.addEos = last.equals(eosText);
                        }
                    }
                }
            }
        }
        if (tc != null) {
            if (tc.path("add_bos_token").isBoolean()) {
                s.addBos = tc.get("add_bos_token").asBoolean();
            }
            if (tc.path("add_eos_token").isBoolean()) {
                s.addEos = tc.get("add_eos_token").asBoolean();
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("bos", bosText);
        texts.put("eos", eosText);
        texts.put("unk", tokenText(tc, "unk_token"));
        texts.put("sep", tokenText(tc, "sep_token"));
        texts.put("pad", tokenText(tc, "pad_token"));
        texts.put("mask", tokenText(tc, "mask_token"));
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (e.getValue() != null) {
                Integer id = byContent.get(e.getValue());
                if (id == null && tok != null) {
                    id = tok.vocab().get(e.getValue());
                }
                if (id != null) {
                    s.set(e.getKey(), id, nVocab);
                }
            }
        }
        s.set("bos", config.bosTokenId, nVocab);
        s.set("eos", config.eosTokenId, nVocab);
        s.set("pad", config.padTokenId, nVocab);
        return s;
    }

    /** A *_token entry of tokenizer_config.json: a string or {"content": ...}; null when absent. */
    private static String tokenText(JsonNode tc, String key) {
        if (tc == null) {
            return null;
        }
        JsonNode n = tc.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject() && n.path("content").isTextual()) {
            return n.get("content").asText();
        }
        return null;
    }

    // ---- chat template ----------------------------------------------------------------------------------------------

    private static boolean chatTemplate(Path folder, JsonNode tc, Map<String, GgufValue> kv) throws IOException {
        JsonNode t = tc == null ? null : tc.get("chat_template");
        if (t == null || t.isNull()) {
            Path jinja = folder.resolve("chat_template.jinja");
            Path json = folder.resolve("chat_template.json");
            if (Files.isRegularFile(jinja)) {
                kv.put("tokenizer.chat_template", GgufValue.string(Files.readString(jinja)));
                return true;
            }
            if (Files.isRegularFile(json)) {
                t = Json.readObject(json).get("chat_template");
            }
        }
        if (t == null || t.isNull()) {
            return false;
        }
        if (t.isTextual()) {
            kv.put("tokenizer.chat_template", GgufValue.string(t.asText()));
            return true;
        }
        if (t.isArray()) {
            String dflt = null;
            List<String> names = new ArrayList<>();
            for (JsonNode c : t) {
                String name = c.path("name").asText("").replaceAll("[^A-Za-z0-9]", "_");
                JsonNode tmpl = c.get("template");
                if (name.isEmpty() || tmpl == null || !tmpl.isTextual()) {
                    continue;
                }
                if (name.equals("default")) {
                    dflt = tmpl.asText();
                } else {
                    names.add(name);
                    kv.put("tokenizer.chat_template." + name, GgufValue.string(tmpl.asText()));
                }
            }
            if (!names.isEmpty()) {
                kv.put("tokenizer.chat_templates", GgufValue.stringArray(names));
            }
            if (dflt != null) {
                kv.put("tokenizer.chat_template", GgufValue.string(dflt));
                return true;
            }
            return false;
        }
        throw ConvertException.in(folder.resolve("tokenizer_config.json"), "chat_template must be a string or a list"
                + " of {name, template}");
    }
}
