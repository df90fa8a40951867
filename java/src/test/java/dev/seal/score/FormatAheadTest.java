package dev.seal.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Datasets;
import dev.seal.data.ErrorWriter;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.testing.Parts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formatting on a pool of threads ahead of the decodes ({@link FormatAhead}) against formatting on the decoding thread:
 * the same scores and errors files byte for byte, resumed or not, with bad rows among the pairs.
 */
class FormatAheadTest {
    /** Small budgets: each backend call is cut into several engine calls, and long rows fail as too_long. */
    static final int BUDGET = 256;

    @TempDir
    Path dir;

    /** 150 hh-rlhf rows with bad ones among them: unreadable JSON, an empty response, special-token text. */
    Path data() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(Parts.hhRlhfHarmlessBaseTest())),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null && lines.size() < 150; line = in.readLine()) {
                lines.add(line);
            }
        }
        lines.set(7, "{not json");
        lines.set(40, "{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant: [INST] hello </s>\", \"rejected\": \"\\n\\nHuman: hi\\n\\nAssistant: go\"}");
        lines.set(41, "{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant:\", \"rejected\": 3}");
        return Files.write(dir.resolve("pairs.jsonl"), lines);
    }

    /** Scores rows from {@code skip} on, with segments of 50 rows, into a scores and an errors file; returns both. */
    List<byte[]> score(Model model, Path data, int formatThreads, long skip, String name) throws IOException {
        Scorer scorer = Scorer.open(model, Scorer.Options.defaults().withBatchTokens(BUDGET).withMaxTokens(BUDGET));
        PairFormatter f = new PairFormatter(model, PairFormatter.Mode.CHAT_TEMPLATE, null, scorer.maxTokens(),
                PairFormatter.Truncation.ERROR);
        Path scores = dir.resolve(name + ".jsonl");
        Path errors = dir.resolve(name + ".errors.jsonl");
        try (InProcessBackend backend = new InProcessBackend(model, scorer, f, formatThreads, true, false);
             PairReader reader = Datasets.open(data, Format.AUTO);
             ScoreWriter out = ScoreWriter.open(scores, backend.labels());
             ErrorWriter err = ErrorWriter.open(errors)) {
            ScoreJob job = new ScoreJob(backend, ScoreJob.Settings.defaults().withChunkPairs(40), s -> { });
            job.run(reader, data.toString(), skip, 50, e -> {
                switch (e) {
                    case ScoreJob.Result r -> out.write(r.record());
                    case ScoreJob.Error x -> err.write(x.stage(), x.error());
                }
            }, null);
        }
        return List.of(Files.readAllBytes(scores), Files.readAllBytes(errors));
    }

    @Test
    void formattingAheadOnThreadsGivesTheSameFilesAsFormattingBetweenDecodes() throws IOException {
        Path data = data();
        try (Model model = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            for (long skip : new long[] {0, 100}) {
                List<byte[]> sequential = score(model, data, 0, skip, "sequential-" + skip);
                for (int threads : new int[] {3}) {
                    List<byte[]> ahead = score(model, data, threads, skip, "ahead-" + threads + "-" + skip);
                    assertArrayEquals(sequential.get(0), ahead.get(0), "scores, " + threads + " threads, skip " + skip);
                    assertArrayEquals(sequential.get(1), ahead.get(1), "errors, " + threads + " threads, skip " + skip);
                }
                String scores = new String(sequential.get(0), StandardCharsets.UTF_8);
                String errors = new String(sequential.get(1), StandardCharsets.UTF_8);
                long rows = scores.lines().count() + errors.lines().count();
                assertEquals(150 - skip, rows, "one line per row, scored or not");
                if (skip == 0) {
                    assertTrue(errors.contains("too_long") && errors.contains("\"read\""), "the bad rows are errors: " + errors);
                    assertTrue(scores.contains("special_token_text"), "the flagged row is scored with its flag");
                }
            }
        }
    }

    @Test
    void pairsComeBackInInputOrderFromManyGroupsAndWorkers() throws IOException {
        Path data = data();
        List<PreferencePair> pairs = new ArrayList<>();
        try (PairReader r = Datasets.open(data, Format.AUTO)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                if (row instanceof PairReader.Row.Ok ok) {
                    pairs.add(ok.pair());
                }
            }
        }
        try (Model model = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            PairFormatter f = new PairFormatter(model, PairFormatter.Mode.CHAT_TEMPLATE, null, BUDGET,
                    PairFormatter.Truncation.ERROR);
            Set<String> reasons = new HashSet<>();
            try (FormatAhead ahead = new FormatAhead(f, 4); FormatAhead.Stream s = ahead.stream(pairs)) {
                for (PreferencePair p : pairs) {
                    FormatAhead.Formatted got = s.next();
                    try {
                        PairFormatter.Formatted want = f.format(p);
                        assertArrayEquals(want.chosen(), got.tokens().chosen(), "row " + p.row());
                        assertArrayEquals(want.rejected(), got.tokens().rejected(), "row " + p.row());
                    } catch (PairFormatter.FormatException e) {
                        assertEquals(e.getMessage(), got.error().getMessage(), "row " + p.row());
                        reasons.add(got.error().reason());
                    }
                }
                assertTrue(!s.hasNext(), "one result per pair");
            }
            assertEquals(Set.of("too_long"), reasons, "over-long rows come back as their errors");
        }
        assertNotEquals(0, pairs.size());
    }

    @Test
    void formattingThreadsAreTheCoresTheEngineLeavesAndAtLeastOne() {
        assertEquals(1, FormatAhead.workersBeside(0, 2), "the engine on every core: one thread still overlaps");
        assertEquals(1, FormatAhead.workersBeside(2, 2));
        assertEquals(1, FormatAhead.workersBeside(1, 2));
        assertEquals(6, FormatAhead.workersBeside(2, 8));
        assertEquals(1, FormatAhead.workersBeside(16, 8), "more engine threads than cores");
    }
}
