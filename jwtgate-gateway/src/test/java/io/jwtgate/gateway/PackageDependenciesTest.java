package io.jwtgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the gateway form a graph without cycles (no arrow runs back up), and
 * {@code http}, the leaf shared by the entry points, middlewares and services, imports no other
 * gateway package. Read from the sources' import lines: {@code ./mvnw test -pl jwtgate-gateway
 * -Dtest=PackageDependenciesTest} prints the graph.
 */
class PackageDependenciesTest {

    private static final String ROOT = "io.jwtgate.gateway";
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.jwtgate\\.gateway(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Map<String, Set<String>> GRAPH = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path src = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = src.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> deps = GRAPH.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        GRAPH.forEach((pkg, deps) -> System.out.println(pkg.replace(ROOT, "") + " -> " + deps.stream().map(d -> d.replace(ROOT, "")).toList()));
        assertThat(GRAPH).containsKeys(ROOT + ".http", ROOT + ".server", ROOT + ".runtime");
    }

    @Test
    void httpIsALeaf() {
        assertThat(GRAPH.get(ROOT + ".http")).as("gateway packages imported by http").isEmpty();
    }

    @Test
    void pemIsALeaf() {
        // PEM reading and key managers serve the runtime, the entry points, the proxy and middlewares alike.
        assertThat(GRAPH.get(ROOT + ".pem")).as("gateway packages imported by pem").isEmpty();
    }

    @Test
    void noPackageCycle() {
        List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** Tarjan's algorithm over the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : GRAPH.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                              Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : GRAPH.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
