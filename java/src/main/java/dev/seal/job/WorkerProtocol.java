package dev.seal.job;

import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.score.BatchFailure;
import dev.seal.score.InProcessBackend;
import dev.seal.score.PairOutcome;
import dev.seal.score.ScoringBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The worker's wire format: length-prefixed frames over the worker's stdin (requests) and stdout (responses). A frame
 * is a big-endian int32 length, then that many bytes: a one-byte message type and its fields, written with
 * {@link DataOutputStream} (strings as int32 length + strict UTF-8, never modified UTF-8, so no text is altered on the
 * way). One request, one response, in order.
 *
 * <pre>
 *   INIT     setup (model, scorer options, formatting)   -> READY labels, max tokens, batch tokens | FATAL status, message
 *   SCORE    pairs (ids, row, each side's turns, response, raw, flags) -> RESULTS tokens, one outcome per pair | FAILED kind, reason, message
 *   SHUTDOWN                                              -> (the worker exits)
 * </pre>
 */
final class WorkerProtocol {
    static final byte INIT = 1;
    static final byte SCORE = 2;
    static final byte SHUTDOWN = 3;
    static final byte READY = 101;
    static final byte RESULTS = 102;
    static final byte FAILED = 103;
    static final byte FATAL = 104;

    /** No frame may be larger: a length above it is a broken stream, not a reason to allocate. */
    static final int MAX_FRAME = 1 << 30;

    private WorkerProtocol() {}

    // ---- frames -------------------------------------------------------------------------------------------------------

    static void writeFrame(OutputStream out, byte[] payload) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(payload.length);
        d.write(payload);
        d.flush();
    }

    /** The next frame, or null at a clean end of stream (between frames). */
    static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.read();
        if (b0 < 0) {
            return null;
        }
        int len = (b0 << 24) | (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 8) | d.readUnsignedByte();
        if (len <= 0 || len > MAX_FRAME) {
            throw new IOException("worker protocol: bad frame length " + len);
        }
        byte[] b = new byte[len];
        d.readFully(b);
        return b;
    }

    /** A message under construction. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream d = new DataOutputStream(bytes);

        Out(byte type) {
            try {
                d.writeByte(type);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        Out str(String s) throws IOException {
            if (s == null) {
                d.writeInt(-1);
                return this;
            }
            byte[] b = utf8(s);
            d.writeInt(b.length);
            d.write(b);
            return this;
        }

        byte[] bytes() throws IOException {
            d.flush();
            return bytes.toByteArray();
        }
    }

    /** A received message. */
    static final class In {
        final DataInputStream d;
        final byte type;

        In(byte[] frame) throws IOException {
            d = new DataInputStream(new ByteArrayInputStream(frame));
            type = d.readByte();
        }

        String str() throws IOException {
            int n = d.readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > d.available()) {
                throw new IOException("worker protocol: bad string length " + n);
            }
            byte[] b = new byte[n];
            d.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        int count() throws IOException {
            int n = d.readInt();
            if (n < 0 || n > d.available()) {
                throw new IOException("worker protocol: bad count " + n);
            }
            return n;
        }
    }

    /** Strict UTF-8: a lone surrogate is a bug upstream (the readers reject such rows), never a silent '?'. */
    static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text has no UTF-8 form (lone surrogate)", e);
        }
    }

    // ---- messages -----------------------------------------------------------------------------------------------------

    static byte[] init(InProcessBackend.Setup s) throws IOException {
        Out o = new Out(INIT);
        o.str(s.modelPath());
        o.d.writeInt(s.gpuLayers());
        o.d.writeInt(s.device());
        Scorer.Options so = s.scorer();
        o.d.writeInt(so.maxTokens());
        o.d.writeInt(so.batchTokens());
        o.d.writeInt(so.seqsPerBatch());
        o.d.writeInt(so.threads());
        o.d.writeInt(so.flashAttn());
        o.d.writeBoolean(so.sharePrefix());
        o.d.writeBoolean(so.sortByLength());
        o.d.writeBoolean(so.kvF32());
        o.d.writeBoolean(s.raw());
        o.str(s.template());
        o.str(s.truncation().name());
        o.str(s.contentTokens().name());
        return o.bytes();
    }

    static InProcessBackend.Setup readInit(In in) throws IOException {
        String model = in.str();
        int gpu = in.d.readInt();
        int device = in.d.readInt();
        Scorer.Options so = new Scorer.Options(in.d.readInt(), in.d.readInt(), in.d.readInt(), in.d.readInt(),
                in.d.readInt(), in.d.readBoolean(), in.d.readBoolean(), in.d.readBoolean());
        boolean raw = in.d.readBoolean();
        String template = in.str();
        PairFormatter.Truncation t = PairFormatter.Truncation.valueOf(in.str());
        PairFormatter.ContentTokens content = PairFormatter.ContentTokens.valueOf(in.str());
        return new InProcessBackend.Setup(model, gpu, device, so, raw, template, t, content);
    }

    static byte[] ready(List<String> labels, int maxTokens, int batchTokens) throws IOException {
        Out o = new Out(READY);
        strings(o, labels);
        o.d.writeInt(maxTokens);
        o.d.writeInt(batchTokens);
        return o.bytes();
    }

    record Ready(List<String> labels, int maxTokens, int batchTokens) {}

    static Ready readReady(In in) throws IOException {
        return new Ready(readStrings(in), in.d.readInt(), in.d.readInt());
    }

    static byte[] score(List<PreferencePair> pairs) throws IOException {
        Out o = new Out(SCORE);
        o.d.writeInt(pairs.size());
        for (PreferencePair p : pairs) {
            o.str(p.id());
            o.str(p.promptId());
            o.d.writeLong(p.row());
            side(o, p.chosen());
            side(o, p.rejected());
            strings(o, p.flags());
        }
        return o.bytes();
    }

    private static void side(Out o, PreferencePair.Side s) throws IOException {
        o.d.writeInt(s.prompt().size());
        for (Turn t : s.prompt()) {
            o.str(t.role());
            o.str(t.content());
        }
        o.str(s.response());
        o.str(s.raw());
    }

    static List<PreferencePair> readScore(In in) throws IOException {
        int n = in.count();
        List<PreferencePair> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = in.str();
            String promptId = in.str();
            long row = in.d.readLong();
            pairs.add(new PreferencePair(id, promptId, row, readSide(in), readSide(in), Set.copyOf(readStrings(in))));
        }
        return pairs;
    }

    private static void strings(Out o, Collection<String> strings) throws IOException {
        o.d.writeInt(strings.size());
        for (String s : strings) {
            o.str(s);
        }
    }

    private static List<String> readStrings(In in) throws IOException {
        int n = in.count();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.str());
        }
        return out;
    }

    private static PreferencePair.Side readSide(In in) throws IOException {
        int turns = in.count();
        List<Turn> prompt = new ArrayList<>(turns);
        for (int t = 0; t < turns; t++) {
            prompt.add(new Turn(in.str(), in.str()));
        }
        return new PreferencePair.Side(prompt, in.str(), in.str());
    }

    static byte[] results(ScoringBackend.Batch b, int nLabels) throws IOException {
        Out o = new Out(RESULTS);
        o.d.writeLong(b.tokensInput());
        o.d.writeInt(nLabels);
        o.d.writeInt(b.outcomes().size());
        for (PairOutcome x : b.outcomes()) {
            switch (x) {
                case PairOutcome.Scored s -> {
                    o.d.writeByte(0);
                    for (int l = 0; l < nLabels; l++) {
                        o.d.writeInt(Float.floatToRawIntBits(s.chosen()[l]));
                        o.d.writeInt(Float.floatToRawIntBits(s.rejected()[l]));
                    }
                    o.d.writeInt(s.chosenTokens());
                    o.d.writeInt(s.rejectedTokens());
                    o.d.writeInt(s.sharedTokens());
                    strings(o, s.flags());
                }
                case PairOutcome.Failed f -> {
                    o.d.writeByte(1);
                    o.str(f.stage());
                    o.str(f.reason());
                    o.str(f.detail());
                }
            }
        }
        return o.bytes();
    }

    static ScoringBackend.Batch readResults(In in) throws IOException {
        long tokens = in.d.readLong();
        int nLabels = in.d.readInt();
        int n = in.count();
        List<PairOutcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (in.d.readByte() == 0) {
                float[] c = new float[nLabels];
                float[] r = new float[nLabels];
                for (int l = 0; l < nLabels; l++) {
                    c[l] = Float.intBitsToFloat(in.d.readInt());
                    r[l] = Float.intBitsToFloat(in.d.readInt());
                }
                out.add(new PairOutcome.Scored(c, r, in.d.readInt(), in.d.readInt(), in.d.readInt(),
                        Set.copyOf(readStrings(in))));
            } else {
                out.add(new PairOutcome.Failed(in.str(), in.str(), in.str()));
            }
        }
        return new ScoringBackend.Batch(out, tokens);
    }

    static byte[] failed(BatchFailure f) throws IOException {
        Out o = new Out(FAILED);
        o.str(f.kind().name());
        o.str(f.reasonCode());
        o.str(f.getMessage());
        return o.bytes();
    }

    static BatchFailure readFailed(In in) throws IOException {
        return new BatchFailure(BatchFailure.Kind.valueOf(in.str()), in.str(), in.str());
    }

    static byte[] fatal(int status, String message) throws IOException {
        Out o = new Out(FATAL);
        o.d.writeInt(status);
        o.str(message);
        return o.bytes();
    }

    static byte[] shutdown() throws IOException {
        return new Out(SHUTDOWN).bytes();
    }

    static void expectEnd(In in) throws IOException {
        if (in.d.available() != 0) {
            throw new IOException("worker protocol: " + in.d.available() + " stray bytes after message " + in.type);
        }
    }

    static EOFException eof(String what) {
        return new EOFException("worker protocol: stream ended " + what);
    }
}
