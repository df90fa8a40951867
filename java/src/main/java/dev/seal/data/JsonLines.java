package dev.seal.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The lines of a JSON Lines file (plain or gzip), each decoded and parsed on its own so one bad line is one bad row.
 *
 * <p>Lines are split on raw '\n' bytes (safe: that byte never occurs inside a UTF-8 sequence) and decoded with a strict
 * decoder, because Jackson, given bytes, may replace or pass through malformed UTF-8 instead of failing. Line numbers
 * are physical (1-based, blank lines counted but skipped), so they match what an editor shows. A UTF-8 byte-order mark
 * at the start of the file is dropped.
 */
final class JsonLines implements Closeable {
    /** A non-blank line: its JSON object, or why it has none. */
    sealed interface Line permits Obj, Problem {}

    record Obj(long number, JsonNode fields) implements Line {}

    record Problem(long number, RowProblem problem) implements Line {}

    // strict: a duplicated key or text after the object would otherwise be dropped without a word
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] line = new byte[1 << 12];
    private int len;
    private long number;
    private boolean eof;
    private boolean pending; // the current line was peeked by checkShape and not yet handed out
    private CharBuffer chars = CharBuffer.allocate(1 << 12);

    private JsonLines(String source, InputStream in) {
        this.source = source;
        this.in = in;
    }

    /**
     * Opens a JSON Lines file. Gzip is read when the name ends in ".gz" (which then must be gzip) or the content starts
     * with the gzip magic bytes.
     *
     * @throws IOException              the file cannot be opened or its gzip header is unreadable
     * @throws IllegalArgumentException the file is a JSON document (an array, a pretty-printed object), not JSON Lines
     */
    static JsonLines open(Path path) throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            JsonLines lines = new JsonLines(path.toString(), decompressed(path, raw));
            lines.checkShape();
            return lines;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static InputStream decompressed(Path path, InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        boolean magic = b0 == 0x1f && b1 == 0x8b;
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") && !magic) {
            throw new IOException(path + ": unreadable gzip header: the file is named .gz but does not start with the"
                    + " gzip magic bytes 1f 8b");
        }
        if (!magic) {
            return b;
        }
        try {
            return new GZIPInputStream(b, 1 << 16);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(path + ": unreadable gzip header: " + e.getMessage(), e);
        }
    }

    /** Rejects whole-document JSON up front: read line by line it would give one confusing error per line. */
    private void checkShape() throws IOException {
        while (readLine()) {
            int first = firstNonBlank();
            if (first < 0) {
                continue;
            }
            pending = true;
            if (line[first] == '[') {
                throw new IllegalArgumentException(source + ": line " + number + " starts with '[': this looks like a"
                        + " JSON array document, not JSON Lines (one object per line)");
            }
            if (line[first] == '{' && blankFrom(first + 1)) {
                throw new IllegalArgumentException(source + ": line " + number + " is a lone '{': this looks like a"
                        + " pretty-printed JSON document, not JSON Lines (one object per line)");
            }
            return;
        }
    }

    /** The next non-blank line, or null at the end of the file. */
    Line next() throws IOException {
        while (pending || readLine()) {
            pending = false;
            if (firstNonBlank() >= 0) {
                return parse();
            }
        }
        return null;
    }

    private Line parse() {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
        if (chars.capacity() < len) {
            chars = CharBuffer.allocate(Math.max(len, chars.capacity() * 2));
        }
        chars.clear();
        utf8.reset();
        CoderResult r = utf8.decode(bytes, chars, true);
        if (!r.isError()) {
            r = utf8.flush(chars);
        }
        if (r.isError()) {
            return new Problem(number, new RowProblem(RowError.INVALID_UTF8, null,
                    "invalid UTF-8 at byte offset " + bytes.position() + " of the line"));
        }
        return parse(number, chars.flip().toString());
    }

    /** One line's decoded text (not blank) as its object, or why it is none: the rules of every line of a file. */
    static Line parse(long number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getColumnNr() < 0 ? "" : " (column " + at.getColumnNr() + ")";
            return new Problem(number, new RowProblem(RowError.INVALID_JSON, null, e.getOriginalMessage() + where));
        }
        if (!node.isObject()) {
            return new Problem(number, new RowProblem(RowError.INVALID_JSON, null,
                    "expected a JSON object, got " + Fields.kind(node)));
        }
        return new Obj(number, node);
    }

    /** Reads the next physical line into {@code line[0, len)} without its "\n" or "\r\n". */
    private boolean readLine() throws IOException {
        if (eof) {
            return false;
        }
        len = 0;
        boolean any = false;
        while (true) {
            if (pos == lim && !fill()) {
                eof = true;
                if (!any) {
                    return false; // nothing after the last '\n'
                }
                break;
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < lim) {
                pos++; // the '\n'
                break;
            }
        }
        number++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        boolean bom = len >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF;
        if (number == 1 && bom) {
            System.arraycopy(line, 3, line, 0, len - 3);
            len -= 3;
        }
        return true;
    }

    private boolean fill() throws IOException {
        try {
            int n = in.readNBytes(buf, 0, buf.length);
            pos = 0;
            lim = n;
            return n > 0;
        } catch (IOException e) {
            // e.g. a truncated gzip stream: the rest of the input is lost, so this ends the stream
            throw new IOException(source + ": read failed after line " + number + ": " + e.getMessage(), e);
        }
    }

    private void append(int start, int n) {
        if (len + n > line.length) {
            line = Arrays.copyOf(line, Math.max(len + n, line.length * 2));
        }
        System.arraycopy(buf, start, line, len, n);
        len += n;
    }

    /** Index of the first byte that is not JSON whitespace, or -1 for a blank line. */
    private int firstNonBlank() {
        for (int i = 0; i < len; i++) {
            if (!isJsonSpace(line[i])) {
                return i;
            }
        }
        return -1;
    }

    private boolean blankFrom(int from) {
        for (int i = from; i < len; i++) {
            if (!isJsonSpace(line[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
