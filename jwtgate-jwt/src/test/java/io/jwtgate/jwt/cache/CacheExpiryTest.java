package io.jwtgate.jwt.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.json.StrictJsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheExpiryTest {

    static final long NOW = 1_000_000_000L; // ms
    static final long NONE = Long.MIN_VALUE;

    @ParameterizedTest(name = "{0} ttl={1}s -> {2}")
    @CsvSource(delimiter = '|', value = {
            // payload                         | maxTtl s | expected deadline (ms), MIN = not cached
            "{}                                | 300      | 1000300000",
            "{\"exp\":1000060}                 | 300      | 1000060000",   // exp before the TTL cap
            "{\"exp\":1000060.5}               | 300      | 1000060500",
            "{\"exp\":9999999}                 | 300      | 1000300000",   // far exp: capped by the TTL
            "{\"exp\":1000000}                 | 300      | -9223372036854775808", // expires now
            "{\"exp\":999999}                  | 300      | -9223372036854775808", // already expired
            "{\"exp\":\"1000060\"}             | 300      | -9223372036854775808", // not a number: never cached
            "{\"exp\":-5}                      | 300      | -9223372036854775808",
            "{\"exp\":1e400}                   | 300      | -9223372036854775808", // infinite
            "{\"nbf\":2000000}                 | 60       | 1000060000"})  // nbf does not shorten: re-checked on every hit
    void deadlines(String payload, long ttlSeconds, long expected) throws Exception {
        long deadline = CacheExpiry.deadline(StrictJsonParser.parseObject(payload.getBytes(StandardCharsets.UTF_8)), NOW, Duration.ofSeconds(ttlSeconds));
        assertThat(deadline).isEqualTo(expected == NONE ? NONE : expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 256", "100, 1, 656", "100, 1000, 1000", "10000, 1000, 40256"})
    void weightsHaveAFloor(int payloadBytes, int floor, int expected) {
        assertThat(CacheExpiry.weight(payloadBytes, floor)).isEqualTo(expected);
    }
}
