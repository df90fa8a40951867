package dev.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code depend one way: each can be read alone, bottom up. A dependency is any reference to
 * {@code dev.seal.<package>.} in a source file's code (imports and fully qualified names alike, so a cycle cannot hide
 * behind a qualified name); comments and string literals are not code.
 */
class PackageGraphTest {
    private static final Path MAIN = Path.of("src/main/java/dev/seal");
    private static final Pattern REF = Pattern.compile("\\bdev\\.seal\\.([a-z]+)\\.");
    /** Char literals, text blocks, string literals, block and line comments. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "'(?:\\\\.|[^'\\\\\n])'|\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\n])*\"|/\\*[\\s\\S]*?\\*/|//[^\n]*");

    /** package -> packages it refers to (without itself), from the sources. */
    static Map<String, Set<String>> graph(Path root) {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue; // dev/seal/package-info.java
                }
                String pkg = rel.getName(0).toString();
                Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(NOT_CODE.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** A cycle as a list of packages (first = last), or an empty list. */
    static List<String> cycle(Map<String, Set<String>> g) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : g.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> c = visit(start, g, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> g, Map<String, Integer> state,
                                      Deque<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> c = new ArrayList<>();
            boolean in = false;
            for (String q : path.reversed()) {
                in |= q.equals(p);
                if (in) {
                    c.add(q);
                }
            }
            c.add(p);
            return c;
        }
        state.put(p, 1);
        path.push(p);
        for (String d : new TreeSet<>(g.getOrDefault(p, Set.of()))) {
            List<String> c = visit(d, g, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.pop();
        state.put(p, 2);
        return List.of();
    }

    @Test
    void mainPackagesHaveNoCycle() {
        Map<String, Set<String>> g = graph(MAIN);
        assertTrue(g.size() > 5, "read the main sources from " + MAIN.toAbsolutePath() + ": " + g.keySet());
        assertEquals(List.of(), cycle(g), "package cycle in main code; the graph is " + g);
    }

    @Test
    void scoringDoesNotDependOnTheJobLayer() {
        Map<String, Set<String>> g = graph(MAIN);
        assertFalse(g.get("score").contains("job"), "score -> job: " + g.get("score"));
        assertTrue(g.get("job").contains("score"), "the job layer runs scoring: " + g.get("job"));
    }

    @Test
    void perturbingUsesTheEngineWhichNeverPerturbs() {
        // the paraphrase kind generates with engine.Generator; the engine stays below every job that uses it
        Map<String, Set<String>> g = graph(MAIN);
        assertTrue(g.get("perturb").contains("engine"), "perturb -> engine: " + g.get("perturb"));
        assertFalse(g.get("engine").contains("perturb"), "engine -> perturb: " + g.get("engine"));
        assertFalse(g.get("data").contains("perturb"), "data -> perturb: " + g.get("data"));
    }

    @Test
    void thePipelineSitsOnTheJobsAndOnlyTheCliRunsIt() {
        Map<String, Set<String>> g = graph(MAIN);
        assertTrue(g.get("pipeline").containsAll(Set.of("perturb", "similarity", "job", "label", "analyze")),
                "seal run calls the jobs themselves: " + g.get("pipeline"));
        g.forEach((p, deps) -> assertTrue(p.equals("cli") || p.equals("pipeline") || !deps.contains("pipeline"),
                p + " -> pipeline: only the command line runs the pipeline"));
    }

    @Test
    void theCycleFinderFindsACycle() {
        // the detector itself, on the shape the review found (score <-> job), so a silent pass means no cycle
        Map<String, Set<String>> g = Map.of("cli", Set.of("job", "score"), "job", Set.of("score"), "score",
                Set.of("job", "data"), "data", Set.of());
        assertEquals(List.of("job", "score", "job"), cycle(new TreeMap<>(g)));
        assertEquals(List.of(), cycle(new TreeMap<>(Map.of("job", Set.of("score"), "score", Set.of("data")))));
    }
}
