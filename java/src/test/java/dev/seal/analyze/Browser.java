package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.seal.testing.Parts;
import javax.imageio.ImageIO;

/**
 * Opens a report in headless Chromium (Debian's {@code chromium} package) and checks what a reader would see: the DOM
 * after the report's script ran, and a screenshot. Without Chromium the check is skipped with a plain message, unless
 * {@code -Dseal.require.browser=true}; {@code -Dseal.chromium=/path} picks the binary.
 */
public final class Browser {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

    private final Path binary;
    private final Path work;

    private Browser(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, or the test is skipped ("SKIPPED: chromium not installed") / fails when it is required. */
    public static Browser require(Path work) {
        String prop = System.getProperty("seal.chromium");
        Path found = null;
        if (prop != null && !prop.isBlank()) {
            found = Path.of(prop);
        } else {
            for (String c : CANDIDATES) {
                if (Files.isExecutable(Path.of(c))) {
                    found = Path.of(c);
                    break;
                }
            }
        }
        if (found == null || !Files.isExecutable(found)) {
            Parts.missing("browser", "chromium not installed (apt-get install chromium, or -Dseal.chromium=PATH)");
        }
        return new Browser(found, work);
    }

    private String run(List<String> extra, Path html, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(extra);
        cmd.add(html.toUri().toString());
        Path err = work.resolve("chromium-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + cmd);
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed: " + log);
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** The DOM after load and the report's script. */
    public String dom(Path html) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=10000", "--dump-dom"), html, work.resolve("dom.html"));
    }

    /** A PNG of the first {@code height} pixels at {@code width}. */
    public BufferedImage screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png), html, work.resolve("shot.log"));
        assertTrue(Files.isRegularFile(png), "no screenshot written");
        return ImageIO.read(png.toFile());
    }

    /**
     * The checks every report must pass: the script ran without error, the explorer counted its rows, the plots are
     * in the DOM, and the screenshot shows a drawn page (not blank, with the plots' colours).
     */
    public void checkReport(Path html, int explorerRows, int minPlots, Path png) throws IOException, InterruptedException {
        String dom = dom(html);
        assertTrue(dom.contains("data-ready=\"1\""), "the report's script did not finish");
        assertFalse(dom.contains("data-error="), "script error: " + find(dom, "data-error=\"([^\"]*)\""));
        assertTrue(dom.contains(explorerRows + " of " + explorerRows + " pairs shown"),
                "explorer count: " + find(dom, "id=\"explorer-count\"[^>]*>([^<]*)<"));
        int plots = count(dom, "class=\"plot\"");
        assertTrue(plots >= minPlots, plots + " plots in the DOM, expected at least " + minPlots);
        assertFalse(find(dom, "<title>([^<]*)</title>").contains("pwned"), "a text was executed as a script");
        assertFalse(Pattern.compile("<img\\b").matcher(dom).find(), "an <img> element appeared");

        BufferedImage img = screenshot(html, png, 1280, 2600);
        assertEquals(1280, img.getWidth());
        assertEquals(2600, img.getHeight());
        int nonWhite = 0;
        int blue = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (b > 150 && r < 120 && g > 80 && g < 170) { // the report's blue (#1f6fb2) in bars and dots
                    blue++;
                }
            }
        }
        double ink = nonWhite / (double) (img.getWidth() / 2 * (img.getHeight() / 2));
        assertTrue(ink > 0.03, "the page looks blank: " + ink);
        assertTrue(colours.size() > 64, "too few colours for a page with plots: " + colours.size());
        assertTrue(blue > 200, "the plots' blue is missing: " + blue + " pixels");
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    private static String find(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        return m.find() ? m.group(1) : "(none)";
    }

    static File file(Path p) {
        return p.toFile();
    }
}
