package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** TLSOption and IngressRoute tls.options: Traefik's CRD fixtures ({@code kubernetes/traefik-tlsoption-fixtures.yaml}). */
class CrdTlsOptionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: whoami, namespace: default}
            spec: {ports: [{port: 80}]}
            """;

    @TestFactory
    Stream<DynamicTest> traefikFixtures() throws Exception {
        JsonNode cases = new YAMLMapper().readTree(getClass().getResource("/kubernetes/traefik-tlsoption-fixtures.yaml"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> {
                List<String> warnings = new ArrayList<>();
                DynamicConfig config = CrdTranslationTest.translate(c.get("manifests").asText() + SERVICE,
                        c.path("allowCrossNamespace").asBoolean(false), null, warnings::add).config();
                List<RouterConfig> routers = List.copyOf(config.routers().values());
                if (c.has("routerOptions")) {
                    assertThat(routers).singleElement().satisfies(r -> {
                        assertThat(r.error()).isNull();
                        assertThat(r.tls()).isTrue();
                        assertThat(r.tlsOptions()).isEqualTo(c.get("routerOptions").asText());
                    });
                }
                if (c.has("routerError")) {
                    assertThat(routers).singleElement().satisfies(r -> assertThat(r.error()).hasMessageContaining(c.get("routerError").asText()));
                }
                c.path("options").fields().forEachRemaining(o -> {
                    TlsOptionsConfig options = config.tlsOptions().get(o.getKey());
                    assertThat(options).as(o.getKey() + " in " + config.tlsOptions().keySet()).isNotNull();
                    JsonNode e = o.getValue();
                    if (e.has("error")) {
                        assertThat(options.error()).hasMessage(e.get("error").asText());
                        assertThat(config.errors()).contains(options.error());
                        return;
                    }
                    assertThat(options.error()).isNull();
                    e.fieldNames().forEachRemaining(field -> {
                        Object actual = switch (field) {
                            case "minVersion" -> options.minVersion().name();
                            case "cipherSuites" -> options.cipherSuites();
                            case "clientAuthType" -> options.clientAuthType().name();
                            case "caFiles" -> options.caFiles().stream().map(TlsOptionsConfig.CaFile::value).toList();
                            case "sniStrict" -> options.sniStrict();
                            case "disableSessionTickets" -> options.disableSessionTickets();
                            case "alpnProtocols" -> options.alpnProtocols();
                            default -> throw new AssertionError("unknown field " + field);
                        };
                        JsonNode tree = JSON.valueToTree(actual);
                        assertThat((Object) tree).as(field).isEqualTo(e.get(field));
                    });
                });
                List<String> expectedWarnings = new ArrayList<>();
                c.path("warnings").forEach(w -> expectedWarnings.add(w.asText()));
                assertThat(warnings).containsExactlyElementsOf(expectedWarnings);
            }));
        }
        return tests.stream();
    }
}
