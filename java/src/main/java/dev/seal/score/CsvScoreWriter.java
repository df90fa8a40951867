package dev.seal.score;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, and a field quoted (with quotes doubled) only when it holds a comma,
 * quote, CR or LF. UTF-8 without BOM. Floats are written with {@link Float#toString(float)} (shortest decimal that
 * parses back to the same float; NaN and ±Infinity as "NaN", "Infinity", "-Infinity", which DuckDB, pandas and
 * Python's float() all accept).
 */
final class CsvScoreWriter extends ScoreWriter {
    private static final String EOL = "\r\n";

    private final Writer out;
    private final Sink sink;

    CsvScoreWriter(Path target, Path temp, ScoreColumns columns) throws IOException {
        super(target, temp, ScoreFormat.CSV, columns);
        this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.sink = new Sink(out);
        try {
            boolean first = true;
            for (String name : columns.names()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                writeField(out, name);
            }
            out.write(EOL);
        } catch (IOException e) {
            releaseQuietly();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    void writeRow(ScoreRecord record) throws IOException {
        sink.first = true;
        layout().emit(record, sink);
        out.write(EOL);
    }

    @Override
    void finish() throws IOException {
        out.close();
    }

    @Override
    void releaseQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // discarding anyway
        }
    }

    /** Writes a field, quoting it when RFC 4180 requires. */
    static void writeField(Writer out, String s) throws IOException {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(s);
            return;
        }
        out.write('"');
        out.write(s.replace("\"", "\"\""));
        out.write('"');
    }

    private static final class Sink implements ScoreColumns.CellSink<IOException> {
        private final Writer out;
        boolean first = true;

        Sink(Writer out) {
            this.out = out;
        }

        private void sep() throws IOException {
            if (!first) {
                out.write(',');
            }
            first = false;
        }

        @Override
        public void string(String v) throws IOException {
            sep();
            writeField(out, v == null ? "" : v);
        }

        @Override
        public void int64(long v) throws IOException {
            sep();
            out.write(Long.toString(v));
        }

        @Override
        public void float32(float v) throws IOException {
            sep();
            out.write(Float.toString(v));
        }

        @Override
        public void bool(boolean v) throws IOException {
            sep();
            out.write(v ? "true" : "false");
        }

        @Override
        public void int32(int v) throws IOException {
            sep();
            out.write(Integer.toString(v));
        }
    }
}
