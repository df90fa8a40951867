package dev.seal.bindgentest;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** The test header's loader, in the role SealLibrary has for seal_h: the library is -Dbt.library. */
final class BtLibrary {
    private static final SymbolLookup LOOKUP =
            SymbolLookup.libraryLookup(Path.of(System.getProperty("bt.library")), Arena.global());

    private BtLibrary() {}

    static MemorySegment find(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("bt: no symbol " + name));
    }

    static MethodHandle downcall(String name, FunctionDescriptor desc) {
        return Linker.nativeLinker().downcallHandle(find(name), desc);
    }
}
