package dev.seal.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * JSON Lines: one object per pair, keys in column order, '\n' after every line (the last included). Floats are
 * JSON numbers written with {@link Float#toString(float)}; JSON has no NaN or Infinity, so non-finite rewards are
 * written as null, which every strict JSON reader (jq, DuckDB, pandas) accepts.
 */
final class JsonlScoreWriter extends ScoreWriter {
    // No separator between root values: we end each line ourselves so the file ends with a newline too.
    static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final Writer out;
    private final JsonGenerator gen;
    private final Sink sink;

    JsonlScoreWriter(Path target, Path temp, ScoreColumns columns) throws IOException {
        super(target, temp, ScoreFormat.JSONL, columns);
        this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.gen = JSON.createGenerator(out);
        this.sink = new Sink(gen, columns.names());
    }

    @Override
    void writeRow(ScoreRecord record) throws IOException {
        sink.next = 0;
        gen.writeStartObject();
        layout().emit(record, sink);
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    @Override
    void finish() throws IOException {
        gen.close(); // also closes the writer (AUTO_CLOSE_TARGET)
    }

    @Override
    void releaseQuietly() {
        try {
            gen.close();
        } catch (IOException | RuntimeException ignored) {
            // discarding anyway
        }
    }

    private static final class Sink implements ScoreColumns.CellSink<IOException> {
        private final JsonGenerator gen;
        private final String[] names;
        int next;

        Sink(JsonGenerator gen, List<String> names) {
            this.gen = gen;
            this.names = names.toArray(String[]::new);
        }

        private void field() throws IOException {
            gen.writeFieldName(names[next++]);
        }

        @Override
        public void string(String v) throws IOException {
            field();
            if (v == null) {
                gen.writeNull();
            } else {
                gen.writeString(v);
            }
        }

        @Override
        public void int64(long v) throws IOException {
            field();
            gen.writeNumber(v);
        }

        @Override
        public void float32(float v) throws IOException {
            field();
            if (Float.isFinite(v)) {
                gen.writeNumber(Float.toString(v));
            } else {
                gen.writeNull();
            }
        }

        @Override
        public void bool(boolean v) throws IOException {
            field();
            gen.writeBoolean(v);
        }

        @Override
        public void int32(int v) throws IOException {
            field();
            gen.writeNumber(v);
        }
    }
}
