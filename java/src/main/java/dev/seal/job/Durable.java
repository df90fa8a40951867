package dev.seal.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temporary sibling, flush and fsync it, rename it over the target, fsync the
 * directory. After a crash at any point the target is either the old file or the complete new one, never a mix.
 */
public final class Durable {
    private Durable() {}

    /** Writes {@code bytes} to {@code target} atomically and durably. {@code crashPoint}: halfway (tests). */
    public static void write(Path target, byte[] bytes, String crashPoint) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int half = bytes.length / 2;
            b.limit(half);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (crashPoint != null) {
                CrashPoints.hit(crashPoint);
            }
            b.limit(bytes.length);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        move(tmp, target);
        syncDir(target.toAbsolutePath().getParent());
    }

    /** Renames within a directory, atomically where the file system can. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsync of a file's content. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** fsync of a directory, so a rename in it survives a power cut (a no-op where the OS refuses it). */
    public static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems (and Windows) cannot open or sync a directory; the rename itself was atomic
        }
    }
}
