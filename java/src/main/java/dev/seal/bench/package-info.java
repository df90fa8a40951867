/**
 * {@code seal bench}: reward-model latency and throughput on the scoring path seal score uses
 * ({@link dev.seal.score.InProcessBackend}), with memory and the backend in use. Depends on engine, format, score and
 * data only.
 */
package dev.seal.bench;
