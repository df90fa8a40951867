package dev.seal.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring loop's bookkeeping, with a scorer that needs no model: rewards are the response lengths. */
class ScoreJobTest {
    @TempDir
    Path dir;

    /** Scores a pair by the lengths of its responses: enough to see which pair an entry belongs to. */
    static final class LengthScorer implements ScoringBackend {
        @Override
        public List<String> labels() {
            return List.of("reward");
        }

        @Override
        public Batch score(List<PreferencePair> pairs) {
            List<PairOutcome> out = new ArrayList<>();
            for (PreferencePair p : pairs) {
                out.add(new PairOutcome.Scored(new float[] {p.chosen().response().length()},
                        new float[] {p.rejected().response().length()}, 1, 1, 0, Set.of()));
            }
            return new Batch(out, 2L * pairs.size());
        }

        @Override
        public void close() {}
    }

    List<ScoreJob.Entry> run(Path data, long skip) throws IOException {
        List<ScoreJob.Entry> entries = new ArrayList<>();
        ScoreJob job = new ScoreJob(new LengthScorer(), ScoreJob.Settings.defaults(), s -> { });
        try (PairReader reader = Datasets.open(data, Format.AUTO)) {
            job.run(reader, data.toString(), skip, 2, entries::add, null);
        }
        return entries;
    }

    @Test
    void aResumedJobDerivesTheSameIdsAndPromptIds() throws IOException {
        Path data = Files.writeString(dir.resolve("multi.csv"), """
                prompt_id,prompt,chosen,rejected
                p1,Q,good,bad
                p1,Q,fine,worse
                p2,R,yes,no
                p1,Q,sure,nope
                p2,R,ok,meh
                """);
        List<ScoreJob.Entry> whole = run(data, 0);
        List<ScoreJob.Entry> resumed = run(data, 3);
        assertEquals(whole.subList(3, 5), resumed, "rows 4 and 5 scored after a resume at row 4");
        ScoreRecord last = ((ScoreJob.Result) resumed.get(1)).record();
        assertEquals("p2#2", last.id());
        assertEquals("p2", last.promptId());
    }
}
