package dev.seal.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds llama.cpp's tokenizer-only test GGUFs ({@code models/ggml-vocab-<name>.gguf} in the llama.cpp source, e.g.
 * {@code llama-spm}, {@code llama-bpe}, {@code bert-bge}, {@code qwen2}), which {@link DemoModel} borrows real
 * tokenizers from.
 *
 * <p>Looked up, first hit wins, in: the directory in system property {@value #PROPERTY}; the one in environment
 * variable {@value #ENV}; then {@code models/} of the newest {@code llama.cpp-*} source tree in seal's cache
 * ({@code $SEAL_CACHE_DIR}, default {@code ~/.cache/seal}), where building the native library puts it.
 */
public final class Vocabularies {
    public static final String PROPERTY = "seal.vocab.dir";
    public static final String ENV = "SEAL_VOCAB_DIR";

    private Vocabularies() {}

    /**
     * The path of {@code ggml-vocab-<name>.gguf}.
     *
     * @throws IllegalStateException when it is nowhere; the message lists where it looked and how to get the files
     */
    public static Path find(String name) {
        List<Path> dirs = searchDirs();
        String file = fileName(name);
        for (Path d : dirs) {
            Path p = d.resolve(file);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("tokenizer vocabulary " + file + " not found (looked in "
                + (dirs.isEmpty() ? "no directories" : dirs.toString()) + "). These files come with the llama.cpp"
                + " source, which building seal's native library fetches once into ~/.cache/seal (cmake -S . -B build"
                + " && cmake --build build); or point -D" + PROPERTY + " / $" + ENV
                + " at a directory holding ggml-vocab-*.gguf (llama.cpp's models/).");
    }

    /** Like {@link #find} but empty when absent, for tests that skip without the files. */
    public static Optional<Path> tryFind(String name) {
        try {
            return Optional.of(find(name));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static String fileName(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("vocabulary names are like \"llama-spm\": " + name);
        }
        return "ggml-vocab-" + name + ".gguf";
    }

    /** The directories searched, in order. */
    static List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            dirs.add(Path.of(prop));
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        String cacheEnv = System.getenv("SEAL_CACHE_DIR");
        Path cache = cacheEnv != null && !cacheEnv.isBlank() ? Path.of(cacheEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "seal");
        if (Files.isDirectory(cache)) {
            // fetch-llama.sh works in DEST.tmp and renames at the end: a *.tmp tree is incomplete
            try (Stream<Path> s = Files.list(cache)) {
                s.filter(p -> p.getFileName().toString().startsWith("llama.cpp-"))
                        .filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                        .map(p -> p.resolve("models"))
                        .filter(Files::isDirectory)
                        .sorted(Comparator.comparing(Vocabularies::mtime).reversed())
                        .forEach(dirs::add);
            } catch (IOException e) {
                // an unreadable cache is the same as none; the message lists what was searched
            }
        }
        return dirs;
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p.getParent());
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
