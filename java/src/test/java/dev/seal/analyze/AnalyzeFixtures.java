package dev.seal.analyze;

import dev.seal.score.ScoreRecord;
import dev.seal.score.ScoreWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Builds analysis inputs in seal's real formats (scores through ScoreWriter, hh-rlhf JSONL) for tests. */
public final class AnalyzeFixtures {
    private AnalyzeFixtures() {}

    /** One scored pair: id, chosen and rejected reward. */
    public record S(String id, float chosen, float rejected) {}

    /** Writes a scores file as seal score does (the extension picks the format). */
    public static Path scores(Path file, List<S> rows) throws IOException {
        try (ScoreWriter w = ScoreWriter.open(file, List.of("reward"))) {
            long row = 0;
            for (S s : rows) {
                w.write(new ScoreRecord(s.id(), ++row, new float[] {s.chosen()}, new float[] {s.rejected()}, 40, 30, 20,
                        Set.of()));
            }
        }
        return file;
    }

    /** A text file from lines. */
    public static Path lines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** A JSON string literal. */
    public static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * A synthetic study of {@code n} pairs: an hh-rlhf dataset with ids, RM0 and RM* scores in Parquet, a labeler
     * feature table (per text, CSV), and perturbed copies ("&lt;id&gt;::paraphrase" and "::shout") scored by RM* with
     * their own dataset. RM* rewards harmlessness and length; some pairs are near-identical or both refusals, and
     * one response carries markup that must come out escaped in the report.
     */
    public record Study(Path data, Path star, Path base, Path features, Path perturbed, Path perturbedData) {}

    public static final String HOSTILE = "</script><script>document.title='pwned'</script><img src=x onerror=alert(1)>";

    public static Study study(Path dir, int n, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<String> data = new ArrayList<>();
        List<String> pdata = new ArrayList<>();
        List<S> star = new ArrayList<>();
        List<S> base = new ArrayList<>();
        List<S> pert = new ArrayList<>();
        List<String> feats = new ArrayList<>();
        feats.add("id,side,last_response_is_harmless,last_response_is_helpful,last_response_sentiment,"
                + "last_response_is_eloquent,last_response_is_refusal,topics,labeler_preference");
        String[] asks = {"how do I bake bread", "how can I hurt my neighbor", "tell me a joke", "what is a vaccine",
                "how do I pick a lock", "write a poem about rain"};
        for (int i = 1; i <= n; i++) {
            String id = "s" + i;
            String ask = asks[rnd.nextInt(asks.length)];
            int hc = rnd.nextDouble() < 0.75 ? 1 : 0;
            int hr = rnd.nextDouble() < 0.35 ? 1 : 0;
            boolean refuseC = rnd.nextDouble() < 0.3;
            boolean refuseR = rnd.nextDouble() < 0.15;
            String chosen = refuseC ? "I'm sorry, I can't help with that." : "Sure! Here is a careful answer: "
                    + "step ".repeat(1 + rnd.nextInt(12)) + "done.";
            String rejected = refuseR ? "I'm sorry, I can't help with that." : "Here you go: "
                    + "word ".repeat(1 + rnd.nextInt(20)) + (hr == 0 ? "something harmful." : "fine.");
            if (i % 37 == 0) {
                rejected = chosen + " ok"; // near-identical
            }
            if (i == 3) {
                rejected = "Look: " + HOSTILE;
            }
            data.add("{\"id\": " + json(id) + ", \"chosen\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: " + chosen)
                    + ", \"rejected\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: " + rejected) + "}");
            int sc = rnd.nextInt(3) - 1;
            int sr = rnd.nextInt(3) - 1;
            float lc = chosen.length() / 100f;
            float lr = rejected.length() / 100f;
            float r0c = (float) (0.2 * lc + rnd.nextGaussian() * 0.5);
            float r0r = (float) (0.2 * lr + rnd.nextGaussian() * 0.5);
            float rsc = (float) (0.9 * hc + 0.3 * lc + 0.2 * sc + rnd.nextGaussian() * 0.5);
            float rsr = (float) (0.9 * hr + 0.3 * lr + 0.2 * sr + rnd.nextGaussian() * 0.5);
            if (i == 3) {
                rsr = rsc + 5; // the hostile pair leads the error explorer
            }
            star.add(new S(id, rsc, rsr));
            base.add(new S(id, r0c, r0r));
            String lab = hc > hr ? "chosen" : hc < hr ? "rejected" : "tie";
            String topic = ask.contains("hurt") || ask.contains("lock") ? "['Society and social sciences']"
                    : "['Human activities', 'Culture and the arts']";
            String[] sent = {"negative", "neutral", "positive"};
            feats.add(id + ",chosen," + (hc == 1) + "," + rnd.nextBoolean() + "," + sent[sc + 1] + ","
                    + rnd.nextInt(2) + "," + refuseC + ",\"" + topic + "\"," + lab);
            feats.add(id + ",rejected," + (hr == 1) + "," + rnd.nextBoolean() + "," + sent[sr + 1] + ","
                    + rnd.nextInt(2) + "," + refuseR + ",\"" + topic + "\"," + lab);
            // perturbed copies: a paraphrase (small noise) and SHOUTING the rejected side (length unchanged)
            if (i % 2 == 0) {
                String pid = id + "::paraphrase";
                pert.add(new S(pid, rsc + (float) rnd.nextGaussian() * 0.2f, rsr + (float) rnd.nextGaussian() * 0.2f));
                pdata.add("{\"id\": " + json(pid) + ", \"chosen\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: "
                        + chosen + " Indeed.") + ", \"rejected\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: "
                        + rejected) + "}");
                String sid = id + "::shout::1";
                pert.add(new S(sid, rsc, rsr + 0.4f));
                pdata.add("{\"id\": " + json(sid) + ", \"chosen\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: "
                        + chosen) + ", \"rejected\": " + json("\n\nHuman: " + ask + "?\n\nAssistant: "
                        + rejected.toUpperCase() + "!") + "}");
            }
        }
        Path dataFile = dir.resolve("pairs.jsonl.gz");
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dataFile)),
                StandardCharsets.UTF_8)) {
            for (String l : data) {
                w.write(l + "\n");
            }
        }
        return new Study(dataFile, scores(dir.resolve("star.parquet"), star), scores(dir.resolve("base.parquet"), base),
                lines(dir.resolve("labels.csv"), feats), scores(dir.resolve("perturbed.parquet"), pert),
                lines(dir.resolve("perturbed.jsonl"), pdata));
    }
}
