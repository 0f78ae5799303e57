package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The derived values of {@code rateLimit} and {@code distributedRateLimit}: the rows of Traefik's
 * {@code TestNewRateLimiter} (rate, grace, "Use Redis") plus the idle lifetime of a bucket.
 */
class RateLimitOptionsTest {

    final List<String> warnings = new ArrayList<>();
    final BuildContext ctx = new BuildContext(null, warnings::add, (middleware, value) -> null);

    static ConfigNode node(String yaml) throws Exception {
        return new ConfigNode(new YAMLMapper().readTree(yaml), "test.yml", "rateLimit");
    }

    /** Columns: options, tokens per second, grace in microseconds, idle lifetime in seconds. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{average: 0, burst: 10}                  | Infinity | 0       | -",
            "{average: 200, burst: 10}                | 200      | 2500    | 2",
            "{average: 2, period: 10s, burst: 10}     | 0.2      | 500000  | 6",
            "{average: 1, period: 1h}                 | 0.000277777777777778 | 500000 | 3601",
            "{average: 50, period: 500ms}             | 100      | 5000    | 2",
            "{average: 100, period: 0s}               | 100      | 5000    | 2",
    })
    void traefiksDerivedValues(String yaml, double rate, long graceMicros, String idleSeconds) throws Exception {
        RateLimitMiddleware.Options o = RateLimitMiddleware.Options.parse(node(yaml), "m@file", ctx);
        assertThat(o.rate()).isCloseTo(rate, Offset.offset(1e-12));
        assertThat(RateLimitMiddleware.Options.maxDelayNanos(o.rate()) / 1000).isEqualTo(graceMicros);
        if (!idleSeconds.equals("-")) {
            assertThat(RateLimitMiddleware.Options.idleTtl(o.rate()).toSeconds()).isEqualTo(Long.parseLong(idleSeconds));
        }
        assertThat(o.redis()).isNull();
    }

    @Test
    void useRedisAndTheDefaults() throws Exception {
        RateLimitMiddleware.Options o = RateLimitMiddleware.Options.parse(node("{average: 200, burst: 10, redis: {endpoints: ['localhost:6379']}}"),
                "m@file", ctx);
        assertThat(o.redis()).isNotNull();
        assertThat(o.redis().endpoints()).containsExactly("localhost:6379");
        RateLimitMiddleware.Options defaults = RateLimitMiddleware.Options.parse(node("{}"), "m@file", ctx);
        assertThat(defaults.burst()).isEqualTo(1);
        assertThat(defaults.period()).hasSeconds(1);
        assertThat(defaults.source().description()).isEqualTo("client IP");
        assertThat(warnings).isEmpty();
    }

    @Test
    void criteriaAreMutuallyExclusive() {
        assertThatThrownBy(() -> RateLimitMiddleware.Options.parse(
                node("{average: 200, sourceCriterion: {ipStrategy: {}, requestHeaderName: Foo}}"), "m@file", ctx))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mutually exclusive");
    }

    @Test
    void hubDefaults() throws Exception {
        DistributedRateLimitMiddleware.Options o = DistributedRateLimitMiddleware.Options.parse(
                node("{limit: 6, period: 1m, store: {redis: {endpoints: ['r:1']}}}"), "m@file", ctx);
        assertThat(o.denyOnError()).isTrue();
        assertThat(o.responseHeaders()).isFalse();
        assertThat(o.burst()).isEqualTo(1);
        assertThat(RateLimitMiddleware.Options.rate(o.limit(), o.period())).isCloseTo(0.1, Offset.offset(1e-12));
        assertThat(o.source().description()).isEqualTo("client IP");
    }
}
