package dev.seal.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where seal's native library is found and loaded.
 *
 * <p>Search order: the system property {@code seal.library} (a file), the system property
 * {@code seal.native.dir} (a folder holding libseal.so), the environment variable
 * {@code SEAL_NATIVE_DIR}, then each folder of {@code java.library.path}. When none has it, the
 * first native call fails with one line saying what to build or pass.
 */
public final class SealLibrary {
    /** The file name of the library on this platform. */
    public static final String FILE_NAME = System.mapLibraryName("seal");

    private SealLibrary() {}

    private static final class Holder {
        static final Path PATH;
        static final SymbolLookup LOOKUP;

        static {
            List<Path> tried = new ArrayList<>();
            Path found = locate(tried).orElseThrow(() -> new UnsatisfiedLinkError(
                    "seal: native library " + FILE_NAME + " not found (looked in " + tried + "); build it with "
                            + "`cmake -S . -B build -G Ninja && cmake --build build` or pass -Dseal.native.dir=<folder>"));
            PATH = found;
            LOOKUP = SymbolLookup.libraryLookup(found, Arena.global());
            checkApiVersion(found, LOOKUP);
        }
    }

    /**
     * A library built from another seal.h (an old build left in place after an update) would fail later at the first
     * renamed symbol, or worse, read a struct with another layout: refuse it here, in one line.
     */
    private static void checkApiVersion(Path path, SymbolLookup lookup) {
        MemorySegment fn = lookup.find("seal_api_version").orElseThrow(() -> new UnsatisfiedLinkError(
                "seal: " + path + " is not a seal library (no seal_api_version): rebuild the native library"));
        int version;
        try {
            version = (int) Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(ValueLayout.JAVA_INT))
                    .invokeExact();
        } catch (Throwable t) {
            throw new UnsatisfiedLinkError("seal: seal_api_version failed in " + path + ": " + t);
        }
        if (version != seal_h.SEAL_API_VERSION()) {
            throw new UnsatisfiedLinkError("seal: " + path + " implements seal API " + version + ", these bindings "
                    + "need " + seal_h.SEAL_API_VERSION() + ": it was built from another seal.h; rebuild it (./seal "
                    + "rebuilds build/, `cmake --build build` by hand)");
        }
    }

    /** Where the library would be loaded from, without loading it. */
    public static Optional<Path> locate() {
        return locate(new ArrayList<>());
    }

    private static Optional<Path> locate(List<Path> tried) {
        List<Path> candidates = new ArrayList<>();
        String file = System.getProperty("seal.library");
        if (file != null && !file.isBlank()) {
            candidates.add(Path.of(file));
        }
        for (String dir : new String[] {System.getProperty("seal.native.dir"), System.getenv("SEAL_NATIVE_DIR")}) {
            if (dir != null && !dir.isBlank()) {
                candidates.add(Path.of(dir).resolve(FILE_NAME));
            }
        }
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir).resolve(FILE_NAME));
            }
        }
        for (Path p : candidates) {
            tried.add(p);
            if (Files.isRegularFile(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The loaded library's path (loads it). */
    public static Path path() {
        return Holder.PATH;
    }

    /** True when the library can be found (does not load it). */
    public static boolean available() {
        return locate().isPresent();
    }

    static MemorySegment find(String name) {
        return Holder.LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "seal: symbol " + name + " missing from " + Holder.PATH + ": rebuild the native library"));
    }

    static MethodHandle downcall(String name, FunctionDescriptor desc) {
        return Linker.nativeLinker().downcallHandle(find(name), desc);
    }
}
