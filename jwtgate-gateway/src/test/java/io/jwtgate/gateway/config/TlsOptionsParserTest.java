package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code tls.options}: the table of {@code tls/options-parse-cases.yaml} (values, every error message, warnings), and naming. */
class TlsOptionsParserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Parsed(DynamicConfig config, List<String> warnings) {}

    static Parsed parse(String yaml) throws Exception {
        List<String> warnings = new ArrayList<>();
        DynamicConfig config = new DynamicConfigParser("file", warnings::add).add(YamlDocuments.parse(yaml, "dynamic.yml")).build();
        return new Parsed(config, warnings);
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws Exception {
        JsonNode cases = new YAMLMapper().readTree(getClass().getResource("/tls/options-parse-cases.yaml"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> {
                Parsed p = parse("tls:\n  options:\n    o: " + JSON.writeValueAsString(c.get("options")) + "\n");
                TlsOptionsConfig o = p.config().tlsOptions().get("o@file");
                assertThat(o).isNotNull();
                if (c.has("error")) {
                    assertThat(p.config().errors()).extracting(Throwable::getMessage).containsExactly(c.get("error").asText());
                    assertThat(o.error()).isNotNull();
                    assertThat(o.error().getMessage()).isEqualTo(c.get("error").asText());
                    return;
                }
                assertThat(p.config().errors()).isEmpty();
                assertThat(o.error()).isNull();
                JsonNode e = c.get("expect");
                e.fieldNames().forEachRemaining(field -> {
                    Object actual = switch (field) {
                        case "minVersion" -> o.minVersion().name();
                        case "maxVersion" -> o.maxVersion().name();
                        case "cipherSuites" -> o.cipherSuites();
                        case "namedGroups" -> o.namedGroups();
                        case "clientAuthType" -> o.clientAuthType().name();
                        case "caFiles" -> o.caFiles().size();
                        case "sniStrict" -> o.sniStrict();
                        case "alpnProtocols" -> o.alpnProtocols();
                        case "disableSessionTickets" -> o.disableSessionTickets();
                        default -> throw new AssertionError("unknown field " + field);
                    };
                    JsonNode tree = JSON.valueToTree(actual);
                    assertThat((Object) tree).as(field).isEqualTo(e.get(field));
                });
                List<String> expectedWarnings = new ArrayList<>();
                c.get("warnings").forEach(w -> expectedWarnings.add(w.asText()));
                assertThat(p.warnings()).containsExactlyElementsOf(expectedWarnings);
            }));
        }
        return tests.stream();
    }

    @Test
    void defaultIsGlobalAndOtherNamesAreQualifiedInDefinitionsAndRouters() throws Exception {
        Parsed p = parse("""
                http:
                  routers:
                    a: {rule: Host(`a`), service: s, tls: {options: foo}}
                    b: {rule: Host(`b`), service: s, tls: {options: default}}
                    c: {rule: Host(`c`), service: s, tls: {options: bar@kubernetescrd}}
                    d: {rule: Host(`d`), service: s, tls: {}}
                    e: {rule: Host(`e`), service: s, tls: {options: ""}}
                tls:
                  options:
                    default: {minVersion: VersionTLS13}
                    foo: {}
                """);
        assertThat(p.config().tlsOptions()).containsOnlyKeys("default", "foo@file");
        assertThat(p.config().tlsOptions().get("default").isDefault()).isTrue();
        assertThat(p.config().routers().get("a@file").tlsOptions()).isEqualTo("foo@file");
        assertThat(p.config().routers().get("b@file").tlsOptions()).isEqualTo("default");
        assertThat(p.config().routers().get("c@file").tlsOptions()).isEqualTo("bar@kubernetescrd");
        assertThat(p.config().routers().get("d@file").tlsOptions()).isNull();
        assertThat(p.config().routers().get("e@file").tlsOptions()).isEqualTo("default");
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void optionsDefinedTwiceDifferentlyByOneProviderKeepTheFirstDefinition() throws Exception {
        List<String> warnings = new ArrayList<>();
        DynamicConfigParser parser = new DynamicConfigParser("file", warnings::add);
        parser.add(YamlDocuments.parse("tls: {options: {foo: {minVersion: VersionTLS12}}}", "a.yml"));
        parser.add(YamlDocuments.parse("tls: {options: {foo: {minVersion: VersionTLS13}}}", "b.yml"));
        parser.add(YamlDocuments.parse("tls: {options: {bar: {sniStrict: true}}}", "a.yml"));
        parser.add(YamlDocuments.parse("tls: {options: {bar: {sniStrict: true}}}", "b.yml"));
        DynamicConfig config = parser.build();
        assertThat(config.tlsOptions().get("foo@file").error()).isNull();
        assertThat(config.tlsOptions().get("foo@file").source()).isEqualTo("a.yml");
        assertThat(config.tlsOptions().get("bar@file").error()).isNull();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .startsWith("b.yml: tls.options.foo: TLS options 'foo@file' is already defined in a.yml; this definition is skipped"));
    }
}
