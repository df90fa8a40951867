package dev.seal.perturb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seal.data.Format;
import dev.seal.data.Turn;
import dev.seal.io.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes copies in the input's format to a hidden temporary file and publishes it on {@link #finish()}, so an
 * interrupted run never leaves a half file under the output's name. Lines end in '\n' and nothing depends on the
 * clock or the machine, so the same copies give the same bytes.
 *
 * <ul>
 *   <li>hh-rlhf: {"id", "chosen", "rejected"} with whole Human/Assistant texts, which seal reads back as hh-rlhf.</li>
 *   <li>JSON Lines tables: {"id", "prompt", "chosen", "rejected"}; the prompt a string when it is one user turn,
 *       else a list of {role, content} messages.</li>
 *   <li>CSV: id, prompt, chosen, rejected, every cell quoted (a CSV prompt is always one user turn).</li>
 *   <li>Parquet: id, prompt (a list of {role, content}), chosen, rejected.</li>
 * </ul>
 */
abstract class CopyWriter implements Closeable {
    static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    final Path out;
    final Path temp;
    final Writer writer;
    boolean finished;

    CopyWriter(Path out, Path temp) throws IOException {
        this.out = out;
        this.temp = temp;
        this.writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
    }

    /** A writer of {@code format} (never AUTO) to {@code out}, whose extension must fit the format. */
    static CopyWriter open(Format format, Path out) throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        String wanted = switch (format) {
            case HH_RLHF, JSONL -> jsonl ? null : ".jsonl";
            case CSV -> name.endsWith(".csv") ? null : ".csv";
            case PARQUET -> name.endsWith(".parquet") ? null : ".parquet";
            case AUTO -> throw new IllegalArgumentException("the input format must be known before writing");
        };
        if (wanted != null) {
            throw new IllegalArgumentException(out + ": copies are written in the input's format ("
                    + format.name().toLowerCase(Locale.ROOT) + "), so the output must end in " + wanted);
        }
        return switch (format) {
            case HH_RLHF -> new Jsonl(out, AtomicFiles.tempSibling(out, "tmp"), true, false);
            case JSONL -> new Jsonl(out, AtomicFiles.tempSibling(out, "tmp"), false, false);
            case CSV -> new Csv(out);
            case PARQUET -> new ParquetCopies(out);
            case AUTO -> throw new AssertionError("rejected above");
        };
    }

    abstract void write(Perturber.Copy copy) throws IOException;

    /** Writes out what is buffered and closes the temporary file. */
    void complete() throws IOException {
        writer.close();
    }

    /** Completes the file and moves it to the output's name. */
    void finish() throws IOException {
        complete();
        AtomicFiles.syncFile(temp);
        AtomicFiles.publish(temp, out);
        finished = true;
    }

    /** After {@link #finish()}: nothing to do; before it (a failed run): the temporary file is removed. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            writer.close();
            Files.deleteIfExists(temp);
        }
    }

    /** hh-rlhf or table rows as JSON Lines; {@code listPrompt} writes every prompt as a message list. */
    static class Jsonl extends CopyWriter {
        private final boolean hh;
        private final boolean listPrompt;
        private final JsonGenerator gen;

        Jsonl(Path out, Path temp, boolean hh, boolean listPrompt) throws IOException {
            super(out, temp);
            this.hh = hh;
            this.listPrompt = listPrompt;
            this.gen = JSON.createGenerator(writer);
        }

        @Override
        void write(Perturber.Copy c) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("id", c.id());
            if (hh) {
                gen.writeStringField("chosen", c.chosenText());
                gen.writeStringField("rejected", c.rejectedText());
            } else {
                writePrompt(c.prompt());
                gen.writeStringField("chosen", c.chosen());
                gen.writeStringField("rejected", c.rejected());
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
        }

        private void writePrompt(List<Turn> prompt) throws IOException {
            if (!listPrompt && prompt.size() == 1 && prompt.getFirst().role().equals("user")) {
                gen.writeStringField("prompt", prompt.getFirst().content());
                return;
            }
            gen.writeArrayFieldStart("prompt");
            for (Turn t : prompt) {
                gen.writeStartObject();
                gen.writeStringField("role", t.role());
                gen.writeStringField("content", t.content());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }

        @Override
        void complete() throws IOException {
            gen.flush();
            super.complete();
        }
    }

    /** RFC 4180, every cell quoted, so commas, quotes and newlines in texts need no other care. */
    static final class Csv extends CopyWriter {
        Csv(Path out) throws IOException {
            super(out, AtomicFiles.tempSibling(out, "tmp"));
            writer.write("id,prompt,chosen,rejected\n");
        }

        @Override
        void write(Perturber.Copy c) throws IOException {
            if (c.prompt().size() != 1 || !c.prompt().getFirst().role().equals("user")) {
                // a CSV input has a one-cell prompt, and copies are written in the input's format
                throw new IllegalStateException("a CSV prompt is one user turn; copy " + c.id() + " has " + c.prompt());
            }
            String[] cells = {c.id(), c.prompt().getFirst().content(), c.chosen(), c.rejected()};
            for (int i = 0; i < cells.length; i++) {
                writer.write(i == 0 ? "\"" : ",\"");
                writer.write(cells[i].replace("\"", "\"\""));
                writer.write('"');
            }
            writer.write('\n');
        }
    }
}
