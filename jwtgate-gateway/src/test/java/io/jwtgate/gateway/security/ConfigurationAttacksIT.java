package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Attack classes decided at configuration time or in the code itself (attacks.md rows 16, 27, 28).
 */
class ConfigurationAttacksIT {

    static final String STATIC = """
            entryPoints:
              web:
                address: "127.0.0.1:0"
            providers:
              file:
                filename: dynamic.yml
            """;

    /** Decision 20: a short HMAC secret is accepted (the seed uses 17 bytes) but warned about at startup. */
    @Test
    void row16_weakHmacSecretIsWarnedAtStartup() throws Exception {
        try (CountingBackend backend = new CountingBackend();
             TestGateway gw = TestGateway.start(STATIC, """
                     http:
                       middlewares:
                         weak: {plugin: {jwt: {signingSecret: "0123456789"}}}
                         strong: {plugin: {jwt: {signingSecret: "a-signing-secret-of-at-least-32-bytes!"}}}
                       routers:
                         weak: {rule: PathPrefix(`/weak`), service: b, middlewares: [weak]}
                         strong: {rule: PathPrefix(`/strong`), service: b, middlewares: [strong]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            List<String> warnings = gw.gateway().warnings();
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("weak").contains("signingSecret is 10 bytes"));
            assertThat(warnings).noneSatisfy(w -> assertThat(w).contains("middlewares.strong"));
            assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContain("0123456789"));
        }
    }

    /** HMAC verification compares in constant time: MessageDigest.isEqual, never Arrays/String equals on MACs. */
    @Test
    void row27_hmacComparisonIsConstantTime() throws Exception {
        Path verifier = Path.of("../jwtgate-jwt/src/main/java/io/jwtgate/jwt/verify/SignatureVerifier.java");
        String source = Files.readString(verifier);
        assertThat(source).contains("MessageDigest.isEqual(").doesNotContain("Arrays.equals(");
        try (Stream<Path> files = Files.walk(Path.of("../jwtgate-jwt/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (text.contains("javax.crypto.Mac") || text.contains("Mac.getInstance")) {
                    assertThat(text).as(file.toString()).doesNotContain("Arrays.equals(").doesNotContainPattern("(?i)(mac|signature|expected)\\w*\\.equals\\(");
                }
            }
        }
    }

    /** clockSkew outside 0s..5m is a configuration error: the middleware's routers answer 503, never let traffic through. */
    @Test
    void row28_excessiveOrNegativeClockSkewIsRefused() throws Exception {
        try (CountingBackend backend = new CountingBackend();
             TestGateway gw = TestGateway.start(STATIC, """
                     http:
                       middlewares:
                         day: {plugin: {jwt: {signingSecret: "a-signing-secret-of-at-least-32-bytes!", clockSkew: 86400s}}}
                         negative: {plugin: {jwt: {signingSecret: "a-signing-secret-of-at-least-32-bytes!", clockSkew: -1s}}}
                         ok: {plugin: {jwt: {signingSecret: "a-signing-secret-of-at-least-32-bytes!", clockSkew: 5m}}}
                       routers:
                         day: {rule: PathPrefix(`/day`), service: b, middlewares: [day]}
                         negative: {rule: PathPrefix(`/negative`), service: b, middlewares: [negative]}
                         ok: {rule: PathPrefix(`/ok`), service: b, middlewares: [ok]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            String expired = Jose.hs256("a-signing-secret-of-at-least-32-bytes!", "{\"alg\":\"HS256\"}", "{\"exp\":" + (Jose.now() - 3600) + "}");
            assertThat(Http.get(gw.url("/day"), "Authorization", "Bearer " + expired).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/negative"), "Authorization", "Bearer " + expired).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/ok"), "Authorization", "Bearer " + expired).statusCode()).isEqualTo(401);
            assertThat(backend.hits()).isZero();
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p).contains("middlewares.day.plugin.jwt.clockSkew"));
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p).contains("middlewares.negative.plugin.jwt.clockSkew"));
        }
    }
}
