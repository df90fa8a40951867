package dev.seal.analyze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a synthetic study renders in headless Chromium: script, explorer, plots, a drawn page. */
class BrowserReportTest {
    @TempDir
    Path dir;

    @Test
    void reportRendersInHeadlessChromium() throws IOException, InterruptedException {
        Browser browser = Browser.require(dir);
        Path out = ReportTest.study(dir);
        Path png = Path.of(System.getProperty("java.io.tmpdir")).resolve("seal-analyze-synthetic-report.png");
        browser.checkReport(out.resolve("report.html"), 60, 9, png);
        Files.copy(png, dir.resolve("kept.png"));
        System.out.println("seal-test: synthetic report screenshot " + png);
    }
}
