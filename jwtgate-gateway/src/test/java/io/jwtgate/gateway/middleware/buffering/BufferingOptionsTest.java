package io.jwtgate.gateway.middleware.buffering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The buffering options: oxy's defaults, the memory thresholds multibuf applies, what Traefik refuses. */
class BufferingOptionsTest {

    static BufferingOptions parse(Object options, List<String> warnings) throws ConfigException {
        return BufferingOptions.parse(ConfigNode.of(options, "test.yml", "http.middlewares.b.buffering"), warnings::add);
    }

    @ParameterizedTest(name = "max {0} mem {1} -> request memory {2}, response memory {3}")
    @CsvSource(textBlock = """
            0,  0,       1048576, 1048576
            0,  100,     100,     100
            10, 0,       10,      1048576
            10, 100,     10,      100
            200, 100,    100,     100
            """)
    void memoryThresholds(long max, long mem, long requestMemory, long responseMemory) throws Exception {
        BufferingOptions o = parse(Map.of("maxRequestBodyBytes", max, "memRequestBodyBytes", mem, "memResponseBodyBytes", mem), List.of());
        assertThat(o.requestMemoryBytes()).isEqualTo(requestMemory);
        assertThat(o.responseMemoryBytes()).isEqualTo(responseMemory);
    }

    @Test
    void theDefaultsAreOxys() throws Exception {
        BufferingOptions o = parse(Map.of(), List.of());
        assertThat(o.maxRequestBodyBytes()).isZero();
        assertThat(o.maxResponseBodyBytes()).isZero();
        assertThat(o.requestMemoryBytes()).isEqualTo(1_048_576);
        assertThat(o.responseMemoryBytes()).isEqualTo(1_048_576);
        assertThat(o.retry()).isNull();
        assertThat(parse(Map.of("retryExpression", ""), List.of()).retry()).as("an empty expression: no retry, as Traefik").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxRequestBodyBytes", "memRequestBodyBytes", "maxResponseBodyBytes", "memResponseBodyBytes"})
    void negativeSizesAreRefused(String key) {
        assertThatThrownBy(() -> parse(Map.of(key, -1), List.of())).isInstanceOf(ConfigException.class).hasMessageContaining(key)
                .hasMessageContaining("must be 0 or more");
    }

    @ParameterizedTest
    @ValueSource(strings = {"  ", "IsNetworkError() &&", "Attempts() <= 2.5"})
    void aBadExpressionIsRefusedWithItsKey(String expression) {
        assertThatThrownBy(() -> parse(Map.of("retryExpression", expression), List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retryExpression");
    }

    @Test
    void optionsThatAreNotAMapAreRefusedAndUnknownKeysWarnedAbout() throws Exception {
        assertThatThrownBy(() -> parse(5, List.of())).isInstanceOf(ConfigException.class);
        List<String> warnings = new ArrayList<>();
        parse(Map.of("disableResponseBuffer", true), warnings);
        assertThat(warnings).singleElement().asString().contains("disableResponseBuffer");
        assertThatThrownBy(() -> parse(Map.of("maxRequestBodyBytes", "ten"), List.of())).isInstanceOf(ConfigException.class);
    }
}
