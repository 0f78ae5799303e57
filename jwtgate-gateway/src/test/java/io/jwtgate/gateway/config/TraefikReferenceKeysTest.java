package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every key of Traefik's reference static and dynamic file configuration (copied in
 * {@code traefik-reference/}) is either read by jwtgate or reported by a warning or problem that
 * says it is not supported: no Traefik key is silently ignored. The result is checked in as
 * {@code traefik-keys-status.tsv} (a change of status fails here) and rendered as
 * {@code docs/traefik-keys.md}.
 */
class TraefikReferenceKeysTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path EXPECTED = Path.of("src/test/resources/traefik-keys-status.tsv");
    private static final Path DOC = Path.of("../docs/traefik-keys.md");
    private static final String UPDATE = "jwtgate.updateTraefikKeys";
    private static final String REGENERATE = "./mvnw -o -B -q -pl jwtgate-gateway verify -Dtest=TraefikReferenceKeysTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true";

    @Test
    void everyTraefikKeyIsSupportedOrReportedAsNotSupported() throws Exception {
        ReferencePatches.writePemFiles();
        Map<String, KeyAudit.Status> rows = new LinkedHashMap<>();
        List<String> diagnostics = new ArrayList<>();
        audit("static", reference("static-file.yaml"), ReferencePatches.STATIC_SPLITS, rows, diagnostics);
        audit("dynamic", reference("dynamic-file.yaml"), ReferencePatches.DYNAMIC_SPLITS, rows, diagnostics);
        audit("static", YAML.readTree(ReferencePatches.STATIC_EXTRA), ReferencePatches.STATIC_SPLITS, rows, diagnostics);

        String tsv = TraefikKeysDoc.tsv(rows);
        String doc = TraefikKeysDoc.markdown(rows);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/traefik-keys-status.tsv"), tsv);
        Files.writeString(Path.of("target/traefik-keys-diagnostics.txt"), String.join("\n", diagnostics) + "\n");
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(EXPECTED, tsv);
            Files.writeString(DOC, doc);
        }

        assertThat(rows.entrySet().stream().filter(r -> r.getValue().status().equals(KeyAudit.Status.IGNORED)).map(Map.Entry::getKey))
                .as("Traefik keys neither read nor reported as not supported (see target/traefik-keys-diagnostics.txt):"
                        + " make the loader warn with Unsupported.message, or implement them")
                .isEmpty();
        assertThat(tsv).as("the status of Traefik's keys changed; check target/traefik-keys-status.tsv and regenerate with: " + REGENERATE)
                .isEqualTo(Files.exists(EXPECTED) ? Files.readString(EXPECTED) : "");
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "").as("docs/traefik-keys.md is out of date; regenerate with: " + REGENERATE)
                .isEqualTo(doc);
    }

    private static JsonNode reference(String name) throws Exception {
        try (InputStream in = TraefikReferenceKeysTest.class.getResourceAsStream("/traefik-reference/" + name)) {
            return YAML.readTree(in);
        }
    }

    /** Loads every fragment of {@code reference} in each of its variants and records the status of each leaf key. */
    private static void audit(String scope, JsonNode reference, List<String> splits, Map<String, KeyAudit.Status> rows,
            List<String> diagnostics) throws Exception {
        for (ReferenceFragments.Fragment fragment : ReferenceFragments.split(reference, splits)) {
            Map<String, KeyAudit.Status> fragmentRows = new LinkedHashMap<>();
            for (Map<String, String> variant : ReferencePatches.variants(scope, fragment.path())) {
                ObjectNode doc = ReferencePatches.patched(fragment.document(), variant);
                KeyAudit.Loaded loaded;
                if (scope.equals("static")) {
                    loaded = KeyAudit.loadStatic(ReferenceFragments.merge(YAML.readTree(ReferencePatches.STATIC_BASE).deepCopy(), doc));
                } else {
                    ObjectNode full = ReferenceFragments.merge(YAML.readTree(ReferencePatches.DYNAMIC_BASE).deepCopy(), doc);
                    ReferencePatches.routeTo(full, fragment.path());
                    loaded = KeyAudit.loadDynamic(full, ReferencePatches.DYNAMIC_STATIC);
                }
                for (String leaf : ReferenceFragments.leaves(doc.at("/" + fragment.path().replace(".", "/")), fragment.path())) {
                    boolean emptyMap = doc.at("/" + leaf.replace(".", "/")).isObject();
                    KeyAudit.Status status = loaded.status(leaf, emptyMap);
                    String key = scope + "\t" + ReferenceFragments.generic(leaf);
                    fragmentRows.merge(key, status, TraefikReferenceKeysTest::better);
                }
                diagnostics.add("== " + scope + " " + fragment.path() + " " + variant);
                loaded.otherMessages().forEach(m -> diagnostics.add("   " + m));
                loaded.unsupported().forEach((k, v) -> diagnostics.add("   unsupported " + k + ": " + v));
            }
            fragmentRows.forEach((k, v) -> rows.merge(k, v, TraefikReferenceKeysTest::worse));
        }
    }

    /** Across variants of one fragment: a key read in one of them is read (another variant had left it out). */
    private static KeyAudit.Status better(KeyAudit.Status a, KeyAudit.Status b) {
        List<String> order = List.of(KeyAudit.Status.NOT_SUPPORTED, KeyAudit.Status.DEPRECATED, KeyAudit.Status.SUPPORTED);
        return rank(a, order) <= rank(b, order) ? a : b;
    }

    /** Across instances of one generic key (Router0, Router1): the least supported wins. */
    private static KeyAudit.Status worse(KeyAudit.Status a, KeyAudit.Status b) {
        List<String> order = List.of(KeyAudit.Status.IGNORED, KeyAudit.Status.NOT_SUPPORTED, KeyAudit.Status.DEPRECATED);
        return rank(a, order) <= rank(b, order) ? a : b;
    }

    /** The position of {@code s} in {@code order}, statuses not listed last. */
    private static int rank(KeyAudit.Status s, List<String> order) {
        int i = order.indexOf(s.status());
        return i < 0 ? order.size() : i;
    }
}
