package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.allowed;
import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static io.jwtgate.jwt.support.Requests.bearer;
import static io.jwtgate.jwt.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.support.MutableClock;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 12 of the specification, one test per row. */
class ConformanceChecklistTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    long now() {
        return clock.epochSeconds();
    }

    @Test
    void row01_noAuthorizationNoTokenKeyIs401() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET), clock);
        AuthOutcome.Denied d = denied(run(auth, request()));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.reason()).isEqualTo(DenyReason.MISSING_TOKEN);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer");
    }

    @Test
    void row02_validHs256PassesAndAuthorizationIsStrippedUnlessForwarded() throws Exception {
        String token = Tokens.hs256(SECRET, "{\"sub\":\"alice\"}");
        AuthOutcome.Allowed stripped = allowed(run(create(options("signingSecret", SECRET), clock), bearer(token)));
        assertThat(stripped.removeHeaders()).containsExactly("Authorization");
        AuthOutcome.Allowed kept = allowed(run(create(options("signingSecret", SECRET, "forwardAuthorization", true), clock), bearer(token)));
        assertThat(kept.removeHeaders()).doesNotContain("Authorization");
        assertThat(kept.claims()).containsEntry("sub", "alice");
    }

    @Test
    void row03_wrongSecretIs401() throws Exception {
        String token = Tokens.hs256("another-secret-of-at-least-32-bytes!!", "{}");
        AuthOutcome.Denied d = denied(run(create(options("signingSecret", SECRET), clock), bearer(token)));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
    }

    @Test
    void row04_base64EncodedSecretIsDecoded() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", "c3VwZXItc2VjcmV0Cg==", "signingSecretBase64Encoded", true), clock);
        byte[] key = "super-secret\n".getBytes(StandardCharsets.UTF_8);
        String good = Tokens.hmac("HmacSHA256", key, "{\"alg\":\"HS256\"}", "{}");
        String literal = Tokens.hmac("HmacSHA256", "c3VwZXItc2VjcmV0Cg==".getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\"}", "{}");
        assertThat(run(auth, good)).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(denied(run(auth, literal)).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(auth.warnings()).anyMatch(w -> w.contains("13 bytes"));
    }

    @Test
    void row05_expiredNotYetValidAndIssuedInFutureAre401Each() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET), clock);
        Map<String, DenyReason> cases = Map.of(
                "{\"exp\":" + (now() - 1) + "}", DenyReason.EXPIRED,
                "{\"exp\":" + now() + "}", DenyReason.EXPIRED,
                "{\"nbf\":" + (now() + 60) + "}", DenyReason.NOT_YET_VALID,
                "{\"iat\":" + (now() + 60) + "}", DenyReason.ISSUED_IN_FUTURE);
        cases.forEach((payload, reason) -> {
            AuthOutcome.Denied d = denied(run(auth, Tokens.hs256(SECRET, payload)));
            assertThat(d.status()).as(payload).isEqualTo(401);
            assertThat(d.reason()).as(payload).isEqualTo(reason);
        });
        String valid = "{\"exp\":" + (now() + 60) + ",\"nbf\":" + (now() - 60) + ",\"iat\":" + now() + "}";
        assertThat(run(auth, Tokens.hs256(SECRET, valid))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void row06_tokenWithoutTimeClaimsPasses() throws Exception {
        assertThat(run(create(options("signingSecret", SECRET), clock), Tokens.hs256(SECRET, "{\"sub\":\"x\"}")))
                .isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void row07_claimsFalseIs403() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "claims", "Equals(`grp`, `admin`)"), clock);
        AuthOutcome.Denied d = denied(run(auth, Tokens.hs256(SECRET, "{\"grp\":\"dev\"}")));
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.reason()).isEqualTo(DenyReason.CLAIMS_FALSE);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer error=\"insufficient_scope\"");
        assertThat(d.body()).isEqualTo("403 Forbidden\n");
    }

    @Test
    void row08_negatedEqualsOnMissingClaimPasses() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "claims", "!Equals(`grp`, `admin`)"), clock);
        assertThat(run(auth, Tokens.hs256(SECRET, "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(denied(run(auth, Tokens.hs256(SECRET, "{\"grp\":\"admin\"}"))).status()).isEqualTo(403);
    }

    @Test
    void row09_tokenKeyQueryPassesButAnInvalidHeaderWins() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "tokenKey", "jwt"), clock);
        String token = Tokens.hs256(SECRET, "{}");
        assertThat(run(auth, request().query("jwt", token))).isInstanceOf(AuthOutcome.Allowed.class);
        AuthOutcome.Denied d = denied(run(auth, request().query("jwt", token).header("Authorization", "Basic dXNlcjpwYXNz")));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(denied(run(auth, request().query("jwt", token).header("Authorization", "Bearer x.y.z"))).status()).isEqualTo(401);
    }

    @Test
    void row10_rs256WithKidInJwksFilePassesAndUnknownKidIs401(@TempDir Path dir) throws Exception {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID("k1").build();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(jwk).toString());
        JwtAuthenticator auth = create(options("jwksFile", file.toString()), clock);
        RSASSASigner signer = new RSASSASigner(TestKeys.RSA_2048.getPrivate());
        assertThat(run(auth, Tokens.nimbus(signer, JWSAlgorithm.RS256, "k1", "{\"sub\":\"a\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        AuthOutcome.Denied d = denied(run(auth, Tokens.nimbus(signer, JWSAlgorithm.RS256, "k2", "{\"sub\":\"a\"}")));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void row11_pathJwksUrlWithoutIssIs401() throws Exception {
        JwtAuthenticator auth = create(options("jwksUrl", "/.well-known/jwks.json"), clock);
        RSASSASigner signer = new RSASSASigner(TestKeys.RSA_2048.getPrivate());
        AuthOutcome.Denied d = denied(run(auth, Tokens.nimbus(signer, JWSAlgorithm.RS256, "k1", "{\"sub\":\"a\"}")));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.reason()).isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
        assertThat(auth.stats().keySetFetches()).isZero();
        auth.close();
    }

    @Test
    void row12_arrayClaimGivesOneHeaderFieldPerElement() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "forwardHeaders", Map.of("Group", "grp")), clock);
        AuthOutcome.Allowed a = allowed(run(auth, Tokens.hs256(SECRET, "{\"grp\":[\"a\",\"b\"]}")));
        assertThat(a.addHeaders()).containsExactly(Map.entry("Group", "a"), Map.entry("Group", "b"));
    }

    @Test
    void row13_numericClaimIsForwardedByItsLiteralText() throws Exception {
        MutableClock before = new MutableClock(Instant.ofEpochSecond(1_600_000_000L));
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "forwardHeaders", Map.of("Expires-At", "exp")), before);
        assertThat(allowed(run(auth, Tokens.hs256(SECRET, "{\"exp\":1700000000}"))).addHeaders())
                .containsExactly(Map.entry("Expires-At", "1700000000"));
        assertThat(allowed(run(auth, Tokens.hs256(SECRET, "{\"exp\":1.7e9}"))).addHeaders())
                .containsExactly(Map.entry("Expires-At", "1.7e9"));
    }

    @Test
    void row14_spoofedForwardHeaderIsRemovedAndMissingClaimGivesEmptyValue() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "forwardHeaders", Map.of("X-Missing", "nope")), clock);
        AuthOutcome.Allowed a = allowed(run(auth, bearer(Tokens.hs256(SECRET, "{}")).header("X-Missing", "spoof")));
        assertThat(a.removeHeaders()).contains("X-Missing");
        assertThat(a.addHeaders()).containsExactly(Map.entry("X-Missing", ""));
    }

    @Test
    void row15_wwwAuthenticateChallengeWithoutToken() throws Exception {
        String url = "https://api.example.com/.well-known/oauth-protected-resource/mcp-server";
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "wwwAuthenticate", url), clock);
        AuthOutcome.Denied d = denied(run(auth, request()));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer resource_metadata=\"" + url + "\"");
        AuthOutcome.Denied bad = denied(run(auth, bearer("x.y.z")));
        assertThat(bad.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\", resource_metadata=\"" + url + "\"");
    }

    @Test
    void row16_twoKeySourcesAreAConfigurationError() {
        assertThatThrownBy(() -> create(options("signingSecret", SECRET, "jwksUrl", "https://idp.example.com/jwks"), clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("signingSecret, jwksUrl")
                .satisfies(e -> assertThat(((ConfigException) e).fix()).contains("keep only one"));
    }

    @Test
    void row17_escapedDotInClaimPath() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "claims", "Equals(`user.full\\.name`, `bruce`)"), clock);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"user\":{\"full.name\":\"bruce\"}}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(denied(run(auth, Tokens.hs256(SECRET, "{\"user\":{\"full\":{\"name\":\"bruce\"}}}"))).status()).isEqualTo(403);
    }

    @Test
    void row18_splitContainsTrimsParts() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "claims", "SplitContains(`scope`, `,`, `baz`)"), clock);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"scope\":\"foo,bar, baz , bat\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void row19_unquotedNumberInClaimsIsAConfigurationError() {
        assertThatThrownBy(() -> create(options("signingSecret", SECRET, "claims", "Equals(`n`, 42)"), clock))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.keyPath()).isEqualTo("claims");
                    assertThat(e.problem()).contains("must be a quoted string").contains("column 13");
                });
    }

    @Test
    void row20_algNoneIs401() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET), clock);
        String none = Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64("{}") + ".";
        AuthOutcome.Denied d = denied(run(auth, none));
        assertThat(d.status()).isEqualTo(401);
        assertThat(d.body()).isEqualTo("401 Unauthorized\n");
    }
}
