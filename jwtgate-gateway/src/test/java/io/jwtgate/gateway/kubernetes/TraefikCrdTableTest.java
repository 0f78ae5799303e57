package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import io.jwtgate.gateway.provider.kubernetes.KubeResource;
import io.jwtgate.gateway.provider.kubernetes.ManifestReader;
import io.jwtgate.gateway.provider.kubernetes.ResourceSet;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Traefik v3.7's CRD provider tests (TestLoadIngressRoutes and its siblings in
 * pkg/provider/kubernetes/crd/kubernetes_test.go) as data: each case is Traefik's fixture files
 * (traefik-fixtures/fixtures/) and the configuration Traefik's test expects (crd-cases.yaml,
 * transcribed from the Go structs by transcribe.py). Each case is loaded through the manifest
 * reader and translated as the provider does; the result, in Traefik's shape
 * ({@link TraefikCrdShape}), must equal the expectation, except for the cases listed with the
 * class of their difference in crd-known-differences.yaml (which must still differ, so the list
 * stays true). IngressRouteTCP cases compare the {@code tcp} section too; UDP cases are kept in the data, skipped (UDP is not supported).
 */
class TraefikCrdTableTest {

    private static final String DIR = "/kubernetes/traefik-fixtures/";

    record Case(String test, String desc, List<String> paths, Map<String, Object> provider, String skip, Map<String, Object> expected) {}

    record Outcome(Case c, Map<String, Object> actual, Map<String, Object> expected, List<String> differences) {}

    static List<Case> cases() throws Exception {
        List<Map<String, Object>> docs = new YAMLMapper().readValue(TraefikCrdTableTest.class.getResource(DIR + "crd-cases.yaml"),
                new TypeReference<>() { });
        List<Case> out = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
            for (Map<String, Object> c : cases) {
                @SuppressWarnings("unchecked")
                Case k = new Case((String) doc.get("test"), (String) c.get("desc"), (List<String>) c.getOrDefault("paths", List.of()),
                        (Map<String, Object>) c.getOrDefault("provider", Map.of()), (String) c.get("skip"),
                        (Map<String, Object>) c.get("expected"));
                out.add(k);
            }
        }
        return out;
    }

    /** {test: {desc: class}} */
    static Map<String, Map<String, String>> knownDifferences() throws Exception {
        return new YAMLMapper().readValue(TraefikCrdTableTest.class.getResource(DIR + "crd-known-differences.yaml"), new TypeReference<>() { });
    }

    static Outcome run(Case c) throws Exception {
        Path dir = Path.of(Objects.requireNonNull(TraefikCrdTableTest.class.getResource(DIR + "fixtures/services.yml")).toURI()).getParent();
        List<Path> files = c.paths().stream().map(dir::resolve).toList();
        List<KubeResource> resources = ManifestReader.read(files, dir);
        ConfigNode p = ConfigNode.of(c.provider(), "case", "provider");
        KubernetesCrdConfig config = new KubernetesCrdConfig(null, null, false, p.get("namespaces").stringList(), null, null, null, null,
                p.get("allowCrossNamespace").bool(false), p.get("nativeLBByDefault").bool(false), Duration.ZERO, Duration.ofMinutes(10),
                Map.of(), "test", p.get("allowEmptyServices").bool(false), p.get("allowExternalNameServices").bool(false),
                p.get("ingressClass").string(""));
        List<String> warnings = new ArrayList<>();
        CrdSnapshot snapshot = CrdSnapshot.build(ResourceSet.of(resources, config.namespaces(), null, m -> { }), config, warnings::add);
        if (System.getenv("CRD_TABLE_VERBOSE") != null) {
            System.out.println("CASE " + c.desc() + " resources=" + resources.size() + " ns=" + config.namespaces() + " errors="
                    + snapshot.config().errors() + " warnings=" + warnings);
        }
        Map<String, Object> actual = TraefikCrdShape.of(snapshot);
        Map<String, Object> expected = TraefikCrdShape.expected(c.expected());
        List<String> differences = new ArrayList<>();
        diff("", expected, actual, differences);
        return new Outcome(c, actual, expected, differences);
    }

    /** Paths where the two trees differ, each with both values. */
    static void diff(String path, Object expected, Object actual, List<String> out) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            TreeMap<String, Object> keys = new TreeMap<>();
            e.keySet().forEach(k -> keys.put(String.valueOf(k), k));
            a.keySet().forEach(k -> keys.put(String.valueOf(k), k));
            for (String k : keys.keySet()) {
                diff(path + "/" + k, e.get(k), a.get(k), out);
            }
            return;
        }
        if (!Objects.equals(expected, actual)) {
            out.add(path + ": Traefik " + expected + " | jwtgate " + actual);
        }
    }

    @TestFactory
    Stream<DynamicTest> traefikCrdCases() throws Exception {
        Map<String, Map<String, String>> known = knownDifferences();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            if (c.skip() != null) {
                continue;
            }
            String reason = known.getOrDefault(c.test(), Map.of()).get(c.desc());
            tests.add(DynamicTest.dynamicTest(c.test() + ": " + c.desc(), () -> {
                Outcome o = run(c);
                if (reason == null) {
                    assertThat(o.differences()).as("differences from Traefik's expected configuration").isEmpty();
                } else {
                    assertThat(o.differences()).as("listed in crd-known-differences.yaml (" + reason + ") but now agrees with Traefik:"
                            + " remove it from the list").isNotEmpty();
                }
            }));
        }
        return tests.stream();
    }

    /** Every case has an outcome; the ported, agreeing and skipped counts are printed for the record. */
    @Test
    void summary() throws Exception {
        Map<String, Map<String, String>> known = knownDifferences();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Case c : cases()) {
            int[] n = counts.computeIfAbsent(c.test(), k -> new int[3]);
            if (c.skip() != null) {
                n[2]++;
                continue;
            }
            n[0]++;
            Outcome o = run(c);
            if (o.differences().isEmpty()) {
                n[1]++;
            } else if (System.getenv("CRD_TABLE_VERBOSE") != null) {
                System.out.println("DIFF " + c.test() + " | " + c.desc() + " | " + known.getOrDefault(c.test(), Map.of()).get(c.desc()));
                o.differences().forEach(d -> System.out.println("    " + d));
            }
        }
        counts.forEach((test, n) -> System.out.println("CRD table " + test + ": " + n[0] + " ported, " + n[1] + " agree, " + n[2] + " skipped"));
        assertThat(counts).containsKey("TestLoadIngressRoutes");
        assertThat(counts.get("TestLoadIngressRoutes")[1]).isPositive();
        assertThat(counts.get("TestLoadIngressRouteTCPs")[1]).isPositive();
    }
}
