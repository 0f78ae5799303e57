package io.jwtgate.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without redis-server the Redis tests skip on a developer's machine and fail in CI. */
class RedisServerTest {

    @Test
    void missingRedisSkipsOutsideCiAndFailsInCi() {
        Map<String, String> noRedis = Map.of("PATH", "/nonexistent-dir");
        assertThatThrownBy(() -> RedisServer.binary(noRedis)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("redis-server is not installed").hasMessageContaining("apt-get install -y redis-server");
        assertThatThrownBy(() -> RedisServer.binary(Map.of("PATH", "/nonexistent-dir", "CI", "true"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI must run the Redis tests");
    }

    @Test
    void foundOnThePath() {
        String found = RedisServer.binary(Map.of("PATH", "/nonexistent-dir:/usr/bin:/usr/local/bin"));
        assertThat(found).endsWith("/redis-server");
    }
}
