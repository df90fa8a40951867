package dev.seal.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way seal publishes a file: write a hidden temporary sibling, fsync it, rename it over the
 * target, fsync the directory. After a crash the target is the old file or the complete new one, never
 * a mix, and a leftover hidden temporary never looks like a finished output.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A fresh hidden name next to {@code target}; the random part keeps two runs on one output apart. */
    public static Path tempSibling(Path target, String suffix) {
        String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        return target.resolveSibling("." + target.getFileName() + "." + random + "." + suffix);
    }

    /** Renames within a directory, atomically where the file system can (a plain replace otherwise). */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so a plain move is still a rename; only odd providers refuse the atomic flag
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@link #replace}, then {@link #syncDir} of the target's directory. */
    public static void publish(Path from, Path to) throws IOException {
        replace(from, to);
        syncDir(to.toAbsolutePath().getParent());
    }

    /** fsync of a file's content. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** fsync of a directory, so a rename in it survives a power cut; best effort where the OS refuses it. */
    public static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the data itself is on disk; only the directory entry's durability is at stake
        }
    }
}
