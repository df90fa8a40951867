/**
 * Reliability of long scoring jobs: resumable sharded output and a supervised native worker.
 *
 * <ul>
 *   <li>{@link dev.seal.job.ShardedJob}: the job directory next to the output ({@code <out>.parts/}) with
 *       {@link dev.seal.job.JobManifest} (input and model SHA-256, the options that change results, complete shards
 *       with row ranges and checksums) and one durable shard file per {@code --shard-rows} input rows; a rerun with
 *       the same arguments resumes after the last complete shard, other arguments are refused unless
 *       {@code --restart}; the scores file is assembled from the shards at the end.</li>
 *   <li>{@link dev.seal.job.WorkerBackend}: the native engine in a {@code seal worker} process
 *       ({@link dev.seal.job.WorkerServer}, {@link dev.seal.job.WorkerProtocol}: length-prefixed frames on
 *       stdin/stdout); a worker that dies or hangs is restarted and its batch reported as a
 *       {@link dev.seal.score.BatchFailure}, which {@link dev.seal.score.ScoreJob} splits down to the poison row.
 *       Out of memory at decode halves the batch, down to one pair, then reports the pair.</li>
 *   <li>{@link dev.seal.job.ScoreRun}: one whole scoring run on that machinery, as {@code seal score} and
 *       {@code seal run}'s score steps do it.</li>
 *   <li>{@link dev.seal.job.Durable} (temp file, fsync, rename, fsync the directory) and
 *       {@link dev.seal.job.WritePoint} (named points of the write path, inert unless a test observes them).</li>
 * </ul>
 */
package dev.seal.job;
