package dev.seal.job;

import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temporary sibling, flush and fsync it, rename it over the target, fsync the
 * directory. After a crash at any point the target is either the old file or the complete new one, never a mix.
 */
public final class Durable {
    private Durable() {}

    /**
     * Writes {@code bytes} to {@code target} atomically and durably. The bytes go out in two halves with
     * {@code halfway} passed in between (when not null), so a crash there leaves a truly partial temporary file.
     */
    public static void write(Path target, byte[] bytes, WritePoint halfway) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int half = bytes.length / 2;
            b.limit(half);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (halfway != null) {
                halfway.pass();
            }
            b.limit(bytes.length);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        AtomicFiles.publish(tmp, target);
    }
}
