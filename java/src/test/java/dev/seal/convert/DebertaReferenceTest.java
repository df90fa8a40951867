package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The building blocks of {@link DebertaReference} on values derived by hand, and the shape of its forward pass. */
class DebertaReferenceTest {
    @TempDir
    Path dir;

    /**
     * Buckets of 8 (mid 4) over 16 positions, by hand: |r| <= 4 stays; beyond, ceil(ln(|r| / 4) / ln(15 / 4) * 3) + 4,
     * e.g. r = 7: ln(1.75) / ln(3.75) = 0.4234, * 3 = 1.27, ceil 2, bucket 6; r = 100: ln 25 / ln 3.75 * 3 = 7.31,
     * bucket 12. DeBERTa-v3's own 256 buckets over 512: r = 200: ln(1.5625) / ln(3.9922) * 127 = 40.94, bucket 169.
     */
    @Test
    void logBucketsOnHandDerivedValues() {
        int[][] small = {{0, 0}, {3, 3}, {4, 4}, {5, 5}, {6, 5}, {7, 6}, {8, 6}, {9, 6}, {10, 7}, {11, 7}, {12, 7},
                {15, 7}, {16, 8}, {100, 12}, {-7, -6}, {-100, -12}};
        for (int[] c : small) {
            assertEquals(c[1], DebertaReference.bucket(c[0], 8, 16), "bucket(" + c[0] + ", 8, 16)");
        }
        int[][] v3 = {{128, 128}, {129, 129}, {200, 169}, {511, 255}, {512, 256}, {-200, -169}, {1000, 317}};
        for (int[] c : v3) {
            assertEquals(c[1], DebertaReference.bucket(c[0], 256, 512), "bucket(" + c[0] + ", 256, 512)");
        }
    }

    /** Odd, monotone, and the farthest distance inside max_relative_positions lands in the last bucket. */
    @Test
    void bucketsAreOddMonotoneAndFillTheSpan() {
        for (int[] bm : new int[][] {{8, 16}, {256, 512}, {32, 128}}) {
            int prev = Integer.MIN_VALUE;
            for (int r = -3 * bm[1]; r <= 3 * bm[1]; r++) {
                int b = DebertaReference.bucket(r, bm[0], bm[1]);
                assertEquals(-b, DebertaReference.bucket(-r, bm[0], bm[1]));
                assertTrue(b >= prev, "bucket decreases at " + r);
                prev = b;
            }
            assertEquals(bm[0] - 1, DebertaReference.bucket(bm[1] - 1, bm[0], bm[1]));
        }
    }

    @Test
    void geluIsTheErfForm() {
        // 0.5 x (1 + erf(x / sqrt 2)) at 1, -1, 2, -3 (values from the normal CDF)
        assertEquals(0.8413447460685429, DebertaReference.activation("gelu", 1), 1e-7);
        assertEquals(-0.15865525393145707, DebertaReference.activation("gelu", -1), 1e-7);
        assertEquals(1.9544997361036416, DebertaReference.activation("gelu", 2), 1e-7);
        assertEquals(-0.004049694008, DebertaReference.activation("gelu", -3), 1e-8);
        // the tanh approximation differs from it, by about 1e-4 near 1
        assertTrue(Math.abs(DebertaReference.activation("gelu_new", 1) - 0.8413447460685429) > 1e-5);
    }

    @Test
    void configDefaultsAndPositionTerms() throws Exception {
        var j = TinyDeberta.config(TinyDeberta.Spec.v3());
        DebertaReference.Config c = DebertaReference.Config.of(j, dir);
        assertEquals(8, c.span());
        assertEquals(3, c.scaleFactor());
        assertTrue(c.c2p() && c.p2c() && c.normRelEmbeddings() && c.shareAttKey());
        j.put("position_buckets", -1);
        j.put("max_relative_positions", -1);
        j.putArray("pos_att_type").add("c2p");
        c = DebertaReference.Config.of(j, dir);
        assertEquals(512, c.span(), "no buckets: the span is max_relative_positions, defaulting to the context");
        assertEquals(2, c.scaleFactor());
        assertTrue(c.c2p() && !c.p2c());
        j.put("position_biased_input", true);
        assertThrows(UnsupportedOperationException.class, () -> DebertaReference.Config.of(j, dir));
    }

