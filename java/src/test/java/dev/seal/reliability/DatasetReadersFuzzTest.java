package dev.seal.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer on the JSON Lines readers (hh-rlhf and generic rows, plain and gzip): for any bytes, opening either fails
 * with one of the documented whole-input errors (IOException, IllegalArgumentException) or yields rows that are each a
 * pair with non-blank, surrogate-free, NUL-free texts or a row error with a reason. Anything else, an OOM or a hang is a
 * finding. Seeds: src/test/resources/dev/seal/reliability/DatasetReadersFuzzTestInputs/jsonl.
 */
class DatasetReadersFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "15s")
    void jsonl(FuzzedDataProvider in) throws IOException {
        if (file == null) {
            file = Files.createTempFile("seal-fuzz", ".jsonl");
            file.toFile().deleteOnExit();
        }
        Format format = in.pickValue(new Format[] {Format.AUTO, Format.HH_RLHF, Format.JSONL});
        Files.write(file, in.consumeRemainingAsBytes());
        PairReader reader;
        try {
            reader = Datasets.open(file, format);
        } catch (IOException | IllegalArgumentException whole) {
            return; // a whole-input problem, reported as one error
        }
        try (reader) {
            for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
                switch (row) {
                    case PairReader.Row.Ok ok -> check(ok.pair());
                    case PairReader.Row.Bad bad -> check(bad.error());
                }
            }
        } catch (IOException truncatedGzip) {
            // the documented end of a damaged stream
        } catch (UncheckedIOException e) {
            throw new AssertionError("unchecked I/O escaped a reader", e);
        }
    }

    private static void check(PreferencePair p) {
        for (String t : new String[] {p.chosen().response(), p.rejected().response(), p.id()}) {
            if (t.indexOf('\0') >= 0) {
                throw new AssertionError("NUL in a pair's text: " + p);
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < t.length()
                        && Character.isLowSurrogate(t.charAt(++i)))) {
                    throw new AssertionError("lone surrogate in a pair: " + p);
                }
            }
        }
        if (p.chosen().prompt().isEmpty() || p.id().isEmpty()) {
            throw new AssertionError("pair without a prompt or id: " + p);
        }
    }

    private static void check(RowError e) {
        if (e.reason() == null || e.reason().isEmpty() || e.detail() == null) {
            throw new AssertionError("row error without a reason: " + e);
        }
    }
}
