package dev.seal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
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
}
