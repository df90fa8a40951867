package dev.seal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.score.InProcessBackend;
import dev.seal.score.PairOutcome;
import dev.seal.score.ScoringBackend;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worker's messages read back to what was written. */
class WorkerProtocolTest {
    static <T> T roundTrip(byte[] message, Reader<T> reader) throws IOException {
        WorkerProtocol.In in = new WorkerProtocol.In(message);
        T back = reader.read(in);
        WorkerProtocol.expectEnd(in);
        return back;
    }

    interface Reader<T> {
        T read(WorkerProtocol.In in) throws IOException;
    }

    @Test
    void pairsCrossWholeWithEachSidesOwnConversation() throws IOException {
        List<Turn> shared = List.of(new Turn("system", "be kind"), new Turn("user", "q \uD83D\uDE00"));
        List<PreferencePair> pairs = List.of(
                new PreferencePair("a", null, 1, PreferencePair.Side.rendered(shared, "yes"),
                        PreferencePair.Side.rendered(shared, ""), Set.of()),
                new PreferencePair("b\u00fc#2", "b\u00fc", 7,
                        new PreferencePair.Side(List.of(new Turn("user", "x"), new Turn("assistant", "y"),
                                new Turn("user", "z")), "good", "raw one"),
                        new PreferencePair.Side(List.of(new Turn("user", "x"), new Turn("assistant", "Y!"),
                                new Turn("user", "z")), "bad", "raw two"),
                        Set.of(PreferencePair.FLAG_PROMPT_DIFFERS, PreferencePair.FLAG_EMPTY_RESPONSE)));
        assertEquals(pairs, roundTrip(WorkerProtocol.score(pairs), WorkerProtocol::readScore));
    }

    @Test
    void theSetupCrossesWithItsFormattingOptionsAndDevice() throws IOException {
        InProcessBackend.Setup setup = new InProcessBackend.Setup("/m/rm.gguf", 7, 2, new Scorer.Options(512, 256, 0, 3,
                Integer.MIN_VALUE, false, true, true), false, "{{ x }}", PairFormatter.Truncation.LEFT,
                PairFormatter.ContentTokens.PLAIN);
        assertEquals(setup, roundTrip(WorkerProtocol.init(setup), WorkerProtocol::readInit));
    }

    @Test
    void outcomesCrossWithTheFormattersFlags() throws IOException {
        ScoringBackend.Batch batch = new ScoringBackend.Batch(List.of(
                new PairOutcome.Scored(new float[] {1.5f, -2f}, new float[] {0f, Float.NaN}, 10, 12, 4,
                        Set.of(PairFormatter.FLAG_TRUNCATED, PairFormatter.FLAG_SPECIAL_TOKEN_TEXT)),
                new PairOutcome.Failed("format", "too_long", "5000 tokens > --max-tokens 4096")), 22);
        ScoringBackend.Batch back = roundTrip(WorkerProtocol.results(batch, 2), WorkerProtocol::readResults);
        assertEquals(batch.tokensInput(), back.tokensInput());
        PairOutcome.Scored s = (PairOutcome.Scored) back.outcomes().get(0);
        assertEquals(Set.of("truncated", "special_token_text"), s.flags());
        assertEquals(List.of(10, 12, 4), List.of(s.chosenTokens(), s.rejectedTokens(), s.sharedTokens()));
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(s.rejected()[1]));
        assertEquals(batch.outcomes().get(1), back.outcomes().get(1));
    }
}
