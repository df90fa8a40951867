/**
 * Reading and writing GGUF files, the container format of llama.cpp models.
 *
 * <p>{@link dev.seal.gguf.GgufFile#read GgufFile.read} parses the header, every metadata key/value and the tensor
 * table of a GGUF v2/v3 file without loading tensor data, and checks every count, length and offset against the
 * file size first, so a damaged or hostile file ends in a {@link dev.seal.gguf.GgufFormatException} that names the
 * field at fault, never in an {@code OutOfMemoryError} or an endless loop. {@link dev.seal.gguf.GgufWriter} writes
 * GGUF v3 files atomically; both go through one little-endian reader and one writer ({@code GgufInput},
 * {@link dev.seal.gguf.GgufOutput}). {@link dev.seal.gguf.GgufValidator} checks an untrusted file before native code
 * loads it, including seal's reward head ({@link dev.seal.gguf.RewardHeadKeys}). {@link dev.seal.gguf.DemoModel}
 * writes random-weight llama reward models that llama.cpp loads (for {@code seal demo}, the benchmarks and the
 * tests); {@link dev.seal.gguf.Vocabularies} finds the tokenizer-only GGUFs they borrow their vocabulary from.
 *
 * <p>The format: magic {@code "GGUF"}, {@code uint32} version, {@code uint64} tensor count, {@code uint64} KV count,
 * the KVs (key string, {@code uint32} value type, value), the tensor infos (name, {@code uint32} n_dims,
 * {@code n_dims x int64} dims in ggml "ne" order, {@code uint32} ggml type, {@code uint64} offset relative to the data
 * section), padding to the alignment, and the tensor data. Strings are a {@code uint64} byte length and UTF-8 bytes
 * without a terminator; everything is little-endian.
 */
package dev.seal.gguf;
