package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.provider.kubernetes.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kustomize base under {@code deploy/} (kubectl is not available to CI): every listed file
 * parses, and the essentials agree with each other and with the gateway — RBAC is read-only on
 * exactly what the provider watches, probes hit the ping entry point, the image is the one
 * kustomize sets, ports line up, and the static configuration loads without warnings.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final YAMLMapper YAML = new YAMLMapper();
    static final List<JsonNode> DOCS = new ArrayList<>();
    static JsonNode kustomization;

    @BeforeAll
    static void render() throws Exception {
        kustomization = YAML.readTree(DEPLOY.resolve("base/kustomization.yaml").toFile());
        for (JsonNode file : kustomization.get("resources")) {
            Path p = DEPLOY.resolve("base").resolve(file.asText());
            assertThat(p).as("kustomization resource").exists();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(p))) {
                while (it.hasNextValue()) {
                    JsonNode doc = it.nextValue();
                    if (doc != null && !doc.isNull()) {
                        DOCS.add(doc);
                    }
                }
            }
        }
    }

    static JsonNode one(String kind) {
        List<JsonNode> found = DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyDocumentHasApiVersionKindAndName() {
        for (JsonNode d : DOCS) {
            assertThat(d.path("apiVersion").asText()).as(d.toString()).isNotEmpty();
            assertThat(d.path("metadata").path("name").asText()).as(d.toString()).isNotEmpty();
        }
        assertThat(DOCS).extracting(d -> d.get("kind").asText()).contains("Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    }

    @Test
    void rbacIsReadOnlyOnExactlyWhatTheProviderWatches() {
        Set<String> granted = new HashSet<>();
        for (JsonNode rule : one("ClusterRole").get("rules")) {
            List<String> verbs = new ArrayList<>();
            rule.get("verbs").forEach(v -> verbs.add(v.asText()));
            assertThat(verbs).containsExactlyInAnyOrder("get", "list", "watch");
            for (JsonNode group : rule.get("apiGroups")) {
                for (JsonNode resource : rule.get("resources")) {
                    assertThat(resource.asText()).doesNotContain("*");
                    granted.add(group.asText() + "/" + resource.asText());
                }
            }
        }
        Set<String> needed = new HashSet<>();
        for (ResourceKind kind : ResourceKind.values()) {
            for (String apiVersion : kind.apiVersions()) {
                needed.add((apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "") + "/" + kind.plural());
            }
        }
        assertThat(granted).isEqualTo(needed);
        JsonNode binding = one("ClusterRoleBinding");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(one("ClusterRole").at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(one("ServiceAccount").at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(kustomization.get("namespace").asText());
    }

    @Test
    void deploymentProbesImagePortsResourcesAndSecurity() throws Exception {
        JsonNode deployment = one("Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(pod.get("serviceAccountName").asText()).isEqualTo(one("ServiceAccount").at("/metadata/name").asText());
        String image = container.get("image").asText();
        assertThat(image.substring(0, image.indexOf(':'))).isEqualTo(kustomization.at("/images/0/name").asText());

        StaticConfig config = staticConfig();
        Map<String, Integer> ports = new java.util.HashMap<>();
        container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode http = container.get(probe).get("httpGet");
            assertThat(http.get("path").asText()).as(probe).isEqualTo("/ping");
            assertThat(ports.get(http.get("port").asText())).as(probe + " hits the ping entry point")
                    .isEqualTo(config.entryPoints().get(config.ping().entryPoint()).port());
        }
        assertThat(ports.get("web")).isEqualTo(config.entryPoints().get("web").port());
        assertThat(ports.get("websecure")).isEqualTo(config.entryPoints().get("websecure").port());
        assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();

        for (JsonNode p : one("Service").at("/spec/ports")) {
            assertThat(ports).containsKey(p.get("targetPort").asText());
        }
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertThat(one("Service").at("/spec/selector")).isEqualTo(labels);
        assertThat(one("PodDisruptionBudget").at("/spec/selector/matchLabels")).isEqualTo(labels);
        JsonNode hpa = one("HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThan(one("PodDisruptionBudget").at("/spec/minAvailable").asInt());
    }

    @Test
    void staticConfigurationOfTheImageLoadsWithoutWarningsAndWatchesTheApiServer() throws Exception {
        List<String> warnings = new ArrayList<>();
        StaticConfig config = new StaticConfigLoader(warnings::add).load(DEPLOY.resolve("base/jwtgate.yml"), Map.of());
        assertThat(warnings).isEmpty();
        assertThat(config.kubernetesCrd()).isNotNull();
        assertThat(config.kubernetesCrd().manifests()).isFalse();
        assertThat(kustomization.at("/configMapGenerator/0/files/0").asText()).isEqualTo("jwtgate.yml");
    }

    @Test
    void crdsDeclareTheKindsAndPluralsTheProviderReads() throws Exception {
        for (ResourceKind kind : List.of(ResourceKind.MIDDLEWARE, ResourceKind.INGRESS_ROUTE, ResourceKind.TLS_OPTION)) {
            JsonNode crd = YAML.readTree(DEPLOY.resolve("crds/traefik.io_" + kind.plural() + ".yaml").toFile());
            assertThat(crd.at("/metadata/name").asText()).isEqualTo(kind.plural() + ".traefik.io");
            assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind.kind());
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
            assertThat(crd.at("/spec/versions/0/schema/openAPIV3Schema/type").asText()).isEqualTo("object");
        }
    }

    @Test
    void dockerfileCopiesWhatMavenBuildsAndRunsAsNonRoot() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY jwtgate-gateway/target/lib/", "COPY jwtgate-gateway/target/jwtgate-gateway.jar",
                "COPY bin/jvm.sh bin/container-entrypoint.sh bin/", "--build-cache", "USER 10001",
                "ENTRYPOINT [\"/opt/jwtgate/bin/container-entrypoint.sh\"]");
        // The entry point runs the CLI's main class with the launcher's JVM options and the image's class cache.
        String entrypoint = Files.readString(Path.of("../bin/container-entrypoint.sh"));
        assertThat(entrypoint).contains("io.jwtgate.gateway.cli.Main", "jwtgate_jvm_defaults", "jwtgate_cache_option", "/opt/jwtgate");
        assertThat(Path.of("src/main/java/io/jwtgate/gateway/cli/Main.java")).exists();
        assertThat(Path.of("src/main/java/io/jwtgate/gateway/cli/TrainCommand.java")).exists();
    }

    private static StaticConfig staticConfig() throws Exception {
        return new StaticConfigLoader(w -> {}).load(DEPLOY.resolve("base/jwtgate.yml"), Map.of());
    }
}
