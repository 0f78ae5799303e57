package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.support.Auth;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The keySetPolicy option block and the oidcIssuer key source: parsing, defaults, precise errors. */
class KeySetOptionsTest {

    @Test
    void unsetBlockKeepsTheDecision11Defaults() throws Exception {
        KeySetPolicy p = JwtConfig.fromMap(options("jwksUrl", "https://idp/jwks")).keySetPolicy().applyTo(KeySetPolicy.defaults());
        assertThat(p).isEqualTo(KeySetPolicy.defaults());
        assertThat(p.minTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.maxTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(p.defaultTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.unknownKidCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.failureCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.staleLimit()).isEqualTo(Duration.ofHours(24));
        assertThat(p.maxBytes()).isEqualTo(512 * 1024);
        assertThat(p.maxKeys()).isEqualTo(100);
    }

    @Test
    void everyMemberIsApplied() throws Exception {
        KeySetPolicy p = JwtConfig.fromMap(options("jwksUrl", "https://idp/jwks", "KeySetPolicy", Map.of(
                "minRefreshInterval", "30s", "maxRefreshInterval", "1h", "defaultRefreshInterval", "10m", "unknownKidCooldown", "1m",
                "retryInterval", "15s", "staleIfError", "2h", "maxBytes", 65536, "maxkeys", "20")))
                .keySetPolicy().applyTo(KeySetPolicy.defaults());
        assertThat(p).isEqualTo(KeySetPolicy.defaults()
                .withTtls(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(10))
                .withTimings(Duration.ofMinutes(1), Duration.ofSeconds(15), Duration.ofHours(2))
                .withLimits(65536, 20));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // block, key path in the error, words of the message
                Arguments.of(Map.of("minRefreshIntervall", "1m"), "keySetPolicy.minRefreshIntervall", "did you mean 'minRefreshInterval'"),
                Arguments.of(Map.of("unknownKidCooldown", "30x"), "keySetPolicy.unknownKidCooldown", "is not a duration"),
                Arguments.of(Map.of("unknownKidCooldown", "90000"), "keySetPolicy.unknownKidCooldown", "outside 1s..24h"),
                Arguments.of(Map.of("unknownKidCooldown", "0s"), "keySetPolicy.unknownKidCooldown", "outside 1s..24h"),
                Arguments.of(Map.of("staleIfError", "-1m"), "keySetPolicy.staleIfError", "outside 0s..168h"),
                Arguments.of(Map.of("maxRefreshInterval", "200h"), "keySetPolicy.maxRefreshInterval", "outside 1s..168h"),
                Arguments.of(Map.of("minRefreshInterval", "2h", "maxRefreshInterval", "1h"), "keySetPolicy.maxRefreshInterval",
                        "minRefreshInterval 2h is longer than maxRefreshInterval 1h"),
                Arguments.of(Map.of("minRefreshInterval", "25h"), "keySetPolicy.minRefreshInterval", "outside 1s..24h"),
                Arguments.of(Map.of("maxBytes", 100), "keySetPolicy.maxBytes", "outside 1024..16777216"),
                Arguments.of(Map.of("maxBytes", "512KiB"), "keySetPolicy.maxBytes", "expected an integer"),
                Arguments.of(Map.of("maxKeys", 0), "keySetPolicy.maxKeys", "outside 1..1000"),
                Arguments.of(Map.of("retryInterval", Map.of()), "keySetPolicy.retryInterval", "expected a string"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void mistakesAreReportedWithTheirKeyPath(Map<String, Object> block, String keyPath, String message) {
        assertThatThrownBy(() -> Auth.create(options("jwksUrl", "https://idp.example/jwks", "keySetPolicy", block)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.keyPath()).isEqualTo(keyPath);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void keySetPolicyMustBeAMap() {
        assertThatThrownBy(() -> JwtConfig.fromMap(options("jwksUrl", "https://idp/jwks", "keySetPolicy", "fast")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.keyPath()).isEqualTo("keySetPolicy"));
    }

    static Stream<Arguments> oidcIssuerErrors() {
        return Stream.of(
                Arguments.of(options("oidcIssuer", "https://idp.example", "jwksUrl", "https://idp.example/jwks"), "oidcIssuer",
                        "several key sources are set (jwksUrl, oidcIssuer)"),
                Arguments.of(options("oidcIssuer", "http://idp.example"), "oidcIssuer", "oidcIssuer must use https://"),
                Arguments.of(options("oidcIssuer", "idp.example"), "oidcIssuer", "is not an absolute http(s) URL"),
                Arguments.of(options("oidcIssuer", "https://idp.example/?tenant=a"), "oidcIssuer", "has a query"),
                Arguments.of(options("claims", "Equals(`a`, `b`)"), "", "trustedIssuers, oidcIssuer"));
    }

    @ParameterizedTest
    @MethodSource("oidcIssuerErrors")
    void oidcIssuerCountsAsOneOfTheKeySources(Map<String, Object> options, String keyPath, String message) {
        assertThatThrownBy(() -> Auth.create(options)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.keyPath()).isEqualTo(keyPath);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void oidcIssuerOnLoopbackMayUsePlainHttp() throws Exception {
        try (JwtAuthenticator auth = Auth.create(options("oidcIssuer", "http://127.0.0.1:9/realms/x"))) {
            assertThat(auth.keySets()).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(KeySetStatus.Kind.OIDC_DISCOVERY);
                assertThat(s.issuer()).isEqualTo("http://127.0.0.1:9/realms/x");
            });
        }
    }
}
