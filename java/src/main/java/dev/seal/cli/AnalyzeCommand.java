package dev.seal.cli;

import dev.seal.analyze.Analysis;
import dev.seal.analyze.AnalysisConfig;
import dev.seal.analyze.AnalysisResult;
import dev.seal.analyze.AnalyzeOptions;
import dev.seal.analyze.Evaluation;
import dev.seal.analyze.PairData;
import dev.seal.analyze.PaperReplication;
import dev.seal.analyze.report.Html;
import dev.seal.analyze.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"SEAL analysis of scored preference pairs: alignment resistance, feature imprint, reward shift,"
                + " robustness, standard evaluation and an error explorer.",
                "Writes CSV and JSON tables (Parquet with --parquet), summary.json and a self-contained report.html.",
                "Inputs are joined by pair id; every id that cannot be used is counted and listed in problems.csv."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--scores", required = true, paramLabel = "FILE", description = "RM* scores from seal score (.parquet, .csv, .jsonl, or a directory of Parquet parts)")
    Path scores;

    @Option(names = "--baseline", paramLabel = "FILE", description = "RM0 scores (the model before training on the data) on the same pairs")
    Path baseline;

    @Option(names = "--features", paramLabel = "FILE", split = ",", description = "feature table(s) per text: id, side (chosen/rejected), features; or id, chosen_<f>, rejected_<f> (CSV/JSONL/Parquet)")
    List<Path> features = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE", description = "the scored dataset: texts for the error explorer and seal's built-in features")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created; existing report files are replaced)")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON: feature roles (target/spoiler/context/ignore), signs, thresholds")
    Path config;

    @Option(names = "--label", paramLabel = "NAME", description = "reward label of a multi-label RM (default: the primary reward)")
    String label;

    @Option(names = "--perturbed", paramLabel = "FILE", description = "RM* scores of perturbed copies; ids <source id>::<kind>[::<n>] or see --perturbation-map")
    Path perturbed;

    @Option(names = "--perturbation-map", paramLabel = "FILE", description = "table with id, source_id, kind for the perturbed copies")
    Path perturbationMap;

    @Option(names = "--perturbed-data", paramLabel = "FILE", description = "the perturbed dataset (built-in features of the copies)")
    Path perturbedData;

    @Option(names = "--use", paramLabel = "FEATURES", split = ",", description = "regress on exactly these features (default: every target and spoiler)")
    List<String> use = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "FEATURES", split = ",", description = "leave these features out of the regressions")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--drop-collinear", description = "drop aliased features and features with VIF above the threshold (default: stop on aliasing, flag high VIF)")
    boolean dropCollinear;

    @Option(names = "--drop-incomplete", description = "leave out (and list) pairs with missing feature values instead of stopping")
    boolean dropIncomplete;

    @Option(names = "--require-all-pairs", description = "stop when --scores and --baseline do not hold the same pair ids")
    boolean requireAllPairs;

    @Option(names = "--no-builtin", description = "do not compute seal's built-in features from --data")
    boolean noBuiltin;

    @Option(names = "--top", paramLabel = "N", converter = OptionValues.NonNegative.class, description = "pairs in the error explorer (default 100)")
    Integer top;

    @Option(names = "--confidence", paramLabel = "LEVEL", description = "confidence level of intervals (default 0.95)")
    Double confidence;

    @Option(names = "--angle", paramLabel = "MODE", description = "reward-shift angles on RAW rewards (default, as the SEAL paper) or STANDARDIZED per model")
    String angle;

    @Option(names = "--replicate-paper", description = "also fit the SEAL paper's regressions as its reference code did (classical errors, row id as a covariate, Bonferroni over every coefficient) and list which of its conclusions change under seal's analysis")
    boolean replicatePaper;

    @Option(names = "--parquet", description = "also write every table as Parquet")
    boolean parquet;

    @Option(names = "--title", paramLabel = "TEXT", description = "report title")
    String title;

    @Option(names = {"-q", "--quiet"}, description = "no summary of set-aside pairs on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (confidence != null && !(confidence > 0.5 && confidence < 1)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--confidence': " + confidence
                    + " is out of range (must be above 0.5 and below 1)");
        }
        AnalysisConfig.Angle a = null;
        if (angle != null) {
            try {
                a = AnalysisConfig.Angle.valueOf(angle.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--angle': " + angle
                        + " (must be raw or standardized)");
            }
        }
        for (Path p : inputs()) {
            if (!Files.isRegularFile(p) && !Files.isDirectory(p)) { // a directory: Parquet parts (a Spark job's output)
                throw new NoSuchFileException(p.toString());
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; give a directory");
        }
        AnalysisConfig cfg = config == null ? AnalysisConfig.defaults() : AnalysisConfig.read(config);
        cfg = cfg.with(dropCollinear ? Boolean.TRUE : null, top, confidence, a, noBuiltin ? Boolean.FALSE : null, exclude);
        AnalyzeOptions o = new AnalyzeOptions(scores, baseline, features, data, label, perturbed, perturbationMap,
                perturbedData, use, dropIncomplete, requireAllPairs, replicatePaper);
        AnalysisResult r = Analysis.run(o, cfg);
        String t = title != null ? title : "SEAL analysis — " + scores.getFileName()
                + (baseline != null ? " vs " + baseline.getFileName() : "");
        List<Path> written = ReportWriter.write(r, out, parquet, t);

        PrintWriter err = spec.commandLine().getErr();
        if (!quiet) {
            for (String s : r.problems().summaries()) {
                err.println("seal analyze: set aside " + s);
            }
            err.flush();
        }
        PrintWriter w = spec.commandLine().getOut();
        AnalysisResult.Meta m = r.meta();
        // each model on its own pairs, the comparisons on the pairs both scored (summary.json's pair_sets)
        w.printf(Locale.ROOT, "pairs analysed  RM* %s of %s%s%n", Html.count(m.pairSet(PairData.Sample.STAR).pairs()),
                Html.count(m.scoresPairs()), baseline == null ? "" : String.format(Locale.ROOT,
                        ", RM0 %s of %s, both %s", Html.count(m.pairSet(PairData.Sample.BASE).pairs()),
                        Html.count(m.baselinePairs()), Html.count(m.pairSet(PairData.Sample.JOINT).pairs())));
        for (Evaluation e : r.evaluation()) {
            w.printf(Locale.ROOT, "%-4s accuracy   %s [%s, %s]   resistance %s [%s, %s]   ties %d%n", e.model(),
                    Html.pct(e.accuracy().estimate()), Html.pct(e.accuracy().lo()), Html.pct(e.accuracy().hi()),
                    Html.pct(e.resistance().estimate()), Html.pct(e.resistance().lo()), Html.pct(e.resistance().hi()),
                    e.ties());
        }
        for (AnalysisResult.RegimeRow rr : r.regimeRows()) {
            w.printf(Locale.ROOT, "regime %-15s %6d  %s%n", rr.regime(), rr.n(), Html.pct(rr.share().estimate()));
        }
        if (!r.imprintText().isEmpty()) {
            w.printf(Locale.ROOT, "feature imprint %d features, %s texts in %s pairs%n", r.design().features().size(),
                    Html.count(r.imprintText().getFirst().n()), Html.count(r.imprintText().getFirst().clusters()));
        }
        if (r.replication() != null && r.replication().models().isEmpty()) {
            w.printf("paper replication no regression to replicate (no feature imprint); figures in paper_figures.csv%n");
        } else if (r.replication() != null) {
            PaperReplication.Result rep = r.replication();
            w.printf(Locale.ROOT, "paper replication %d of %d significant coefficients of the paper's analysis survive;"
                    + " %d conclusions change (replication.csv)%n", rep.surviving(), rep.paperConclusions().size(),
                    rep.differences().size());
        }
        if (!r.problems().entries().isEmpty()) {
            w.printf(Locale.ROOT, "set aside       %d entries (problems.csv)%n", r.problems().entries().size());
        }
        w.printf("report: %s%ntables: %s (%d files)%n", written.getFirst(), out, written.size());
        w.flush();
        return 0;
    }

    private List<Path> inputs() {
        List<Path> in = new ArrayList<>();
        in.add(scores);
        for (Path p : new Path[] {baseline, data, config, perturbed, perturbationMap, perturbedData}) {
            if (p != null) {
                in.add(p);
            }
        }
        in.addAll(features);
        return in;
    }
}
