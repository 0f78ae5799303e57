package io.jwtgate.gateway.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.support.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Traefik's tlsmanager tests ({@code tls/traefik-tlsmanager-cases.yaml}): options in, the TLS setup (or failure) out. */
class TraefikTlsManagerCasesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> traefikTlsManagerTable() throws Exception {
        String ca = TestPki.ca("Traefik test CA").certificatePem();
        JsonNode cases = new YAMLMapper().readTree(getClass().getResource("/tls/traefik-tlsmanager-cases.yaml"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> {
                TlsOptionsConfig config;
                List<Exception> problems = new ArrayList<>();
                if (c.get("options").asText().equals("TRAEFIK_DEFAULT")) {
                    config = TlsOptionsConfig.traefikDefault();
                } else {
                    String options = JSON.writeValueAsString(c.get("options")).replace("\"CA\"", JSON.writeValueAsString(ca));
                    DynamicConfig parsed = new DynamicConfigParser("file", w -> { })
                            .add(YamlDocuments.parse("tls: {options: {o: " + options + "}}", "dynamic.yml")).build();
                    problems.addAll(parsed.errors());
                    config = parsed.tlsOptions().get("o@file");
                }
                TlsChoice choice = TlsOptionsCompiler.compile(config, problems::add);
                if (c.path("error").asBoolean(false)) {
                    assertThat(choice).isInstanceOf(TlsChoice.Refuse.class);
                    assertThat(problems).hasSize(1);
                    return;
                }
                assertThat(problems).isEmpty();
                TlsOptions o = ((TlsChoice.Use) choice).options();
                JsonNode e = c.get("expect");
                e.fieldNames().forEachRemaining(field -> {
                    Object actual = switch (field) {
                        case "clientAuthType" -> o.clientAuth().name();
                        case "clientCaSubjects" -> o.clientCas().size();
                        case "minVersion" -> o.minVersion().name();
                        case "alpnProtocols" -> o.config().alpnProtocols();
                        case "disableSessionTickets" -> o.disableSessionTickets();
                        case "enabledCipherSuites" -> o.cipherSuites();
                        default -> throw new AssertionError("unknown field " + field);
                    };
                    JsonNode tree = JSON.valueToTree(actual);
                    assertThat((Object) tree).as(field).isEqualTo(e.get(field));
                });
            }));
        }
        return tests.stream();
    }
}
