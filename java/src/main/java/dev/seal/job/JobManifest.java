package dev.seal.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.seal.gguf.GgufValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The manifest of a resumable scoring job ({@code manifest.json} in the job directory): what the job is (the input and
 * model files by size and SHA-256, the engine build, every option that changes results, the labels, the shard size)
 * and what is done (the complete shards, each with its row range, counts and checksum). Rewritten atomically after
 * every shard.
 *
 * @param format  {@value #FORMAT}
 * @param build   the native engine's build ({@code seal_build_info}: seal version, llama.cpp commit, backends,
 *                patches): another build may give other rewards, so a job is resumed only by the build that started it
 * @param options option name to value, for those that change what is computed
 */
public record JobManifest(String format, FileId input, FileId model, String build, Map<String, String> options,
                          List<String> labels, long shardRows, List<Shard> shards, boolean complete,
                          double secondsBefore) {
    /** Version 2 added {@code build}; a version-1 job is not resumed (its build is unknown). */
    public static final String FORMAT = "seal-score-job/2";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public JobManifest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(build, "build");
        options = new TreeMap<>(options);
        labels = labels == null ? null : List.copyOf(labels);
        shards = List.copyOf(shards);
    }

    /** A file by path (for messages), size and SHA-256 (what counts). */
    public record FileId(String path, long size, String sha256) {
        public static FileId of(Path p, String knownSha256) throws IOException {
            return new FileId(p.toAbsolutePath().toString(), Files.size(p),
                    knownSha256 != null ? knownSha256 : GgufValidator.sha256(p));
        }

        boolean sameContent(FileId o) {
            return size == o.size && sha256.equals(o.sha256);
        }
    }

    /**
     * One complete shard: rows [from, to) of the input, {@code scored + errors == to - from}.
     *
     * @param seconds wall time spent computing it
     */
    public record Shard(int index, long from, long to, long scored, long errors, String file, long bytes, String sha256,
                        double seconds) {}

    /** Rows covered by complete shards (where a resumed job starts). */
    public long done() {
        return shards.isEmpty() ? 0 : shards.getLast().to();
    }

    public JobManifest withShard(Shard s) {
        List<Shard> l = new ArrayList<>(shards);
        l.add(s);
        return new JobManifest(format, input, model, build, options, labels, shardRows, l, complete, secondsBefore);
    }

    public JobManifest withShards(List<Shard> l) {
        return new JobManifest(format, input, model, build, options, labels, shardRows, l, complete, secondsBefore);
    }

    public JobManifest withLabels(List<String> l) {
        return new JobManifest(format, input, model, build, options, l, shardRows, shards, complete, secondsBefore);
    }

    public JobManifest withComplete(boolean c) {
        return new JobManifest(format, input, model, build, options, labels, shardRows, shards, c, secondsBefore);
    }

    /**
     * Why a rerun described by {@code wanted} may not resume this job because of the engine build, in one line naming
     * both builds; empty when the builds are the same.
     */
    public Optional<String> buildDifference(JobManifest wanted) {
        return build.equals(wanted.build) ? Optional.empty() : Optional.of("the unfinished job was scored by engine build \""
                + build + "\" and this is \"" + wanted.build + "\": rewards may differ between builds, so it is not"
                + " resumed; pass --restart to start over");
    }

    /**
     * What differs from another job's description (input, model, options, shard size), one line each; empty when a
     * rerun may resume this one.
     */
    public List<String> differences(JobManifest wanted) {
        List<String> d = new ArrayList<>();
        if (!input.sameContent(wanted.input)) {
            d.add("input: " + wanted.input.path() + " (sha256 " + abbrev(wanted.input.sha256()) + ") is not the file the"
                    + " job started with (" + input.path() + ", sha256 " + abbrev(input.sha256()) + ")");
        }
        if (!model.sameContent(wanted.model)) {
            d.add("model: " + wanted.model.path() + " (sha256 " + abbrev(wanted.model.sha256()) + ") is not the model"
                    + " the job started with (" + model.path() + ", sha256 " + abbrev(model.sha256()) + ")");
        }
        TreeMap<String, String> keys = new TreeMap<>(options);
        keys.putAll(wanted.options);
        for (String k : keys.keySet()) {
            String was = options.get(k);
            String now = wanted.options.get(k);
            if (!Objects.equals(was, now)) {
                d.add("option " + k + ": " + now + " now, " + was + " when the job started");
            }
        }
        if (shardRows != wanted.shardRows) {
            d.add("option shard_rows: " + wanted.shardRows + " now, " + shardRows + " when the job started");
        }
        return d;
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    static JobManifest read(Path p) throws IOException {
        JobManifest m = JSON.readValue(Files.readAllBytes(p), JobManifest.class);
        if (!FORMAT.equals(m.format())) {
            throw new IOException(p + ": unknown job format " + m.format());
        }
        return m;
    }
}
