package io.jwtgate.jwt.cache;

import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEngine;
import io.jwtgate.jwt.TokenCacheStats;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.config.TokenCacheSettings;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.MutableClock;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verified-token cache through the authenticator: what a hit may skip, and what it never skips. */
class VerifiedTokenCacheTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final JwtEngine engine = JwtEngine.create(CryptoSettings.AUTO, TokenCacheSettings.DEFAULTS, clock);
    final TokenCacheStats cache = engine.tokenCacheStats().orElseThrow();

    JwtAuthenticator create(Map<String, Object> options) throws Exception {
        return JwtAuthenticator.create(JwtConfig.fromMap(options), Auth.env(clock).withEngine(engine));
    }

    static long at(long secondsAfterT0) {
        return T0.getEpochSecond() + secondsAfterT0;
    }

    @Test
    void aRepeatedTokenIsAHitAndStillGetsItsHeaders() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "forwardHeaders", Map.of("X-Sub", "sub")));
        String token = Tokens.hs256(SECRET, "{\"sub\":\"alice\",\"exp\":" + at(60) + "}");
        AuthOutcome.Allowed first = Auth.allowed(run(auth, token));
        AuthOutcome.Allowed second = Auth.allowed(run(auth, token));
        assertThat(second.addHeaders()).isEqualTo(first.addHeaders()).extracting(Map.Entry::getValue).containsExactly("alice");
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hitRatio()).isEqualTo(0.5);
    }

    @Test
    void expiryIsRecheckedWithTheMiddlewaresSkew() throws Exception {
        JwtAuthenticator strict = create(options("signingSecret", SECRET));
        JwtAuthenticator lenient = create(options("signingSecret", SECRET, "clockSkew", "30s"));
        String token = Tokens.hs256(SECRET, "{\"exp\":" + at(60) + "}");
        Auth.allowed(run(strict, token));
        clock.advance(Duration.ofSeconds(70)); // past exp, within lenient's skew
        assertThat(Auth.denied(run(strict, token)).reason()).isEqualTo(DenyReason.EXPIRED);
        Auth.allowed(run(lenient, token));
        clock.advance(Duration.ofSeconds(30));
        assertThat(Auth.denied(run(lenient, token)).reason()).isEqualTo(DenyReason.EXPIRED);
        assertThat(cache.hits()).isZero(); // the entry died at exp
    }

    @Test
    void notBeforeIsRecheckedOnEveryHit() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        String token = Tokens.hs256(SECRET, "{\"nbf\":" + at(10) + ",\"exp\":" + at(100) + "}");
        assertThat(Auth.denied(run(auth, token)).reason()).isEqualTo(DenyReason.NOT_YET_VALID);
        assertThat(Auth.denied(run(auth, token)).reason()).isEqualTo(DenyReason.NOT_YET_VALID);
        clock.advance(Duration.ofSeconds(11));
        Auth.allowed(run(auth, token));
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void tokensWithoutExpLiveTheMaxTtl() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        String token = Tokens.hs256(SECRET, "{\"sub\":\"x\"}");
        Auth.allowed(run(auth, token));
        clock.advance(TokenCacheSettings.DEFAULTS.maxTtl().minusSeconds(1));
        Auth.allowed(run(auth, token));
        assertThat(cache.hits()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        Auth.allowed(run(auth, token)); // verified again
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void claimsAreEvaluatedPerMiddleware() throws Exception {
        JwtAuthenticator admins = create(options("signingSecret", SECRET, "claims", "Equals(`grp`, `admin`)"));
        JwtAuthenticator anyone = create(options("signingSecret", SECRET));
        String token = Tokens.hs256(SECRET, "{\"grp\":\"dev\",\"exp\":" + at(60) + "}");
        Auth.allowed(run(anyone, token));
        assertThat(Auth.denied(run(admins, token)).reason()).isEqualTo(DenyReason.CLAIMS_FALSE);
        assertThat(Auth.denied(run(admins, token)).reason()).isEqualTo(DenyReason.CLAIMS_FALSE);
        Auth.allowed(run(anyone, token));
    }

    @Test
    void aTokenVerifiedByOneMiddlewareIsNotTrustedByAnotherWithOtherKeys() throws Exception {
        JwtAuthenticator a = create(options("signingSecret", SECRET));
        JwtAuthenticator b = create(options("signingSecret", "another-secret-another-secret-xx"));
        String token = Tokens.hs256(SECRET, "{\"exp\":" + at(60) + "}");
        Auth.allowed(run(a, token));
        assertThat(Auth.denied(run(b, token)).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(Auth.denied(run(b, token)).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(cache.hits()).isZero();
    }

    @Test
    void badSignaturesAreNeverCached() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        String forged = Tokens.withSignature(Tokens.hs256(SECRET, "{\"exp\":" + at(60) + "}"), new byte[32]);
        for (int i = 0; i < 3; i++) {
            assertThat(Auth.denied(run(auth, forged)).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
        }
        assertThat(cache.size()).isZero();
    }

    @Test
    void theTokenCacheOptionOptsAMiddlewareOut() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "tokenCache", false));
        String token = Tokens.hs256(SECRET, "{\"exp\":" + at(60) + "}");
        Auth.allowed(run(auth, token));
        Auth.allowed(run(auth, token));
        assertThat(auth.tokenCache()).isNull();
        assertThat(cache.hits() + cache.misses()).isZero();
    }

    static void writeJwks(Path file, KeyPair pair, String kid, long mtime) throws Exception {
        Files.writeString(file, new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build()).toString());
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(mtime)));
    }

    @Test
    void aKeyDroppedFromTheKeySetInvalidatesItsTokens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        writeJwks(file, TestKeys.RSA_2048, "a", 1_000);
        JwtAuthenticator auth = create(options("jwksFile", file.toString()));
        String token = Tokens.jca("SHA256withRSA", TestKeys.RSA_2048.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"a\"}", "{\"exp\":" + at(600) + "}");
        Auth.allowed(run(auth, token));
        Auth.allowed(run(auth, token));
        assertThat(cache.hits()).isEqualTo(1);
        writeJwks(file, TestKeys.RSA_2048_B, "b", 2_000);
        clock.advance(Duration.ofSeconds(6));
        run(auth, token); // triggers the reload check (inline executor)
        assertThat(Auth.denied(run(auth, token)).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void theSameKeyReloadedIsANewKeyAndTheTokenIsVerifiedAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        writeJwks(file, TestKeys.RSA_2048, "a", 1_000);
        JwtAuthenticator auth = create(options("jwksFile", file.toString()));
        String token = Tokens.jca("SHA256withRSA", TestKeys.RSA_2048.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"a\"}", "{\"exp\":" + at(600) + "}");
        Auth.allowed(run(auth, token));
        writeJwks(file, TestKeys.RSA_2048, "a", 2_000);
        clock.advance(Duration.ofSeconds(6));
        long missesBefore = cache.misses();
        long hitsBefore = cache.hits();
        for (int i = 0; i < 3; i++) {
            Auth.allowed(run(auth, token)); // the first one triggers the reload
        }
        // Exactly one re-verification with the new key object, then hits.
        assertThat(cache.misses() - missesBefore).isEqualTo(1);
        assertThat(cache.hits() - hitsBefore).isEqualTo(2);
    }

    @Test
    void entriesAreBoundedByCountAndByMemory() {
        VerifiedTokenCache small = new VerifiedTokenCache(new TokenCacheSettings(true, 10, 1 << 20, Duration.ofMinutes(5)), clock);
        VerifiedTokenCache tiny = new VerifiedTokenCache(new TokenCacheSettings(true, 1000, 4096, Duration.ofMinutes(5)), clock);
        for (int i = 0; i < 200; i++) {
            TokenDigest digest = TokenDigest.of("token-" + i);
            long deadline = clock.millis() + 60_000;
            small.put(digest, new CachedVerification(new JsonValue.JsonObject(Map.of()), JwsAlgorithm.HS256, null, null, null, deadline,
                    CacheExpiry.weight(100, small.weightFloor())));
            tiny.put(digest, new CachedVerification(new JsonValue.JsonObject(Map.of()), JwsAlgorithm.HS256, null, null, null, deadline,
                    CacheExpiry.weight(100, tiny.weightFloor())));
        }
        assertThat(small.size()).isBetween(1L, 10L);
        assertThat(tiny.weightedSize()).isBetween(1L, 4096L);
    }

    @Test
    void digestsDifferForTokensThatDifferInOneCharacter() {
        assertThat(TokenDigest.of("a.b.c")).isEqualTo(TokenDigest.of("a.b.c")).isNotEqualTo(TokenDigest.of("a.b.d"));
    }
}
