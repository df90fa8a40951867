/**
 * java.lang.foreign bindings of native/include/seal.h, in the shape jextract generates.
 *
 * <p>{@code seal_h} (constants and downcalls) and the one class per struct are generated from the header by
 * {@code scripts/gen-bindings.sh} (bindings/gen/gen_bindings.py, through libclang): never edit them; edit
 * seal.h and rerun that command. {@link dev.seal.bindings.SealLibrary}, the loader they call, is written
 * by hand. scripts/test.sh fails when the generated files are not what seal.h generates, and
 * BindingsMatchHeaderTest compares them with the compiled library's struct layouts.
 */
package dev.seal.bindings;
