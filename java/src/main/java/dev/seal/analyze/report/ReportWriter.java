package dev.seal.analyze.report;

import dev.seal.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seal.analyze.AnalysisResult;
import dev.seal.analyze.Feature;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes an analysis into a directory: every table as CSV and JSON (and Parquet on request), summary.json with the
 * small tables and the inputs, and report.html. Files are written to a hidden scratch directory first and moved in
 * one by one, so a failed run never leaves a half-written file under a final name.
 */
public final class ReportWriter {
    /** Tables too big to repeat inside summary.json; they have their own files. */
    private static final Set<String> OWN_FILE_ONLY = Set.of("pairs", "texts", "errors", "problems", "resistance");

    private ReportWriter() {}

    /** Writes everything; returns the files written, report.html first. */
    public static List<Path> write(AnalysisResult r, Path out, boolean parquet, String title) throws IOException {
        Files.createDirectories(out);
        Path tmp = out.resolve(".seal-analyze-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        Files.createDirectory(tmp);
        try {
            List<Table> tables = ResultTables.all(r);
            List<String> names = new ArrayList<>();
            names.add("report.html");
            names.add("summary.json");
            for (Table t : tables) {
                names.add(t.name() + ".csv");
                names.add(t.name() + ".json");
                if (parquet) {
                    names.add(t.name() + ".parquet");
                }
            }
            for (Table t : tables) {
                TableWriter.csv(t, tmp.resolve(t.name() + ".csv"));
                TableWriter.json(t, tmp.resolve(t.name() + ".json"));
                if (parquet) {
                    TableWriter.parquet(t, tmp.resolve(t.name() + ".parquet"));
                }
            }
            summary(r, tables, names, tmp.resolve("summary.json"));
            Files.writeString(tmp.resolve("report.html"), HtmlReport.render(r, title, names), StandardCharsets.UTF_8);
            List<Path> written = new ArrayList<>();
            for (String n : names) {
                Path to = out.resolve(n);
                AtomicFiles.replace(tmp.resolve(n), to);
                written.add(to);
            }
            return written;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void summary(AnalysisResult r, List<Table> tables, List<String> files, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", 2);
            g.writeObjectFieldStart("inputs");
            AnalysisResult.Meta m = r.meta();
            field(g, "scores", m.scores());
            field(g, "baseline", m.baseline());
            g.writeArrayFieldStart("features");
            for (String f : m.features()) {
                g.writeString(f);
            }
            g.writeEndArray();
            field(g, "data", m.data());
            field(g, "label", m.label());
            field(g, "perturbed", m.perturbed());
            g.writeNumberField("scores_pairs", m.scoresPairs());
            g.writeNumberField("baseline_pairs", m.baselinePairs());
            g.writeNumberField("joined_pairs", m.joined());
            g.writeEndObject();
            // each model's statistics use its own pairs; the comparisons use the pairs both scored
            g.writeObjectFieldStart("pair_sets");
            for (AnalysisResult.PairSet p : m.pairSets()) {
                g.writeObjectFieldStart(p.sample().label());
                g.writeNumberField("pairs", p.pairs());
                g.writeNumberField("regression_pairs", p.regressionPairs());
                g.writeStringField("used_for", p.sample().usedFor());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("settings");
            field(g, "angle", m.angle());
            g.writeNumberField("confidence", m.confidence());
            g.writeNumberField("vif_threshold", m.vifThreshold());
            g.writeBooleanField("drop_collinear", m.dropCollinear());
            g.writeBooleanField("drop_incomplete", m.dropIncomplete());
            g.writeNumberField("near_identical", r.config().nearIdentical());
            g.writeNumberField("top_errors", r.config().topErrors());
            g.writeBooleanField("replicate_paper", r.replication() != null);
            g.writeStringField("standard_errors", "per-text and robustness models: CR1 clustered by pair"
                    + " (sandwich::vcovCL type HC1), t with G - 1 df; per-pair and angle models: HC1"
                    + " (sandwich::vcovHC type HC1), t with n - k df");
            g.writeEndObject();
            g.writeArrayFieldStart("regressed_features");
            for (int j : r.design().features()) {
                Feature f = r.pairs().features.get(j);
                g.writeString(f.name());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notes");
            for (String s : r.notes()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("problems");
            for (Map.Entry<String, Map.Entry<String, Integer>> e : r.problems().kinds().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("description", e.getValue().getKey());
                g.writeNumberField("count", e.getValue().getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("tables");
            for (Table t : tables) {
                if (OWN_FILE_ONLY.contains(t.name())) {
                    continue;
                }
                g.writeFieldName(t.name());
                TableWriter.array(t, g);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("files");
            for (String f : files) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void field(JsonGenerator g, String k, String v) throws IOException {
        if (v == null) {
            g.writeNullField(k);
        } else {
            g.writeStringField(k, v);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // scratch only
        }
    }
}
