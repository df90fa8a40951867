package dev.seal.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small hh-rlhf-shaped JSON Lines datasets for the reliability tests. */
final class TestData {
    private TestData() {}

    static final String[] ASKS = {"how do I bake bread", "what is a good way to learn to swim", "can you help me write a letter",
            "what should I cook tonight", "how can I help a cat", "explain how it is done", "do you know a good book"};
    static final String[] GOOD = {"Sure, here is how to do it, step by step.", "Happy to help: start small and practice.",
            "Yes, I can help with that; here is a short answer."};
    static final String[] BAD = {"No.", "Figure it out yourself.", "I do not care."};

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** One hh-rlhf line with an explicit id. */
    static String hh(String id, String prompt, String chosen, String rejected) {
        String p = "\n\nHuman: " + prompt + "\n\nAssistant: ";
        return "{\"id\": " + json(id) + ", \"chosen\": " + json(p + chosen) + ", \"rejected\": " + json(p + rejected) + "}";
    }

    /** {@code n} pairs with ids p0..p{n-1}, deterministic. */
    static List<String> pairs(int n, long seed) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = ASKS[r.nextInt(ASKS.length)] + " " + "please ".repeat(r.nextInt(4)) + "(" + i + ")?";
            lines.add(hh("p" + i, prompt, GOOD[r.nextInt(GOOD.length)], BAD[r.nextInt(BAD.length)]));
        }
        return lines;
    }

    static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
