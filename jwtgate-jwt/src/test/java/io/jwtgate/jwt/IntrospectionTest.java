package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.allowed;
import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.support.IntrospectionEndpoint;
import io.jwtgate.jwt.support.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code introspection} (RFC 7662) against a real endpoint on 127.0.0.1: as the only source, and as the fallback for opaque tokens. */
class IntrospectionTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String OPAQUE = "2YotnFZFEjr1zCsicMWpAA";
    IntrospectionEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = new IntrospectionEndpoint();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    Map<String, Object> introspection(Object... more) {
        Map<String, Object> i = options("url", endpoint.url(), "clientID", IntrospectionEndpoint.CLIENT_ID,
                "clientSecret", IntrospectionEndpoint.CLIENT_SECRET, "maxRetries", 0);
        i.putAll(options(more));
        return i;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void anActiveTokenPassesWithItsClaimsForwardedAndTheExpressionApplied() throws Exception {
        endpoint.activate(OPAQUE, "\"sub\":\"alice\",\"scope\":\"read write\",\"grp\":\"admin\",\"exp\":" + (now() + 600));
        try (JwtAuthenticator auth = create(options("introspection", introspection("tokenTypeHint", "access_token"),
                "claims", "Equals(`grp`, `admin`)", "forwardHeaders", Map.of("X-User", "sub"), "usernameClaim", "sub"))) {
            AuthOutcome.Allowed ok = allowed(run(auth, OPAQUE));
            assertThat(ok.addHeaders()).containsExactly(Map.entry("X-User", "alice"));
            assertThat(ok.username()).isEqualTo("alice");
            Map<String, String> sent = endpoint.requests.get(0);
            assertThat(sent).containsEntry("token", OPAQUE).containsEntry("token_type_hint", "access_token")
                    .containsEntry("Content-Type", "application/x-www-form-urlencoded");
            assertThat(sent.get("Authorization")).startsWith("Basic ");
        }
        endpoint.activate("user-token", "\"sub\":\"bob\",\"grp\":\"dev\"");
        try (JwtAuthenticator auth = create(options("introspection", introspection(), "claims", "Equals(`grp`, `admin`)"))) {
            assertThat(denied(run(auth, "user-token")).reason()).isEqualTo(DenyReason.CLAIMS_FALSE);
        }
    }

    @Test
    void inactiveExpiredAndUnreadableAnswersAreDenied() throws Exception {
        try (JwtAuthenticator auth = create(options("introspection", introspection("cacheSize", 0)))) {
            AuthOutcome.Denied inactive = denied(run(auth, "unknown-token"));
            assertThat(inactive.reason()).isEqualTo(DenyReason.TOKEN_INACTIVE);
            assertThat(inactive.status()).isEqualTo(401);
            assertThat(inactive.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
            endpoint.activate("stale", "\"exp\":" + (now() - 60));
            assertThat(denied(run(auth, "stale")).reason()).as("active but exp passed: the gateway checks exp itself").isEqualTo(DenyReason.EXPIRED);
            for (String body : List.of("{\"active\":\"true\"}", "{}", "[true]", "not json", "{\"active\":1}")) {
                endpoint.answerWith(body);
                assertThat(denied(run(auth, OPAQUE)).reason()).as(body).isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
            }
        }
    }

    @Test
    void clientSecretPostSendsTheCredentialsInTheForm() throws Exception {
        endpoint.activate(OPAQUE, "");
        try (JwtAuthenticator auth = create(options("introspection", introspection("authMethod", "client_secret_post")))) {
            allowed(run(auth, OPAQUE));
            assertThat(endpoint.requests.get(0)).containsEntry("client_id", IntrospectionEndpoint.CLIENT_ID)
                    .containsEntry("client_secret", IntrospectionEndpoint.CLIENT_SECRET).containsEntry("Authorization", "null");
        }
        try (JwtAuthenticator auth = create(options("introspection", options("url", endpoint.url(), "headers", Map.of("X-Extra", "1"))))) {
            assertThat(auth.warnings()).anyMatch(w -> w.contains("no client credentials"));
            assertThat(denied(run(auth, OPAQUE)).reason()).as("the endpoint refuses an unauthenticated caller: fail closed")
                    .isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(endpoint.requests.get(1)).containsEntry("X-Extra", "1");
        }
    }

    @Test
    void answersAreCachedByTokenHashFailuresAreNot() throws Exception {
        endpoint.activate(OPAQUE, "\"exp\":" + (now() + 600));
        try (JwtAuthenticator auth = create(options("introspection", introspection()))) {
            allowed(run(auth, OPAQUE));
            allowed(run(auth, OPAQUE));
            assertThat(endpoint.calls()).as("an active answer is reused").isEqualTo(1);
            denied(run(auth, "other"));
            denied(run(auth, "other"));
            assertThat(endpoint.calls()).as("an inactive answer is reused for negativeCacheTtl").isEqualTo(2);
            endpoint.failNext(1, 503);
            assertThat(denied(run(auth, "third")).reason()).isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
            endpoint.activate("third", "");
            allowed(run(auth, "third"));
            assertThat(endpoint.calls()).as("a failure is not cached: the next request asks again").isEqualTo(4);
        }
        try (JwtAuthenticator auth = create(options("introspection", introspection("cacheTtl", "0s")))) {
            allowed(run(auth, OPAQUE));
            endpoint.revoke(OPAQUE);
            assertThat(denied(run(auth, OPAQUE)).reason()).as("cacheTtl 0s: a revocation shows at once").isEqualTo(DenyReason.TOKEN_INACTIVE);
        }
        endpoint.activate("short", "\"exp\":" + (now() + 1));
        try (JwtAuthenticator auth = create(options("introspection", introspection()))) {
            allowed(run(auth, "short"));
            Thread.sleep(2100);
            assertThat(denied(run(auth, "short")).reason()).as("never used past exp").isEqualTo(DenyReason.EXPIRED);
        }
    }

    @Test
    void fiveHundredsAreRetriedFourHundredsAreNot() throws Exception {
        endpoint.activate(OPAQUE, "");
        try (JwtAuthenticator auth = create(options("introspection", introspection("maxRetries", 2, "cacheSize", 0)))) {
            endpoint.failNext(2, 502);
            allowed(run(auth, OPAQUE));
            assertThat(endpoint.calls()).isEqualTo(3);
            endpoint.failNext(1, 400);
            assertThat(denied(run(auth, OPAQUE)).reason()).isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(endpoint.calls()).isEqualTo(4);
        }
    }

    @Test
    void withAKeySourceOnlyTokensThatAreNotACompactJwsAreIntrospected() throws Exception {
        endpoint.activate(OPAQUE, "\"sub\":\"opaque-user\"");
        try (JwtAuthenticator auth = create(options("signingSecret", SECRET, "introspection", introspection(),
                "forwardHeaders", Map.of("X-User", "sub")))) {
            assertThat(allowed(run(auth, Tokens.hs256(SECRET, "{\"sub\":\"jwt-user\"}"))).addHeaders()).containsExactly(Map.entry("X-User", "jwt-user"));
            assertThat(denied(run(auth, Tokens.hs256("another-secret-of-at-least-32-bytes!!", "{\"sub\":\"x\"}"))).reason())
                    .as("a JWT with a bad signature is not rescued by introspection").isEqualTo(DenyReason.BAD_SIGNATURE);
            assertThat(endpoint.calls()).isZero();
            assertThat(allowed(run(auth, OPAQUE)).addHeaders()).containsExactly(Map.entry("X-User", "opaque-user"));
            assertThat(denied(run(auth, "a.b.c.d.e")).reason()).as("a JWE is not ours to decrypt: the endpoint decides").isEqualTo(DenyReason.TOKEN_INACTIVE);
            assertThat(endpoint.calls()).isEqualTo(2);
        }
    }

    @Test
    void theEndpointDownOrHangingDeniesEveryTokenItShouldJudge() throws Exception {
        String url = endpoint.url();
        endpoint.close();
        try (JwtAuthenticator auth = create(options("introspection", options("url", url, "clientID", "c", "clientSecret", "s", "maxRetries", 1)))) {
            assertThat(denied(run(auth, OPAQUE)).reason()).isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
        }
    }

    @Test
    void tokensThatAreNotPrintableAsciiOrTooLongNeverReachTheEndpoint() throws Exception {
        try (JwtAuthenticator auth = create(options("introspection", introspection()))) {
            assertThat(denied(run(auth, "tok\u00e9n")).reason()).isEqualTo(DenyReason.MALFORMED_TOKEN);
            assertThat(denied(run(auth, "x".repeat(20_000))).reason()).isEqualTo(DenyReason.TOKEN_TOO_LARGE);
            assertThat(endpoint.calls()).isZero();
        }
    }

    @Test
    void aRedirectIsNotFollowedAndTheSecretNeverPrints() throws Exception {
        try (IntrospectionEndpoint elsewhere = new IntrospectionEndpoint()) {
            elsewhere.activate(OPAQUE, "");
            endpoint.redirectTo(elsewhere.url());
            try (JwtAuthenticator auth = create(options("introspection", introspection()))) {
                assertThat(denied(run(auth, OPAQUE)).reason()).isEqualTo(DenyReason.INTROSPECTION_UNAVAILABLE);
                assertThat(elsewhere.calls()).as("the token and the client secret stay with the configured endpoint").isZero();
            }
        }
        JwtConfig config = JwtConfig.fromMap(options("introspection", introspection("headers", Map.of("X-Api-Key", "header-secret"))));
        assertThat(config.toString()).contains("clientSecret=redacted").doesNotContain(IntrospectionEndpoint.CLIENT_SECRET)
                .doesNotContain("header-secret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no url                          | {}                                                               | introspection.url            | needs the URL
            not http                        | {"url": "ftp://idp/x"}                                           | introspection.url            | absolute http(s) URL
            user info                       | {"url": "https://u:p@idp/x"}                                     | introspection.url            | without user info
            secret without id               | {"url": "https://idp/x", "clientSecret": "s"}                    | introspection.clientSecret   | without clientID
            unknown auth method             | {"url": "https://idp/x", "authMethod": "private_key_jwt"}        | introspection.authMethod     | unknown authMethod
            two client authentications      | {"url": "https://idp/x", "clientID": "c", "headers": {"Authorization": "Basic eA=="}} | introspection.headers.Authorization | both set
            template header                 | {"url": "https://idp/x", "headers": {"X-A": "{{ .Request.Host }}"}} | introspection.headers.X-A | Go templates
            framing header                  | {"url": "https://idp/x", "headers": {"content-type": "text/plain"}} | introspection.headers.content-type | set by the introspection request
            timeout                         | {"url": "https://idp/x", "timeoutSeconds": 0}                    | introspection.timeoutSeconds | outside 1..60
            cache ttl                       | {"url": "https://idp/x", "cacheTtl": "2h"}                       | introspection.cacheTtl       | outside 0s..1h
            unknown option                  | {"url": "https://idp/x", "clientId2": "c"}                       | introspection.clientId2      | unknown option
            """)
    void badOptionsNameTheirKey(String name, String json, String path, String problem) throws Exception {
        Map<String, Object> i = com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        assertThatThrownBy(() -> create(options("introspection", i)).close()).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).keyPath()).isEqualTo(path);
                    assertThat(((ConfigException) e).problem()).contains(problem);
                });
    }

    @Test
    void noKeySourceAndNoIntrospectionIsStillAnError() {
        assertThatThrownBy(() -> create(options("claims", "Equals(`a`, `b`)"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("introspection for opaque tokens");
    }
}
