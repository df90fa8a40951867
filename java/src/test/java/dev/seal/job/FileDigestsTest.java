package dev.seal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.SealException;
import dev.seal.gguf.GgufValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remembered digest stands only while the file is unchanged: touched, rewritten in place under its old mtime,
 * replaced by another file or reached through a re-pointed link, it is hashed again. What is observed is the note
 * {@link FileDigests#sha256} gives each time it actually reads a file to hash it.
 */
class FileDigestsTest {
    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    /** The digest through a fresh FileDigests (as a new run would); true when it read the file to get it. */
    private boolean hashed(Path file) throws IOException {
        int before = notes.size();
        assertEquals(GgufValidator.sha256(file), new FileDigests(dir.resolve("ids")).sha256(file, notes::add));
        return notes.stream().skip(before).anyMatch(n -> n.startsWith("computing the SHA-256 of " + file));
    }

    /** Waits until what was just written is old enough to be remembered. */
    private static void settle() throws InterruptedException {
        Thread.sleep(FileDigests.SETTLE.toMillis() + 100);
    }

    @Test
    void hashesOnceThenOnlyWhenTheFileChanges() throws Exception {
        Path f = Files.write(dir.resolve("model.gguf"), "first content".getBytes());
        assertTrue(hashed(f));
        assertTrue(hashed(f), "a file changed moments ago is not remembered: " + notes);
        settle();
        assertTrue(hashed(f));
        assertFalse(hashed(f), "remembered: " + notes);
        assertFalse(hashed(dir.resolve(".").resolve("model.gguf")), "the same file by another spelling");

        FileTime t = Files.getLastModifiedTime(f);
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000));
        assertTrue(hashed(f), "touched");
        settle();
        assertTrue(hashed(f));
        assertFalse(hashed(f));

        t = Files.getLastModifiedTime(f);
        Files.write(f, "other content".getBytes()); // same size, same inode
        Files.setLastModifiedTime(f, t);
        assertTrue(hashed(f), "rewritten in place under its old mtime");

        settle();
        assertTrue(hashed(f));
        Path other = Files.write(dir.resolve("other.gguf"), "third content".getBytes());
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(f));
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING); // another inode, same size and mtime
        assertTrue(hashed(f), "replaced by another file");
    }

    @Test
    void aLinkIsKnownByTheFileItPointsTo() throws Exception {
        Path a = Files.write(dir.resolve("a.gguf"), "model a".getBytes());
        Path b = Files.write(dir.resolve("b.gguf"), "model b".getBytes());
        Path link = Files.createSymbolicLink(dir.resolve("current.gguf"), a);
        settle();
        assertTrue(hashed(link));
        assertFalse(hashed(a), "the link's target was hashed");
        Files.delete(link);
        Files.createSymbolicLink(link, b);
        assertTrue(hashed(link), "re-pointed");
    }

    @Test
    void aPinnedDigestIsCheckedOnTheWholeFileThenRemembered() throws Exception {
        Path f = Files.write(dir.resolve("m.gguf"), "pinned".getBytes());
        String sum = GgufValidator.sha256(f);
        settle();
        FileDigests digests = new FileDigests(dir.resolve("ids"));
        assertThrows(SealException.class, () -> digests.remember(f, p -> Model.checkSha256(p, "0".repeat(64)), notes::add));
        assertTrue(hashed(f), "a refused file is not remembered");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 1000));
        settle();
        assertEquals(sum, digests.remember(f, p -> Model.checkSha256(p, sum), notes::add));
        assertFalse(hashed(f), "remembered from the pinned check");
    }

    @Test
    void aDamagedEntryCostsOnlyARehash() throws Exception {
        Path f = Files.write(dir.resolve("m.gguf"), "content".getBytes());
        settle();
        assertTrue(hashed(f));
        try (var entries = Files.list(dir.resolve("ids"))) {
            for (Path e : entries.toList()) {
                Files.writeString(e, "{\"stamp\": null, \"sha256\": \"not hex\"");
            }
        }
        assertTrue(hashed(f));
        assertFalse(hashed(f));
    }
}
