package io.jwtgate.jwt.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifetime a JWKS response announces (RFC 9111 section 4.2.1), before clamping. */
class CacheHeadersTest {

    static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Map.of(), null),
                Arguments.of(Map.of("Cache-Control", List.of("public, max-age=300")), Duration.ofSeconds(300)),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=\"60\"")), Duration.ofSeconds(60)),
                Arguments.of(Map.of("Cache-Control", List.of("public", "max-age=120")), Duration.ofSeconds(120)),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=300"), "Age", List.of("100")), Duration.ofSeconds(200)),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=300"), "Age", List.of("400")), Duration.ZERO),
                Arguments.of(Map.of("Cache-Control", List.of("no-store")), Duration.ZERO),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=300, no-cache")), Duration.ZERO),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=soon")), Duration.ZERO),
                Arguments.of(Map.of("Cache-Control", List.of("max-age=60"), "Expires", List.of("Thu, 01 Jan 2026 01:00:00 GMT")),
                        Duration.ofSeconds(60)),
                Arguments.of(Map.of("Expires", List.of("Thu, 01 Jan 2026 01:00:00 GMT"), "Date", List.of("Thu, 01 Jan 2026 00:30:00 GMT")),
                        Duration.ofMinutes(30)),
                Arguments.of(Map.of("Expires", List.of("Thu, 01 Jan 2026 00:10:00 GMT")), Duration.ofMinutes(10)),
                Arguments.of(Map.of("Expires", List.of("0")), Duration.ZERO),
                Arguments.of(Map.of("Expires", List.of("Wed, 31 Dec 2025 23:00:00 GMT")), Duration.ZERO));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lifetime(Map<String, List<String>> headers, Duration expected) {
        HttpHeaders h = HttpHeaders.of(new HashMap<>(headers), (a, b) -> true);
        assertThat(CacheHeaders.lifetime(h, NOW)).isEqualTo(expected);
    }
}
