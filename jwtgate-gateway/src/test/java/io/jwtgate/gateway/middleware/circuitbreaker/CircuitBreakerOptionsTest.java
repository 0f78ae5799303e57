package io.jwtgate.gateway.middleware.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.circuitbreaker.CircuitBreakerMiddleware.Options;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options of {@code circuitBreaker}: Traefik's defaults (pkg/config/dynamic CircuitBreaker.SetDefaults), zeros, refusals. */
class CircuitBreakerOptionsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    final List<String> warnings = new ArrayList<>();

    Options parse(String yaml) throws Exception {
        return Options.parse(new ConfigNode(YAML.readTree(yaml), "test.yml", "http.middlewares.cb.circuitBreaker"), warnings::add);
    }

    @Test
    void traefiksDefaults() throws Exception {
        Options o = parse("expression: NetworkErrorRatio() > 0.5");
        assertThat(o.checkPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.fallbackDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.recoveryDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.responseCode()).isEqualTo(503);
        assertThat(o.condition()).hasToString("NetworkErrorRatio() > 0.5");
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyOption() throws Exception {
        Options o = parse("{expression: 'RequestThreshold() > 5', checkPeriod: 1s, fallbackDuration: 1m30s, recoveryDuration: 42,"
                + " responseCode: 403}");
        assertThat(o.checkPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.fallbackDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.recoveryDuration()).as("a bare number is seconds, as Traefik's durations").isEqualTo(Duration.ofSeconds(42));
        assertThat(o.responseCode()).isEqualTo(403);
    }

    @Test
    void zeroDurationsMeanTheDefaults() throws Exception {
        Options o = parse("{expression: 'RequestThreshold() > 5', checkPeriod: 0s, fallbackDuration: 0, recoveryDuration: 0ms}");
        assertThat(o.checkPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.fallbackDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.recoveryDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(warnings).hasSize(3).allMatch(w -> w.contains("0 means the default"));
    }

    @Test
    void unknownKeysAreWarned() throws Exception {
        parse("{expression: 'RequestThreshold() > 5', fallbackDurations: 1s}");
        assertThat(warnings).singleElement().asString().contains("fallbackDurations").contains("did you mean 'fallbackDuration'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", value = {
            "{}                                                        | http.middlewares.cb.circuitBreaker.expression | the expression is empty",
            "{expression: foobar}                                      | http.middlewares.cb.circuitBreaker.expression | 1:1: foobar is not defined",
            "{expression: 'NetworkErrorRatio() > 1'}                   | http.middlewares.cb.circuitBreaker.expression | 1:23:",
            "{expression: 'RequestThreshold() > 5', responseCode: 0}   | http.middlewares.cb.circuitBreaker.responseCode | found 0",
            "{expression: 'RequestThreshold() > 5', responseCode: 100} | http.middlewares.cb.circuitBreaker.responseCode | 200 to 999",
            "{expression: 'RequestThreshold() > 5', responseCode: 1000} | http.middlewares.cb.circuitBreaker.responseCode | 200 to 999",
            "{expression: 'RequestThreshold() > 5', checkPeriod: -1s}  | http.middlewares.cb.circuitBreaker.checkPeriod | must not be negative",
            "{expression: 'RequestThreshold() > 5', fallbackDuration: soon} | http.middlewares.cb.circuitBreaker.fallbackDuration | ",
            "{expression: [a, b]}                                      | http.middlewares.cb.circuitBreaker.expression | expected a single value",
    })
    void refused(String yaml, String keyPath, String problem) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).keyPath()).isEqualTo(keyPath))
                .hasMessageContaining(problem == null ? "" : problem);
    }
}
