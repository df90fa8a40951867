package dev.seal.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of a SentencePiece {@code tokenizer.model} (a serialized {@code sentencepiece.ModelProto}): text, score
 * and type of each, which is all llama.cpp's SPM tokenizer needs. Read with a minimal protobuf decoder: field 1 of
 * ModelProto is the repeated {@code SentencePiece {1: piece, 2: score, 3: type}}; field 2 (trainer_spec) gives the
 * model type, which must be BPE (Llama 2, Mistral) or Unigram.
 */
public final class SentencePieceModel {
    /** SentencePiece piece types; the numbers are also llama.cpp's token types. */
    public static final int NORMAL = 1;
    public static final int UNKNOWN = 2;
    public static final int CONTROL = 3;
    public static final int USER_DEFINED = 4;
    public static final int UNUSED = 5;
    public static final int BYTE = 6;

    public record Piece(String text, float score, int type) {}

    /**
     * normalizer_spec: the precompiled character map (empty when the model has none) and the whitespace rules, with
     * SentencePiece's defaults (true) for absent fields. llama.cpp's Unigram tokenizer applies all three.
     */
    public record Normalizer(byte[] charsmap, boolean addDummyPrefix, boolean removeExtraWhitespaces) {}

    private final List<Piece> pieces;
    private final int modelType;
    private final Normalizer normalizer;

    private SentencePieceModel(List<Piece> pieces, int modelType, Normalizer normalizer) {
        this.pieces = pieces;
        this.modelType = modelType;
        this.normalizer = normalizer;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public List<Piece> pieces() {
        return pieces;
    }

    /** trainer_spec.model_type: 1 UNIGRAM, 2 BPE, 3 WORD, 4 CHAR (0 when absent). */
    public int modelType() {
        return modelType;
    }

    public static SentencePieceModel read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        try {
            return parse(b);
        } catch (RuntimeException e) {
            throw ConvertException.in(file, "not a SentencePiece model (" + e.getMessage() + ")");
        }
    }

    static SentencePieceModel parse(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<Piece> pieces = new ArrayList<>();
        int modelType = 0;
        Normalizer normalizer = new Normalizer(new byte[0], true, true);
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 2) {
                pieces.add(piece(sub(in)));
            } else if (field == 2 && wire == 2) {
                ByteBuffer t = sub(in);
                while (t.hasRemaining()) {
                    long tt = varint(t);
                    if ((tt >>> 3) == 3 && (tt & 7) == 0) {
                        modelType = (int) varint(t);
                    } else {
                        skip(t, (int) (tt & 7));
                    }
                }
            } else if (field == 3 && wire == 2) {
                normalizer = normalizer(sub(in));
            } else {
                skip(in, wire);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        return new SentencePieceModel(List.copyOf(pieces), modelType, normalizer);
    }

    private static Normalizer normalizer(ByteBuffer in) {
        byte[] charsmap = new byte[0];
        boolean dummyPrefix = true;
        boolean removeSpaces = true;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 2 && wire == 2) {
                ByteBuffer b = sub(in);
                charsmap = new byte[b.remaining()];
                b.get(charsmap);
            } else if (field == 3 && wire == 0) {
                dummyPrefix = varint(in) != 0;
            } else if (field == 4 && wire == 0) {
                removeSpaces = varint(in) != 0;
            } else {
                skip(in, wire);
            }
        }
        return new Normalizer(charsmap, dummyPrefix, removeSpaces);
    }

    private static Piece piece(ByteBuffer in) {
        String text = null;
        float score = 0;
        int type = NORMAL;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 2) {
                ByteBuffer s = sub(in);
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(s).toString();
                } catch (CharacterCodingException e) {
                    throw new IllegalArgumentException("a piece is not valid UTF-8");
                }
            } else if (field == 2 && wire == 5) {
                score = in.getFloat();
            } else if (field == 3 && wire == 0) {
                type = (int) varint(in);
            } else {
                skip(in, wire);
            }
        }
        if (text == null) {
            throw new IllegalArgumentException("a piece without text");
        }
        return new Piece(text, score, type);
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = in.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("bad varint");
    }

    private static ByteBuffer sub(ByteBuffer in) {
        long n = varint(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("length " + n + " past the end");
        }
        ByteBuffer s = in.slice(in.position(), (int) n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + (int) n);
        return s;
    }

    private static void skip(ByteBuffer in, int wire) {
        switch (wire) {
            case 0 -> varint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> sub(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + wire);
        }
    }

    /** Serializes pieces as a ModelProto (BPE model type): how tests build a tokenizer.model. */
    static byte[] write(List<Piece> pieces, int modelType) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Piece p : pieces) {
            java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
            byte[] t = p.text().getBytes(StandardCharsets.UTF_8);
            putVarint(m, (1 << 3) | 2);
            putVarint(m, t.length);
            m.writeBytes(t);
            putVarint(m, (2 << 3) | 5);
            int bits = Float.floatToRawIntBits(p.score());
            m.write(bits);
            m.write(bits >>> 8);
            m.write(bits >>> 16);
            m.write(bits >>> 24);
            if (p.type() != NORMAL) {
                putVarint(m, 3 << 3);
                putVarint(m, p.type());
            }
            putVarint(out, (1 << 3) | 2);
            putVarint(out, m.size());
            out.writeBytes(m.toByteArray());
        }
        java.io.ByteArrayOutputStream ts = new java.io.ByteArrayOutputStream();
        putVarint(ts, 3 << 3);
        putVarint(ts, modelType);
        putVarint(out, (2 << 3) | 2);
        putVarint(out, ts.size());
        out.writeBytes(ts.toByteArray());
        return out.toByteArray();
    }

    private static void putVarint(java.io.ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }
}