    @Test
    void relativePositionsAreBucketedDifferences() throws Exception {
        Path hf = TinyDeberta.write(dir.resolve("m"), TinyDeberta.Spec.v3());
        try (DebertaReference ref = DebertaReference.open(hf, DebertaReference.Mutation.NONE)) {
            int[][] r = ref.relativePositions(30);
            for (int q = 0; q < 30; q++) {
                for (int k = 0; k < 30; k++) {
                    assertEquals(DebertaReference.bucket(q - k, 8, 16), r[q][k]);
                }
            }
            assertEquals(9, r[29][0], "29 apart: ceil(ln(29 / 4) / ln(3.75) * 3) + 4 = ceil(4.50) + 4");
            assertEquals(-9, r[0][29]);
        }
    }

    @Test
    void forwardPassShapes() throws Exception {
        TinyDeberta.Spec s = TinyDeberta.Spec.v3();
        Path hf = TinyDeberta.write(dir.resolve("m"), s);
        try (DebertaReference ref = DebertaReference.open(hf, DebertaReference.Mutation.NONE)) {
            int[] tokens = tokens(20, s.vocab());
            float[][] h = ref.encode(tokens);
            assertEquals(20, h.length);
            assertEquals(s.hidden(), h[0].length);
            float[] logits = ref.score(tokens);
            assertEquals(s.nLabels(), logits.length);
            assertTrue(Float.isFinite(logits[0]));
            assertThrows(IllegalArgumentException.class, () -> ref.score(new int[] {s.vocab()}));
        }
    }

    /**
     * Without relative attention DeBERTa has no notion of order at all (no absolute positions), so permuting the tokens
     * permutes the hidden states; with it, the disentangled terms make the result depend on the order.
     */
    @Test
    void orderMattersOnlyThroughRelativeAttention() throws Exception {
        int[] tokens = tokens(12, 96);
        int[] reversed = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            reversed[i] = tokens[tokens.length - 1 - i];
        }
        Path plain = TinyDeberta.write(dir.resolve("plain"), TinyDeberta.Spec.v3().withRelative(false));
        try (DebertaReference ref = DebertaReference.open(plain, DebertaReference.Mutation.NONE)) {
            float[][] a = ref.encode(tokens);
            float[][] b = ref.encode(reversed);
            for (int i = 0; i < tokens.length; i++) {
                assertArrayEquals(a[i], b[tokens.length - 1 - i], 1e-5f);
            }
        }
        Path rel = TinyDeberta.write(dir.resolve("rel"), TinyDeberta.Spec.v3());
        try (DebertaReference ref = DebertaReference.open(rel, DebertaReference.Mutation.NONE)) {
            float[][] a = ref.encode(tokens);
            float[][] b = ref.encode(reversed);
            assertTrue(Math.abs(a[0][0] - b[tokens.length - 1][0]) > 1e-3, "relative positions have no effect");
        }
    }

    /** Each mutation changes the logits of a sequence long enough to reach the log buckets. */
    @Test
    void everyMutationChangesTheLogits() throws Exception {
        for (boolean shared : new boolean[] {true, false}) {
            Path hf = TinyDeberta.write(dir.resolve("m" + shared), TinyDeberta.Spec.v3().withShareAttKey(shared));
            assertTrue(shared || Files.readString(hf.resolve("config.json")).contains("\"share_att_key\" : false"));
            int[] tokens = tokens(24, 96);
            float good;
            try (DebertaReference ref = DebertaReference.open(hf, DebertaReference.Mutation.NONE)) {
                good = ref.score(tokens)[0];
            }
            for (DebertaReference.Mutation m : DebertaReference.Mutation.values()) {
                if (m == DebertaReference.Mutation.NONE) {
                    continue;
                }
                try (DebertaReference ref = DebertaReference.open(hf, m)) {
                    float bad = ref.score(tokens)[0];
                    assertTrue(Math.abs(bad - good) > 1e-3 * Math.max(1, Math.abs(good)),
                            m + " (share_att_key " + shared + ") leaves the logit at " + good);
                }
            }
        }
    }

    static int[] tokens(int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1 + (i * 37 + 11) % (vocab - 1);
        }
        return t;
    }
}
