package dev.seal.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.gguf.GgufValidator;
import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SHA-256 digests of large files (models), computed once and remembered, so a rerun or a resume does not read a 16 GB
 * model again only to identify it.
 *
 * <p>An entry is keyed by the file's canonical path and used only while the file's size, modification time, change
 * time and file key (device and inode) are all still those it had when it was hashed. Any change to the file means a
 * new hash: rewriting it (mtime), rewriting it in place and setting the mtime back (the change time still moves,
 * and no user call sets it), replacing it by another file or re-pointing a symbolic link (another inode or path).
 *
 * <p>A digest is remembered only for a file whose last change is more than {@link #SETTLE} old when hashing starts.
 * File times are coarse (a clock tick, or a second on some file systems), so a file changed again within the same tick
 * as the change the entry records would look unchanged: the margin makes sure every later change gets a later time.
 *
 * <p>The entries live in {@code $SEAL_CACHE_DIR/model-ids}, by default {@code ~/.cache/seal/model-ids} beside seal's
 * build cache ({@code -D}{@value #PROPERTY} overrides it), and not in the job directory: that is removed when its job
 * succeeds, while one model is usually scored on many datasets. An entry that cannot be read or written costs only a
 * rehash.
 */
public final class FileDigests {
    /** System property naming the directory of the entries. */
    public static final String PROPERTY = "seal.model-ids.dir";

    /** How long a file must have been unchanged before its digest is remembered (see the class comment). */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public FileDigests(Path dir) {
        this.dir = dir;
    }

    /** The user's cache: {@value #PROPERTY}, else {@code $SEAL_CACHE_DIR/model-ids}, else ~/.cache/seal/model-ids. */
    public static FileDigests userCache() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return new FileDigests(Path.of(prop));
        }
        String env = System.getenv("SEAL_CACHE_DIR");
        Path cache = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "seal");
        return new FileDigests(cache.resolve("model-ids"));
    }

    public Path dir() {
        return dir;
    }

    /** Computes a file's digest, e.g. by checking it against a pinned {@code --sha256}. */
    @FunctionalInterface
    public interface Digest {
        String of(Path file) throws IOException;
    }

    /**
     * The file's SHA-256: remembered when the file is unchanged since it was hashed, else computed (saying so through
     * {@code notes}, since it can take minutes) and remembered.
     */
    public String sha256(Path file, Consumer<String> notes) throws IOException {
        Stamp now = Stamp.of(file);
        Optional<String> known = lookup(now);
        if (known.isPresent()) {
            return known.get();
        }
        notes.accept(String.format(Locale.ROOT, "computing the SHA-256 of %s (%.1f MiB) to identify it; it is kept in %s"
                + " for later runs until the file changes", file, now.size() / 1048576.0, dir));
        return remember(file, GgufValidator::sha256, notes);
    }

    /**
     * Computes the digest with {@code digest}, which reads the whole file, and remembers it when the file did not
     * change meanwhile.
     */
    public String remember(Path file, Digest digest, Consumer<String> notes) throws IOException {
        Instant start = Instant.now();
        Stamp before = Stamp.of(file);
        String sha = digest.of(file);
        if (!before.equals(Stamp.of(file))) {
            notes.accept(file + " changed while it was being hashed; its digest is not remembered");
            return sha;
        }
        if (before.lastChange().isAfter(start.minus(SETTLE))) {
            return sha; // just written (a demo model, a fresh conversion): the next run hashes it again, and keeps it
        }
        try {
            Files.createDirectories(dir);
            Path entry = entryFor(before);
            Path tmp = AtomicFiles.tempSibling(entry, "tmp");
            Files.write(tmp, JSON.writeValueAsBytes(new Entry(before, sha)));
            AtomicFiles.syncFile(tmp);
            AtomicFiles.replace(tmp, entry);
        } catch (IOException | RuntimeException e) {
            notes.accept("could not remember the SHA-256 of " + file + " in " + dir + " (" + e.getMessage()
                    + "); it will be computed again next time");
        }
        return sha;
    }

    private Optional<String> lookup(Stamp now) {
        try {
            Entry e = JSON.readValue(Files.readAllBytes(entryFor(now)), Entry.class);
            return now.equals(e.stamp()) && e.sha256() != null && e.sha256().matches("[0-9a-f]{64}")
                    ? Optional.of(e.sha256()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none yet, or unreadable: hash again
        }
    }

    private Path entryFor(Stamp s) {
        return dir.resolve(GgufValidator.sha256Of(s.path().getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    /** What must be unchanged for a remembered digest to stand. */
    record Stamp(String path, long size, long mtimeNanos, long ctimeNanos, String fileKey) {
        static Stamp of(Path file) throws IOException {
            Path real = file.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            long ctime;
            try {
                ctime = ((FileTime) Files.getAttribute(real, "unix:ctime")).to(TimeUnit.NANOSECONDS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                ctime = -1; // no change time on this platform: size, mtime and file key still guard the entry
            }
            return new Stamp(real.toString(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), ctime,
                    String.valueOf(a.fileKey()));
        }

        Instant lastChange() {
            return Instant.EPOCH.plusNanos(Math.max(mtimeNanos, ctimeNanos));
        }
    }

    record Entry(Stamp stamp, String sha256) {}
}
