package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Static {@code core.defaultRuleSyntax}, as Traefik's static configuration validates it. */
class CoreOptionsTest {

    private static StaticConfig load(String yaml, List<String> warnings) throws ConfigException {
        return new StaticConfigLoader(warnings::add).parse(YamlDocuments.parse(yaml, "traefik.yml"), Path.of("."));
    }

    @ParameterizedTest
    @CsvSource({"'', v3", "'core: {defaultRuleSyntax: v3}', v3", "'core: {defaultRuleSyntax: v2}', v2"})
    void defaultRuleSyntax(String yaml, String expected) throws Exception {
        List<String> warnings = new ArrayList<>();
        assertThat(load(yaml, warnings).defaultRuleSyntax()).isEqualTo(expected);
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"V2", "v4", "default"})
    void anyOtherSyntaxStopsTheStart(String value) {
        assertThatThrownBy(() -> load("core: {defaultRuleSyntax: " + value + "}", new ArrayList<>()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("core.defaultRuleSyntax")
                .hasMessageContaining("unsupported default rule syntax configuration: \"" + value + "\"");
    }
}
