package dev.seal.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tiny random Hugging Face {@code DebertaV2ForSequenceClassification} folders, shaped like DeBERTa-v3 (relative
 * attention with log buckets, shared attention keys, LayerNorm'd relative embeddings, no absolute positions), written
 * by the tests: config.json and model.safetensors with the tensor names transformers saves, and a small Unigram
 * spm.model ({@link #VOCAB}: [PAD] [CLS] [SEP] [UNK], then pieces) with tokenizer_config.json.
 */
final class TinyDeberta {
    /**
     * @param posAtt    pos_att_type as config.json writes it, e.g. "p2c|c2p"
     * @param buckets   position_buckets (mid = buckets / 2 is where log bucketing starts)
     * @param maxRel    max_relative_positions
     * @param relative  relative_attention
     */
    record Spec(int vocab, int hidden, int layers, int heads, int ff, int nLabels, String posAtt, int buckets,
                int maxRel, boolean relative, boolean shareAttKey, String poolerAct, String dtype, long seed) {
        /** The DeBERTa-v3 shape, small: 8 buckets so that sequences of a few dozen tokens reach the log buckets. */
        static Spec v3() {
            return new Spec(96, 32, 2, 4, 64, 1, "p2c|c2p", 8, 16, true, true, "gelu", "F32", 23);
        }

        Spec withRelative(boolean r) {
            return new Spec(vocab, hidden, layers, heads, ff, nLabels, posAtt, buckets, maxRel, r, shareAttKey, poolerAct,
                    dtype, seed);
        }

        Spec withVocab(int v) {
            return new Spec(v, hidden, layers, heads, ff, nLabels, posAtt, buckets, maxRel, relative, shareAttKey, poolerAct,
                    dtype, seed);
        }

        Spec withDtype(String d) {
            return new Spec(vocab, hidden, layers, heads, ff, nLabels, posAtt, buckets, maxRel, relative, shareAttKey, poolerAct,
                    d, seed);
        }

        Spec withShareAttKey(boolean s) {
            return new Spec(vocab, hidden, layers, heads, ff, nLabels, posAtt, buckets, maxRel, relative, s, poolerAct,
                    dtype, seed);
        }
    }

    /**
     * The spm.model's pieces: the specials at DeBERTa-v3's ids, then 82 more; Spec.v3's vocab_size of 96 leaves
     * embedding rows past the pieces, as DeBERTa-v3's 128100 does past its 128000 pieces.
     */
    static final List<String> VOCAB;

    static {
        List<String> v = new ArrayList<>(List.of("[PAD]", "[CLS]", "[SEP]", "[UNK]", "\u2581"));
        for (char ch = 'a'; ch <= 'z'; ch++) {
            v.add(String.valueOf(ch));
            v.add("\u2581" + ch);
        }
        for (char ch : "0123456789.,?!'-:".toCharArray()) {
            v.add(String.valueOf(ch));
        }
        for (String w : new String[] {"the", "and", "hello", "world", "how", "bake", "bread"}) {
            v.add("\u2581" + w);
        }
        v.addAll(List.of("ing", "er", "th", "he", "ll"));
        VOCAB = List.copyOf(v);
    }

    private TinyDeberta() {}

    static SafetensorsWriter weights(Spec s) {
        SafetensorsWriter w = new SafetensorsWriter();
        int e = s.hidden();
        SplittableRandom r = new SplittableRandom(s.seed());
        Linears lin = new Linears(w, s.dtype(), r);
        w.add("deberta.embeddings.word_embeddings.weight", s.dtype(), gauss(r, (long) s.vocab() * e, 1, 0), s.vocab(), e);
        lin.norm("deberta.embeddings.LayerNorm", e);
        for (int i = 0; i < s.layers(); i++) {
            String p = "deberta.encoder.layer." + i + ".";
            for (String proj : s.shareAttKey() ? new String[] {"query_proj", "key_proj", "value_proj"}
                    : new String[] {"query_proj", "key_proj", "value_proj", "pos_key_proj", "pos_query_proj"}) {
                lin.linear(p + "attention.self." + proj, e, e);
            }
            lin.linear(p + "attention.output.dense", e, e);
            lin.norm(p + "attention.output.LayerNorm", e);
            lin.linear(p + "intermediate.dense", s.ff(), e);
            lin.linear(p + "output.dense", e, s.ff());
            lin.norm(p + "output.LayerNorm", e);
        }
        if (s.relative()) {
            w.add("deberta.encoder.rel_embeddings.weight", s.dtype(), gauss(r, 2L * s.buckets() * e, 1, 0),
                    2L * s.buckets(), e);
            lin.norm("deberta.encoder.LayerNorm", e);
        }
        lin.linear("pooler.dense", e, e);
        lin.linear("classifier", s.nLabels(), e);
        return w;
    }

    /** Adds Linear and LayerNorm parameters with random values of a scale that keeps activations O(1). */
    private record Linears(SafetensorsWriter w, String dtype, SplittableRandom r) {
        void linear(String name, int out, int in) {
            w.add(name + ".weight", dtype, gauss(r, (long) out * in, 1 / Math.sqrt(in), 0), out, in);
            w.add(name + ".bias", dtype, gauss(r, out, 0.2, 0), out);
        }

        void norm(String name, int n) {
            w.add(name + ".weight", dtype, gauss(r, n, 0.1, 1), n);
            w.add(name + ".bias", dtype, gauss(r, n, 0.1, 0), n);
        }
    }

    static float[] gauss(SplittableRandom r, long n, double std, double mean) {
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) r.nextGaussian(mean, std);
        }
        return out;
    }

    static ObjectNode config(Spec s) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add("DebertaV2ForSequenceClassification");
        c.put("model_type", "deberta-v2");
        c.put("vocab_size", s.vocab());
        c.put("hidden_size", s.hidden());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("intermediate_size", s.ff());
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.1);
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("max_position_embeddings", 512);
        c.put("type_vocab_size", 0);
        c.put("initializer_range", 0.02);
        c.put("layer_norm_eps", 1e-7);
        c.put("relative_attention", s.relative());
        c.put("max_relative_positions", s.maxRel());
        c.put("position_buckets", s.buckets());
        c.put("norm_rel_ebd", "layer_norm");
        c.put("share_att_key", s.shareAttKey());
        c.put("pos_att_type", s.posAtt());
        c.put("position_biased_input", false);
        c.put("pad_token_id", 0);
        c.put("pooler_hidden_size", s.hidden());
        c.put("pooler_dropout", 0);
        c.put("pooler_hidden_act", s.poolerAct());
        c.put("torch_dtype", s.dtype().equals("F32") ? "float32" : "float16");
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < s.nLabels(); i++) {
            id2label.put(String.valueOf(i), "LABEL_" + i);
            label2id.put("LABEL_" + i, i);
        }
        return c;
    }

    /** Writes config.json, model.safetensors, spm.model and tokenizer_config.json into dir; returns it. */
    static Path write(Path dir, Spec s) throws IOException {
        Files.createDirectories(dir);
        weights(s).writeTo(dir, 1);
        Files.writeString(dir.resolve("config.json"), config(s).toPrettyString());
        List<SentencePieceModel.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < VOCAB.size(); i++) {
            String p = VOCAB.get(i);
            int type = i < 3 ? SentencePieceModel.CONTROL : i == 3 ? SentencePieceModel.UNKNOWN : SentencePieceModel.NORMAL;
            // longer pieces score higher, so the Viterbi segmentation prefers them
            pieces.add(new SentencePieceModel.Piece(p, i < 4 ? 0f : -8f + p.length(), type));
        }
        Files.write(dir.resolve("spm.model"), SentencePieceModel.write(pieces, 1));
        ObjectNode tc = Json.MAPPER.createObjectNode();
        tc.put("do_lower_case", false);
        tc.put("split_by_punct", false);
        String[] special = {"bos", "[CLS]", "eos", "[SEP]", "cls", "[CLS]", "sep", "[SEP]", "pad", "[PAD]", "unk", "[UNK]",
                "mask", "[MASK]"};
        for (int i = 0; i < special.length; i += 2) {
            tc.put(special[i] + "_token", special[i + 1]);
        }
        tc.put("tokenizer_class", "DebertaV2Tokenizer");
        Files.writeString(dir.resolve("tokenizer_config.json"), tc.toPrettyString());
        return dir;
    }
}
