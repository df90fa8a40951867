package dev.seal.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.analyze.Analysis;
import dev.seal.analyze.AnalysisConfig;
import dev.seal.analyze.AnalysisResult;
import dev.seal.analyze.AnalyzeOptions;
import dev.seal.analyze.report.ReportWriter;
import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.engine.Embedder;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.Prober;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import dev.seal.gguf.GgufValidator;
import dev.seal.job.FileDigests;
import dev.seal.job.RowJournal;
import dev.seal.job.ScoreRun;
import dev.seal.label.LabelJob;
import dev.seal.label.Taxonomy;
import dev.seal.perturb.Kind;
import dev.seal.perturb.Paraphraser;
import dev.seal.perturb.PerturbJob;
import dev.seal.perturb.Target;
import dev.seal.score.InProcessBackend;
import dev.seal.score.ScoreJob;
import dev.seal.score.Summary;
import dev.seal.similarity.SimilarityJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The SEAL pipeline in one run: perturbed copies of the pairs, the copies whose meaning drifted dropped by an embedding
 * model, the pairs scored by RM* (and RM0) and the kept copies by RM*, the pairs labeled with the taxonomy, and the
 * analysis with its report. Each step calls the same job as its own command ({@code seal perturb}, {@code similarity},
 * {@code score}, {@code label}, {@code analyze}).
 *
 * <p>A step is skipped when a completed earlier run of it had the same input files (by digest) and options and its
 * outputs are still the ones it wrote ({@link Stamp}); otherwise it runs. The score steps resume an interrupted run
 * where it stopped (the job directory of {@code seal score}); the other steps start an interrupted run over.
 */
public final class Pipeline {
    /** The label modes LabelJob runs. */
    static final List<String> LABEL_MODES = List.of("probe", "json");
    /** The steps, in order; the names of the stamp files and of the lines the run prints. */
    public static final List<String> STEPS = List.of("perturb", "similarity", "score rm_star", "score rm0",
            "score copies", "label", "analyze");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineConfig c;
    private final Consumer<String> say;
    private final Consumer<String> notes;
    private final Path stamps;

    private Pipeline(PipelineConfig c, Consumer<String> say, Consumer<String> notes) {
        this.c = c;
        this.say = say;
        this.notes = notes;
        this.stamps = c.out().resolve(".stamps");
    }

    /** How a step's body ended: whether it resumed an interrupted run, and a few words on what it did. */
    private record Done(boolean resumed, String detail) {}

    @FunctionalInterface
    private interface Body {
        /** @param resume an interrupted run of this step with the same key may be resumed */
        Done run(boolean resume) throws IOException;
    }

    /**
     * Runs the pipeline (each step skipped, run or resumed), printing a line per step through {@code say} and other
     * notes (hashing, resuming, set-aside pairs) through {@code notes}.
     *
     * @return the report (report.html)
     * @throws IllegalArgumentException when an option or an input cannot be used (before the step that needs it runs)
     */
    public static Path run(PipelineConfig c, Consumer<String> say, Consumer<String> notes) throws IOException {
        return new Pipeline(c, say, notes).run();
    }

