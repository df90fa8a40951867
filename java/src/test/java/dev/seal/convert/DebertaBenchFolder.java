package dev.seal.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the random Hugging Face folder that scripts/deberta-bench.sh converts and benchmarks: a
 * DebertaV2ForSequenceClassification of deberta-v3-base's shape (hidden 768, 12 layers, 12 heads, intermediate 3072,
 * vocab_size 128100, position_buckets 256, max_relative_positions 512, one label), random weights, with the Unigram
 * spm.model of DebertaTokenizerTest's fixtures (4000 pieces; the rows past them are unused, as v3's past its 128000
 * pieces) and [MASK] added at 128000 as v3's added_tokens.json has it.
 *
 * <pre>java -cp ... dev.seal.convert.DebertaBenchFolder OUT_DIR [F16|F32]</pre>
 */
final class DebertaBenchFolder {
    static final TinyDeberta.Spec BASE = new TinyDeberta.Spec(128100, 768, 12, 12, 3072, 1, "p2c|c2p", 256, 512, true,
            true, "gelu", "F16", 7);

    private DebertaBenchFolder() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DebertaBenchFolder OUT_DIR [F16|F32]");
            System.exit(2);
        }
        String dtype = args.length == 2 ? args[1] : "F16";
        Path dir = TinyDeberta.write(Path.of(args[0]), BASE.withDtype(dtype));
        try (var spm = DebertaBenchFolder.class.getResourceAsStream("/convert/spm/v3.model")) {
            Files.copy(spm, dir.resolve("spm.model"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("added_tokens.json"), "{\"[MASK]\": 128000}");
        System.err.println("wrote " + dir);
    }
}
