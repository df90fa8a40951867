package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converted tiny DeBERTa-v3 scored by the engine (seal's deberta-v2 llama.cpp architecture) against
 * {@link DebertaReference} on the same token ids, several sequences per decode (so relative positions restart per
 * sequence and the mask keeps them apart), some long enough to reach the log buckets and the clamped span. Tolerances
 * as {@link ConvertDifferentialTest}'s, relative to the largest |logit|; and each {@link DebertaReference.Mutation}
 * misses the engine by far more than the f32 tolerance, so the comparison would catch an engine without that part.
 */
class DebertaEngineTest {
    @TempDir
    Path dir;

    static final Map<String, Double> TOLERANCE = Map.of("f32", 1e-4, "f16", 2e-2, "q8_0", 5e-2);

    /** The sequences: tokenized texts, a [CLS] prompt [SEP] response [SEP] pair, and long runs of ids. */
    private static List<int[]> sequences(Model m) {
        List<int[]> seqs = new ArrayList<>();
        for (String t : List.of("hello world", "how  to bake bread?", "the 3 apples, and the bread!", "x")) {
            int[] ids = m.tokenize(t, true, false);
            assertEquals(1, ids[0], "[CLS] first: " + Arrays.toString(ids));
            assertEquals(2, ids[ids.length - 1], "[SEP] last: " + Arrays.toString(ids));
            seqs.add(ids);
        }
        seqs.add(pair(m, "how to bake bread", "knead and bake"));
        seqs.add(DebertaReferenceTest.tokens(24, 86));
        seqs.add(DebertaReferenceTest.tokens(45, 86));
        return seqs;
    }

    /** [CLS] first [SEP] second [SEP], as seal's text-pair mode and DeBERTa's tokenizer build a pair. */
    private static int[] pair(Model m, String first, String second) {
        int[] a = m.tokenize(first, true, false);
        int[] b = m.tokenize(second, false, false);
        int[] out = Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length, b.length);
        out[out.length - 1] = 2;
        return out;
    }

    /** The engine's logits (label 0) of the sequences, all in one scoring call. */
    private static float[] engine(Model m, List<int[]> seqs) {
        try (Scorer s = Scorer.open(m, ConvertDifferentialTest.exact())) {
            TokenBatch.Builder b = TokenBatch.builder();
            seqs.forEach(q -> b.add(q, -1));
            Scorer.Result r = s.score(b.build());
            float[] out = new float[seqs.size()];
            for (int i = 0; i < out.length; i++) {
                assertEquals(0, r.status()[i], "status of sequence " + i);
                out[i] = r.reward(i, 0);
            }
            return out;
        }
    }

    /** max |engine - reference| / max |reference|. */
    private static double relativeError(float[] got, DebertaReference ref, List<int[]> seqs) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < got.length; i++) {
            float want = ref.score(seqs.get(i))[0];
            diff = Math.max(diff, Math.abs(want - got[i]));
            scale = Math.max(scale, Math.abs(want));
        }
        assertTrue(scale > 0.05, "logits should not all be ~0: " + scale);
        return diff / scale;
    }

    private void compare(TinyDeberta.Spec spec, String label) throws Exception {
        NativeTests.requireNative();
        Path hf = TinyDeberta.write(dir.resolve(label), spec);
        for (String type : List.of("f32", "f16", "q8_0")) {
            Path gguf = dir.resolve(label + "-" + type + ".gguf");
            Converter.convert(hf, gguf, new Converter.Options(type, 2, null, null));
            try (Model m = Model.load(gguf, new Model.Options(0, true, false));
                 DebertaReference ref = DebertaReference.open(hf, DebertaReference.Mutation.NONE)) {
                ModelInfo info = m.info();
                assertEquals("deberta-v2", info.architecture());
                assertEquals(ModelInfo.HeadKind.CLASSIFIER, info.headKind());
                assertFalse(info.causal());
                List<int[]> seqs = sequences(m);
                float[] got = engine(m, seqs);
                double rel = relativeError(got, ref, seqs);
                System.out.printf(Locale.ROOT, "seal-test: deberta %s %s: relative error %.3g%n", label, type, rel);
                assertTrue(rel < TOLERANCE.get(type), label + " " + type + ": relative error " + rel);
                if (type.equals("f32")) {
                    for (DebertaReference.Mutation mu : DebertaReference.Mutation.values()) {
                        if (mu == DebertaReference.Mutation.NONE) {
                            continue;
                        }
                        try (DebertaReference bad = DebertaReference.open(hf, mu)) {
                            double off = relativeError(got, bad, seqs);
                            assertTrue(off > 10 * TOLERANCE.get("f32"), mu + " is within " + off + " of the engine");
                        }
                    }
                }
            }
        }
    }

    @Test
    void v3ScoresLikeTheReference() throws Exception {
        compare(TinyDeberta.Spec.v3(), "v3");
    }

    @Test
    void ownPositionProjectionsScoreLikeTheReference() throws Exception {
        compare(TinyDeberta.Spec.v3().withShareAttKey(false), "unshared");
    }

    /**
     * The whole path a user takes: {@code seal convert} the HF folder, {@code seal score} hh-rlhf pairs; each reward is
     * the reference's logit of [CLS] prompt [SEP] response [SEP] (the prompt rendered as hh-rlhf's turns).
     */
    @Test
    void sealScoreRewardsArePairLogits() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyDeberta.write(dir.resolve("hf"), TinyDeberta.Spec.v3());
        Path gguf = dir.resolve("m.gguf");
        CliRun.Run c = CliRun.seal("convert", hf.toString(), "--out", gguf.toString(), "--type", "f32");
        assertEquals(0, c.code(), c.err());
        String[][] pairs = {{"how to bake bread?", "knead, then bake.", "no."}, {"hello world", "hello", "the end"}};
        List<String> lines = new ArrayList<>();
        for (String[] p : pairs) {
            lines.add("{\"chosen\": \"\\n\\nHuman: " + p[0] + "\\n\\nAssistant: " + p[1] + "\", \"rejected\": \"\\n\\nHuman: "
                    + p[0] + "\\n\\nAssistant: " + p[2] + "\"}");
        }
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, lines);
        Path out = dir.resolve("scores.jsonl");
        CliRun.Run r = CliRun.seal("score", "--model", gguf.toString(), "--data", data.toString(), "--out",
                out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(pairs.length, rows.size());
        ObjectMapper json = new ObjectMapper();
        try (Model m = Model.load(gguf, new Model.Options(0, true, false));
             DebertaReference ref = DebertaReference.open(hf, DebertaReference.Mutation.NONE)) {
            for (int i = 0; i < pairs.length; i++) {
                JsonNode row = json.readTree(rows.get(i));
                String prompt = Texts.renderHhPrompt(List.of(new Turn("user", pairs[i][0])));
                for (int side = 1; side <= 2; side++) {
                    int[] ids = pair(m, prompt, pairs[i][side]);
                    float want = ref.score(ids)[0];
                    float got = row.get(side == 1 ? "chosen_reward" : "rejected_reward").floatValue();
                    assertEquals(want, got, 1e-4 * Math.max(1, Math.abs(want)), "row " + i + " side " + side);
                }
            }
        }
    }
}