    private Path run() throws IOException {
        for (Path p : new Path[] {c.data(), c.rmStar(), c.rm0(), c.labeler(), c.embedder()}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        // the paraphrase kind rewrites with the labeler (the instruct model of the config)
        List<String> names = new ArrayList<>(List.of(c.kinds().split(",", -1)).stream().map(String::strip).toList());
        boolean paraphrase = names.removeIf(Paraphraser.KIND::equals);
        if (paraphrase && c.labeler() == null) {
            throw new IllegalArgumentException("the config's kinds has " + Paraphraser.KIND
                    + ", which rewrites with the labeler: add \"labeler\" (an instruct GGUF)");
        }
        PerturbJob.Options perturbOptions = new PerturbJob.Options(
                names.isEmpty() ? List.of() : Kind.parseList(String.join(",", names)), c.seed(), target(c.target()),
                c.copies(), paraphrase ? new PerturbJob.Paraphrase(c.labeler(), Model.Options.defaults(),
                        Generator.Options.defaults(), 16, Paraphraser.Settings.defaults()) : null);
        Files.createDirectories(c.out());
        Format format = c.format() == Format.AUTO ? Datasets.detect(c.data()) : c.format();
        Path copies = c.out().resolve("copies" + extension(format));
        Path copyErrors = c.out().resolve("copies.errors.jsonl");
        Map<String, Path> perturbInputs = new LinkedHashMap<>(Map.of("data", c.data()));
        if (paraphrase) {
            perturbInputs.put("labeler", c.labeler());
        }
        step("perturb", perturbInputs, Map.of("format", format.name(), "kinds", c.kinds(), "target",
                c.target(), "seed", String.valueOf(c.seed()), "copies", String.valueOf(c.copies())),
                List.of(copies, copyErrors), resume -> {
                    PerturbJob.Summary s = PerturbJob.run(c.data(), format, copies, copyErrors, perturbOptions);
                    return new Done(false, s.copies() + " copies of " + s.pairs() + " pairs, " + s.errors() + " errors");
                });

        Path kept = null;
        if (c.embedder() == null) {
            skipped("similarity", "no embedder in the config: every copy is scored");
        } else {
            kept = c.out().resolve("kept.jsonl");
            Path similarities = c.out().resolve("similarity.csv");
            Path keptFile = kept;
            step("similarity", Map.of("data", c.data(), "copies", copies, "embedder", c.embedder()),
                    Map.of("threshold", String.valueOf(c.threshold())),
                    List.of(similarities, kept, c.out().resolve("similarity.errors.jsonl")), resume -> {
                        SimilarityJob.Summary s = SimilarityJob.run(c.embedder(), c.data(), copies, format, similarities,
                                keptFile, c.out().resolve("similarity.errors.jsonl"),
                                new SimilarityJob.Options(c.threshold(), Embedder.Options.defaults()),
                                new RowJournal.Resume(RowJournal.Inputs.of(Map.of("data", c.data(), "perturbed", copies),
                                        "model", c.embedder(), notes), !resume, notes));
                        long keptN = s.keptDroppedByKind().values().stream().mapToLong(n -> n[0]).sum();
                        return new Done(false, "kept " + keptN + " of " + s.copies() + " copies (threshold "
                                + c.threshold() + "), " + s.errors() + " errors");
                    });
        }

        Path star = score("score rm_star", c.rmStar(), c.data(), format, "scores-rm_star.jsonl", null);
        Path base = null;
        if (c.rm0() == null) {
            skipped("score rm0", "no rm0 in the config: the report has no baseline");
        } else {
            base = score("score rm0", c.rm0(), c.data(), format, "scores-rm0.jsonl", null);
        }
        Path copyScores = score("score copies", c.rmStar(), copies, Format.AUTO, "scores-copies.jsonl", kept);

        List<Path> features = new ArrayList<>();
        if (c.labeler() == null) {
            skipped("label", "no labeler in the config: the imprint uses seal's built-in features only");
        } else {
            Path table = c.out().resolve("features.csv");
            Path labelErrors = c.out().resolve("features.errors.jsonl");
            features.add(table);
            step("label", Map.of("data", c.data(), "labeler", c.labeler()), Map.of("label_mode", c.labelMode(),
                    "format", format.name()), List.of(table, labelErrors), resume -> {
                        LabelJob.Summary s;
                        try (Model m = Model.load(c.labeler(), Model.Options.defaults())) {
                            Taxonomy tax = Taxonomy.defaults();
                            LabelJob.Generation json = c.labelMode().equals("json") ? new LabelJob.Generation(
                                    32 * tax.keys().size(), 0, (int) c.seed(), Generator.Options.defaults()) : null;
                            s = LabelJob.run(m, c.data(), format, table, labelErrors, tax,
                                    new LabelJob.Options(false, null, 32, Prober.Options.defaults(), json),
                                    new RowJournal.Resume(RowJournal.Inputs.of(Map.of("data", c.data()),
                                            "model", c.labeler(), notes), !resume, notes));
                        }
                        return new Done(false, s.labeled() + " of " + s.pairs() + " pairs labeled, " + s.errors()
                                + " errors");
                    });
        }
        return analyze(star, base, features, copies, copyScores);
    }

    private Path analyze(Path star, Path base, List<Path> features, Path copies, Path copyScores) throws IOException {
        Path reportDir = c.out().resolve("report");
        Path report = reportDir.resolve("report.html");
        Map<String, Path> inputs = new LinkedHashMap<>(Map.of("data", c.data(), "scores_rm_star", star, "copies", copies,
                "scores_copies", copyScores));
        if (base != null) {
            inputs.put("scores_rm0", base);
        }
        for (int i = 0; i < features.size(); i++) {
            inputs.put("features_" + i, features.get(i));
        }
        step("analyze", inputs, Map.of(), List.of(report), resume -> {
            AnalyzeOptions o = new AnalyzeOptions(star, base, features, c.data(), null, copyScores, null, copies,
                    List.of(), true, false, false);
            AnalysisResult r = Analysis.run(o, AnalysisConfig.defaults());
            String title = "SEAL pipeline — " + c.data().getFileName() + ", " + c.rmStar().getFileName()
                    + (c.rm0() != null ? " vs " + c.rm0().getFileName() : "");
            List<Path> written = ReportWriter.write(r, reportDir, false, title);
            r.problems().summaries().forEach(s -> notes.accept("analyze: set aside " + s));
            return new Done(false, written.size() + " files in " + reportDir);
        });
        say.accept("report: " + report);
        return report;
    }

    /**
     * A score step: the pairs of {@code data} (only the copies {@code kept} lists, when given) scored by
     * {@code model} as {@code seal score} does it, resumed when an interrupted run with the same key left shards.
     */
    private Path score(String name, Path model, Path data, Format format, String outName, Path kept) throws IOException {
        Path out = c.out().resolve(outName);
        Path errors = c.out().resolve(outName.replace(".jsonl", ".errors.jsonl"));
        Map<String, Path> inputs = new LinkedHashMap<>(Map.of("model", model, "data", data));
        if (kept != null) {
            inputs.put("kept", kept);
        }
        step(name, inputs, Map.of("raw", String.valueOf(c.raw()), "shard_rows", String.valueOf(c.shardRows())),
                List.of(out, errors), resume -> {
                    InProcessBackend.Setup setup = new InProcessBackend.Setup(model.toAbsolutePath().toString(),
                            Model.Options.defaults().gpuLayers(), Scorer.Options.defaults(), c.raw(), null,
                            PairFormatter.Truncation.ERROR, PairFormatter.ContentTokens.PARSE);
                    // a run with another key is discarded, not refused: the stamp already says the step must rerun
                    ScoreRun.Outcome done = ScoreRun.run(new ScoreRun.Request(model, null, data, format, out, errors, setup,
                            c.shardRows(), ScoreJob.Settings.defaults(), false, 0, !resume, false, true, List.of()),
                            kept == null ? null : keptIds(kept), notes);
                    Summary s = done.summary();
                    return new Done(done.resumedRows() > 0, (done.resumedRows() > 0 ? "after row "
                            + done.resumedRows() + "; " : "") + s.pairs() + " pairs scored, " + s.errors() + " errors");
                });
        return out;
    }

    /** The ids in seal similarity's kept file (one {"id": ...} object a line). */
    private static Set<String> keptIds(Path kept) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(kept)) {
            if (!line.isBlank()) {
                ids.add(JSON.readTree(line).get("id").asText());
            }
        }
        return ids;
    }

    private void skipped(String name, String why) {
        say.accept(line(name, "skipped (" + why + ")"));
    }

    private static String line(String name, String what) {
        return String.format(Locale.ROOT, "%-14s %s", name, what);
    }

    /** Runs, resumes or skips one step (see the class comment). */
    private void step(String name, Map<String, Path> inputs, Map<String, String> options, List<Path> outputs, Body body)
            throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            digests.put(in.getKey(), digest(in.getValue()));
        }
        Stamp wanted = new Stamp(digests, options, false, Map.of());
        Path stampFile = stamps.resolve(name.replace(' ', '-') + ".json");
        Stamp earlier = Stamp.read(stampFile);
        String why;
        if (earlier == null) {
            why = "first run";
        } else if (!wanted.sameKey(earlier)) {
            why = "changed: " + wanted.changes(earlier);
        } else if (!earlier.complete()) {
            why = "the earlier run was interrupted";
        } else {
            String stale = staleOutput(earlier, outputs);
            if (stale == null) {
                say.accept(line(name, "skipped (done; inputs and options unchanged)"));
                return;
            }
            why = stale;
        }
        boolean resume = earlier != null && wanted.sameKey(earlier) && !earlier.complete();
        wanted.write(stampFile);
        long start = System.nanoTime();
        Done done = body.run(resume);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, String> outs = new LinkedHashMap<>();
        for (Path o : outputs) {
            if (Files.isRegularFile(o)) {
                outs.put(c.out().relativize(o).toString(), GgufValidator.sha256(o));
            }
        }
        wanted.completed(outs).write(stampFile);
        say.accept(line(name, String.format(Locale.ROOT, "%s (%s): %s in %.1f s", done.resumed() ? "resumed" : "ran",
                why, done.detail(), seconds)));
    }

    /** Why a completed step's outputs no longer stand, or null when they are all as it left them. */
    private String staleOutput(Stamp done, List<Path> outputs) throws IOException {
        if (!Files.isRegularFile(outputs.getFirst())) {
            return outputs.getFirst().getFileName() + " is missing";
        }
        for (Map.Entry<String, String> o : done.outputs().entrySet()) {
            Path p = c.out().resolve(o.getKey());
            if (!Files.isRegularFile(p) || !GgufValidator.sha256(p).equals(o.getValue())) {
                return o.getKey() + " changed since the step wrote it";
            }
        }
        return null;
    }

    /** Models by the remembered digest (they can be many GB); the pipeline's own files are hashed each time. */
    private String digest(Path file) throws IOException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
                ? FileDigests.userCache().sha256(file, notes) : GgufValidator.sha256(file);
    }

    /** The target named as seal perturb --target takes it, or null. */
    static Target target(String name) {
        return Arrays.stream(Target.values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** Copies are written in the input's format (see seal perturb). */
    private static String extension(Format f) {
        return switch (f) {
            case HH_RLHF, JSONL, AUTO -> ".jsonl";
            case CSV -> ".csv";
            case PARQUET -> ".parquet";
        };
    }
}
