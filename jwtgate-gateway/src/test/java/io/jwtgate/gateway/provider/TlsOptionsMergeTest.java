package io.jwtgate.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** TLS options of several providers, merged: Traefik's mergeConfiguration table ({@code tls/traefik-merge-options.yaml}). */
class TlsOptionsMergeTest {

    @TestFactory
    Stream<DynamicTest> traefikMergeConfigurationTlsOptions() throws Exception {
        JsonNode cases = new YAMLMapper().readTree(getClass().getResource("/tls/traefik-merge-options.yaml"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> {
                List<DynamicConfig> snapshots = new ArrayList<>();
                for (var p = c.get("providers").fields(); p.hasNext(); ) {
                    var provider = p.next();
                    String yaml = "tls: {options: " + new ObjectMapper().writeValueAsString(provider.getValue()) + "}";
                    snapshots.add(new DynamicConfigParser(provider.getKey(), w -> { })
                            .add(YamlDocuments.parse(yaml, provider.getKey() + ".yml")).build());
                }
                DynamicConfig merged = DynamicConfigMerger.merge(snapshots);
                Map<String, String> named = new TreeMap<>();
                merged.tlsOptions().forEach((name, o) -> {
                    if (!o.isDefault()) {
                        named.put(name, o.minVersion().name());
                    }
                });
                Map<String, String> expected = new TreeMap<>();
                c.get("expect").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
                assertThat(named).isEqualTo(expected);
                TlsOptionsConfig def = merged.tlsOptions().get(TlsOptionsConfig.DEFAULT);
                switch (c.get("default").asText()) {
                    case "traefik" -> assertThat(def).isNull(); // the runtime then applies Traefik's defaults
                    case "broken" -> {
                        assertThat(def.error()).isNotNull();
                        assertThat(def.error().getMessage()).contains("the default TLS options are defined by several providers",
                                "provider-1", "provider-2", "every TLS connection that would use them is refused");
                        assertThat(merged.errors()).contains(def.error());
                    }
                    default -> assertThat(def.minVersion().name()).isEqualTo(c.get("default").asText());
                }
            }));
        }
        return tests.stream();
    }
}
