/**
 * Scoring a dataset: the loop that reads pairs and emits one entry per row ({@link dev.seal.score.ScoreJob}), the
 * backends it hands batches to ({@link dev.seal.score.ScoringBackend}; {@link dev.seal.score.InProcessBackend} runs the
 * engine here), what a pair's scoring gave ({@link dev.seal.score.PairOutcome}, {@link dev.seal.score.BatchFailure}),
 * and the scores, errors, progress and summary writers.
 *
 * <p>Depends on data, format, engine, io and stats only. The job layer ({@code dev.seal.job}: resumable shards, the
 * supervised worker process) is built on top of this package, never the other way round.
 */
package dev.seal.score;
