package dev.seal.job;

import dev.seal.data.RowError;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoreRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The binary form of one shard: the entries of rows [from, to), in order. Floats are stored as their bits, so a
 * shard gives back exactly the rewards that were computed. Layout: magic {@code SEALSHD2}, from, to, count, entries
 * (a kind byte, the position, then a scored pair's id, prompt id, row, rewards, token counts and flags, or an error's stage,
 * source, row, id, reason and detail), and the end marker {@code SHDEND!!}.
 */
final class ShardCodec {
    // version 2 added the prompt id; a version-1 shard of an earlier run is unusable and its rows are redone
    private static final byte[] MAGIC = "SEALSHD2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "SHDEND!!".getBytes(StandardCharsets.US_ASCII);

    private ShardCodec() {}

    static byte[] encode(long from, long to, List<ScoreJob.Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 64);
        DataOutputStream d = new DataOutputStream(bytes);
        d.write(MAGIC);
        d.writeLong(from);
        d.writeLong(to);
        d.writeInt(entries.size());
        for (ScoreJob.Entry e : entries) {
            switch (e) {
                case ScoreJob.Result r -> {
                    ScoreRecord s = r.record();
                    d.writeByte(1);
                    d.writeLong(r.position());
                    str(d, s.id());
                    str(d, s.promptId());
                    d.writeLong(s.row());
                    d.writeInt(s.labels());
                    for (int l = 0; l < s.labels(); l++) {
                        d.writeInt(Float.floatToRawIntBits(s.chosen(l)));
                        d.writeInt(Float.floatToRawIntBits(s.rejected(l)));
                    }
                    d.writeInt(s.chosenTokens());
                    d.writeInt(s.rejectedTokens());
                    d.writeInt(s.sharedTokens());
                    d.writeInt(s.flags().size());
                    for (String f : s.flags()) {
                        str(d, f);
                    }
                }
                case ScoreJob.Error x -> {
                    RowError r = x.error();
                    d.writeByte(2);
                    d.writeLong(x.position());
                    str(d, x.stage());
                    str(d, r.source());
                    d.writeLong(r.row());
                    str(d, r.id());
                    str(d, r.reason());
                    str(d, r.detail());
                }
            }
        }
        d.write(END);
        d.flush();
        return bytes.toByteArray();
    }

    /** The entries of a shard file; a truncated or garbled one is an IOException. */
    static List<ScoreJob.Entry> decode(byte[] b) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(b));
        byte[] magic = new byte[MAGIC.length];
        d.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a seal shard (bad magic)");
        }
        d.readLong();
        d.readLong();
        int n = d.readInt();
        if (n < 0 || n > b.length) {
            throw new IOException("bad shard entry count " + n);
        }
        List<ScoreJob.Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = d.readByte();
            long position = d.readLong();
            if (kind == 1) {
                String id = str(d);
                String promptId = str(d);
                long row = d.readLong();
                int labels = d.readInt();
                if (labels < 1 || labels > 65536) {
                    throw new IOException("bad label count " + labels);
                }
                float[] c = new float[labels];
                float[] r = new float[labels];
                for (int l = 0; l < labels; l++) {
                    c[l] = Float.intBitsToFloat(d.readInt());
                    r[l] = Float.intBitsToFloat(d.readInt());
                }
                int ct = d.readInt();
                int rt = d.readInt();
                int st = d.readInt();
                int nf = d.readInt();
                Set<String> flags = new HashSet<>();
                for (int f = 0; f < nf; f++) {
                    flags.add(str(d));
                }
                out.add(new ScoreJob.Result(position, new ScoreRecord(id, promptId, row, c, r, ct, rt, st, flags)));
            } else if (kind == 2) {
                String stage = str(d);
                String source = str(d);
                long row = d.readLong();
                out.add(new ScoreJob.Error(position, stage, new RowError(source, row, str(d), str(d), str(d))));
            } else {
                throw new IOException("bad shard entry kind " + kind);
            }
        }
        byte[] end = new byte[END.length];
        d.readFully(end);
        if (!java.util.Arrays.equals(end, END) || d.available() != 0) {
            throw new IOException("shard does not end with its end marker");
        }
        return out;
    }

    private static void str(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] b = WorkerProtocol.utf8(s);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String str(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > d.available()) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
