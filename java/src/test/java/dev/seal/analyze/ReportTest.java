package dev.seal.analyze;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal analyze` through the CLI on a synthetic study: the files, their agreement, and a self-contained report. */
class ReportTest {
    @TempDir
    Path dir;


    /** Runs the full study and returns the output directory. */
    static Path study(Path dir) throws IOException {
        AnalyzeFixtures.Study s = AnalyzeFixtures.study(dir, 300, 11);
        Path out = dir.resolve("report");
        Run r = seal("analyze", "--scores", s.star().toString(), "--baseline", s.base().toString(), "--features",
                s.features().toString(), "--data", s.data().toString(), "--perturbed", s.perturbed().toString(),
                "--perturbed-data", s.perturbedData().toString(), "--out", out.toString(), "--parquet",
                "--drop-collinear", "--top", "60", "--replicate-paper");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("RM*  accuracy"), r.out());
        assertTrue(r.out().contains("report: " + out.resolve("report.html")), r.out());
        return out;
    }

    @Test
    void writesEveryTableInEveryFormatAndTheyAgree() throws IOException, SQLException {
        Path out = study(dir);
        for (String t : List.of("evaluation", "resistance", "regimes", "features", "vif", "imprint", "imprint_models",
                "angles", "shift_regression", "robustness", "robustness_regression", "ambiguity", "errors", "pairs",
                "texts", "problems")) {
            for (String ext : List.of(".csv", ".json", ".parquet")) {
                assertTrue(Files.isRegularFile(out.resolve(t + ext)), t + ext);
            }
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(300, summary.get("pair_sets").get("RM*").get("pairs").asInt());
        assertEquals(300, summary.get("pair_sets").get("both").get("pairs").asInt());
        assertTrue(summary.get("tables").get("imprint").size() > 10);
        assertTrue(summary.get("regressed_features").toString().contains("last_response_is_harmless"));
        // the Parquet and CSV copies of the imprint table hold the same numbers
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + out.resolve("imprint.parquet")
                     + "') p JOIN read_csv('" + out.resolve("imprint.csv") + "') c USING (model, response, term)"
                     + " WHERE p.estimate = c.estimate AND p.se = c.se")) {
            rs.next();
            assertEquals(summary.get("tables").get("imprint").size(), rs.getInt(1));
        }
        // RM* rewards harmlessness in this study: a significant positive target imprint, in line with its sign
        JsonNode harmless = null;
        for (JsonNode row : summary.get("tables").get("imprint")) {
            if (row.get("model").asText().equals("RM*") && row.get("term").asText().equals("last_response_is_harmless")) {
                harmless = row;
            }
        }
        assertTrue(harmless != null && harmless.get("estimate").asDouble() > 0.5 && harmless.get("p_bh").asDouble() < 1e-6,
                String.valueOf(harmless));
    }

    @Test
    void reportIsSelfContainedAndEscapesTheTexts() throws IOException {
        Path out = study(dir);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "network is forbidden");
        // no external resource: the only URL is the SVG namespace name, which is never fetched
        Matcher m = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\"' <]*").matcher(html);
        while (m.find()) {
            assertEquals("http://www.w3.org/2000/svg", m.group(), "external reference in the report");
        }
        assertFalse(Pattern.compile("(?i)<(link|img|iframe|object|embed)\\b").matcher(html).find(), "no external elements");
        assertFalse(Pattern.compile("(?i)<[a-z][^>]*\\s(src|href)\\s*=\\s*(?![\"']?#)").matcher(html).find(),
                "no src attributes, no links but in-page anchors");
        // the hostile response is shown as text
        assertFalse(html.contains(AnalyzeFixtures.HOSTILE));
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
        assertEquals(1, count(html, "<script>"), "one script element: ours");
        for (String id : List.of("summary", "evaluation", "resistance", "regimes", "imprint", "shift", "robustness",
                "ambiguity", "errors", "methods")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\"") >= 9, "plots");
        assertEquals(60, count(html, "<tr data-flags="), "60 pairs in the explorer");
    }

    @Test
    void badInputExitsWith3AndOneLine() throws IOException {
        Path scores = AnalyzeFixtures.lines(dir.resolve("s.csv"), List.of("id,chosen_reward", "a,1"));
        Run r = seal("analyze", "--scores", scores.toString(), "--out", dir.resolve("o").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("seal: ") && r.err().contains("no column rejected_reward"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Run missing = seal("analyze", "--scores", dir.resolve("nope.parquet").toString(), "--out", dir.toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
