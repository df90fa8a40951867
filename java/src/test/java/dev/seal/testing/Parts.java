package dev.seal.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The parts of the test set-up that live outside the repository: libseal and the llama.cpp source it is built from
 * ({@code native}, with llama.cpp's ggml-vocab-*.gguf files), the real hh-rlhf data beside the clone ({@code data}), a
 * headless browser ({@code browser}).
 *
 * <p>A test whose part is missing is skipped with a reason that starts {@value #SKIPPED}, which scripts/test.sh lists
 * after the run, unless {@code -Dseal.require.<part>=true} says the part must be there: then the test fails. CI
 * requires every part it provides, so nothing it should test is skipped quietly.
 */
public final class Parts {
    /** The prefix scripts/test.sh looks for in the test reports. */
    public static final String SKIPPED = "SKIPPED: ";

    private Parts() {}

    /** Whether {@code -Dseal.require.<part>=true} was given. */
    public static boolean required(String part) {
        return Boolean.getBoolean("seal.require." + part);
    }

    /**
     * The test cannot run without {@code part}: fails when the part is required, else skips, with {@code why} (what is
     * missing and how to get it).
     */
    public static void missing(String part, String why) {
        if (required(part)) {
            fail(part + " is required (-Dseal.require." + part + "=true) but missing: " + why);
        }
        Assumptions.abort(SKIPPED + why);
    }

    /**
     * The real hh-rlhf harmless-base test split, {@code ../shared/data/hh-rlhf/harmless-base-test.jsonl.gz} beside the
     * repository (part {@code data}).
     */
    public static Path hhRlhfHarmlessBaseTest() {
        Path repo = Path.of(System.getProperty("seal.repo", "."));
        Path file = repo.resolve("../shared/data/hh-rlhf/harmless-base-test.jsonl.gz").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            missing("data", file + " is absent (the hh-rlhf harmless-base test split; it lives beside the clone, not in it)");
        }
        return file;
    }

    /** The first {@code n} lines (pairs) of {@link #hhRlhfHarmlessBaseTest()}. */
    public static List<String> hhRlhfHarmlessBaseLines(int n) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(hhRlhfHarmlessBaseTest())), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null && lines.size() < n; line = r.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
