package dev.seal.label;

import dev.seal.data.PreferencePair;
import java.util.List;

/** Labels texts on every taxonomy key: one value per key for each text, or why that text could not be labeled. */
interface Labeler extends AutoCloseable {
    /** One side of a pair; the id and side name make a text's own seed in sampled json mode. */
    record Text(String id, String side, PreferencePair.Side content) {}

    /** A text's values in taxonomy order, or (values null) its errors-file reason and a detail. */
    record Outcome(double[] values, String reason, String detail) {
        static Outcome of(double[] values) {
            return new Outcome(values, null, null);
        }

        static Outcome failed(String reason, String detail) {
            return new Outcome(null, reason, detail);
        }

        boolean ok() {
            return values != null;
        }
    }

    /** @return one outcome per text, in order */
    List<Outcome> label(List<Text> texts);

    @Override
    void close();
}
