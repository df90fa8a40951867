package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.CliRun.Run;
import dev.seal.engine.NativeTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the command line says is true: a value out of range is a bad command line (exit 2, one line naming the option
 * and the value, nothing written); the help states the real defaults; the version is the build's.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    /** The command's required arguments, with files that need not exist (a bad value is refused before they are read). */
    private List<String> base(String command) {
        String d = dir.toString();
        return new ArrayList<>(switch (command) {
            case "score" -> List.of("score", "--model", d + "/m.gguf", "--data", d + "/d.jsonl", "--out", d + "/s.csv");
            case "analyze" -> List.of("analyze", "--scores", d + "/s.csv", "--out", d + "/report");
            case "convert" -> List.of("convert", d + "/hf", "--out", d + "/m.gguf");
            case "inspect" -> List.of("inspect", d + "/m.gguf");
            case "demo" -> List.of("demo", "--dir", d + "/demo");
            case "bench" -> List.of("bench", "--model", d + "/m.gguf", "--synthetic", "4");
            default -> throw new IllegalArgumentException(command);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "score,   --batch-tokens,   -5",
        "score,   --batch-tokens,   0",
        "score,   --max-tokens,     0",
        "score,   --max-tokens,     99999999999",
        "score,   --threads,        0",
        "score,   --threads,        -1",
        "score,   --chunk-pairs,    0",
        "score,   --gpu-layers,     -2",
        "score,   --shard-rows,     0",
        "score,   --worker-timeout, -1",
        "score,   --max-text-bytes, 0",
        "score,   --sha256,         abc",
        "score,   --out,            scores.txt",
        "score,   --errors,         s.csv",
        "convert, --threads,        0",
        "demo,    --pairs,          0",
        "analyze, --top,            -1",
        "analyze, --confidence,     1",
        "analyze, --angle,          sideways",
        "inspect, --sha256,         12",
        "bench,   --synthetic,      0",
        "bench,   --lengths,        0",
        "bench,   --budgets,        256:x",
        "bench,   --batch-pairs,    -8",
        "bench,   --repeats,        0",
        "bench,   --warmup,         -1",
        "bench,   --gpu-layers,     -2",
    })
    void anOutOfRangeValueIsABadCommandLine(String command, String option, String value) throws IOException {
        List<String> args = base(command);
        String v = option.equals("--errors") || option.equals("--out") ? dir.resolve(value).toString() : value;
        int given = args.indexOf(option);
        if (given >= 0) {
            args.set(given + 1, v);
        } else {
            args.addAll(List.of(option, v));
        }
        Run r = seal(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("seal: ") && r.err().contains(option) && r.err().contains(value), r.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing written");
        }
    }

    @Test
    void theHelpStatesTheRealLimitOfMaxTokens() {
        Run r = seal("score", "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--max-tokens=N longest sequence in tokens"), help);
        assertTrue(help.contains("the model's training context, capped at 4096"), help);
        assertFalse(help.contains("capped by --batch-tokens"), help);
    }

    @Test
    void theVersionIsTheBuildsWithTheEngineBuild() throws IOException {
        NativeTests.requireNative();
        String pom = Files.readString(Path.of(System.getProperty("seal.repo", ".")).resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>seal-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the project version in pom.xml");
        Run r = seal("--version");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("seal " + m.group(1), lines.get(0));
        assertEquals("engine: " + Main.engineBuild(), lines.get(1));
        assertTrue(lines.get(1).contains("llama.cpp"), lines.get(1));
    }
}
