package dev.seal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmarks' scratch files. */
final class BenchFiles {
    private BenchFiles() {}

    /** Deletes a benchmark's flat scratch directory (a model, a data file) and the files in it. */
    static void deleteDir(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
