package io.jwtgate.gateway.middleware.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's retry_test.go TestRetryHTTPStatusCodesConfigValidation, and the defaults of dynamic.Retry. */
class RetryOptionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "valid single status code                                  | {attempts: 2, status: ['503']}                              | ",
            "valid status code range                                   | {attempts: 2, status: ['500-599']}                          | ",
            "invalid status code                                       | {attempts: 2, status: [abc]}                                | status => 'abc' is not a status code",
            "empty status and disableRetryOnNetworkError true should fail | {attempts: 2, status: [], disableRetryOnNetworkError: true} | disableRetryOnNetworkError => requires at least HTTP status codes or retry on network errors",
            "zero attempts should fail                                 | {attempts: 0, status: ['503']}                              | attempts => incorrect (or empty) value for attempt (0)",
            "missing attempts should fail                              | {status: ['503']}                                           | attempts => incorrect (or empty) value for attempt (0)",
    })
    void validatesAsTraefik(String desc, String yaml, String error) throws Exception {
        ConfigNode node = node(yaml);
        if (error == null) {
            assertThat(RetryOptions.parse(node, w -> { })).isNotNull();
            return;
        }
        String[] parts = error.split(" => ");
        assertThatThrownBy(() -> RetryOptions.parse(node, w -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.retry." + parts[0])
                .hasMessageContaining(parts[1]);
    }

    @Test
    void defaultsAreTraefiks() throws Exception {
        RetryOptions o = RetryOptions.parse(node("{attempts: 3}"), w -> { });
        assertThat(o.initialInterval()).isEqualTo(Duration.ZERO);
        assertThat(o.timeout()).isEqualTo(Duration.ZERO);
        assertThat(o.maxRequestBodyBytes()).as("RetryDefaultMaxRequestBodyBytes, 2 MB").isEqualTo(2 * 1024 * 1024);
        assertThat(o.status().isEmpty()).isTrue();
        assertThat(o.retryOnNetworkError()).isTrue();
        assertThat(o.retryNonIdempotent()).isFalse();
    }

    @Test
    void readsEveryOptionOfTheDocumentationExample() throws Exception {
        List<String> warnings = new ArrayList<>();
        RetryOptions o = RetryOptions.parse(node("""
                {attempts: 4, initialInterval: 100ms, timeout: 60s, maxRequestBodyBytes: 1024, status: ['400', '500-599'],
                 disableRetryOnNetworkError: true, retryNonIdempotentMethod: true}"""), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(o.attempts()).isEqualTo(4);
        assertThat(o.initialInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.maxRequestBodyBytes()).isEqualTo(1024);
        assertThat(o.status().contains(400)).isTrue();
        assertThat(o.status().contains(401)).isFalse();
        assertThat(o.status().contains(599)).isTrue();
        assertThat(o.retryOnNetworkError()).isFalse();
        assertThat(o.retryNonIdempotent()).isTrue();
    }

    @Test
    void anUnknownKeyIsWarnedAbout() throws Exception {
        List<String> warnings = new ArrayList<>();
        RetryOptions.parse(node("{attempts: 2, atempts: 3}"), warnings::add);
        assertThat(warnings).singleElement().asString().contains("atempts").contains("not supported by jwtgate");
    }

    private static ConfigNode node(String yaml) throws Exception {
        return new ConfigNode(YAML.readTree(yaml), "dynamic.yml", "http.middlewares.m.retry");
    }
}
