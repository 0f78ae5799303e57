package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.JwksServer;
import io.jwtgate.jwt.support.MutableClock;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote key sets against a real HTTP server on 127.0.0.1, with a clock moved by hand. */
class RemoteJwksTest {

    static final KeySetPolicy FAST_RETRY = new KeySetPolicy(Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofMinutes(5), 0.8,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(24), 512 * 1024, 100, 32, Duration.ofSeconds(5),
            Duration.ofMillis(5), Duration.ofMillis(20));

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<JwtAuthenticator> created = new ArrayList<>();
    JwksServer server;

    @BeforeEach
    void start() throws Exception {
        server = new JwksServer();
    }

    @AfterEach
    void stop() {
        created.forEach(JwtAuthenticator::close);
        server.close();
    }

    JwtAuthenticator create(Map<String, Object> options) throws Exception {
        JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options), Auth.env(clock).withKeySetPolicy(FAST_RETRY));
        created.add(auth);
        return auth;
    }

    static String jwks(KeyPair pair, String kid) {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build()).toString();
    }

    static String token(KeyPair pair, String kid, String payload) throws Exception {
        return Tokens.nimbus(new RSASSASigner(pair.getPrivate()), JWSAlgorithm.RS256, kid, payload);
    }

    @Test
    void cacheHeadersAreHonouredAndRefreshHappensAheadInTheBackground() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), "public, max-age=120"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(server.awaitHits("/jwks", 1)).isEqualTo(1);
        String token = token(TestKeys.RSA_2048, "a", "{}");
        for (int i = 0; i < 5; i++) {
            CompletableFuture<AuthOutcome> f = auth.authenticate(token, true).toCompletableFuture();
            assertThat(f).isDone(); // cached keys: answered synchronously
            assertThat(f.join()).isInstanceOf(AuthOutcome.Allowed.class);
        }
        assertThat(server.hits("/jwks")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(100)); // past 80 % of max-age=120: refresh ahead, do not wait
        CompletableFuture<AuthOutcome> ahead = auth.authenticate(token, true).toCompletableFuture();
        assertThat(ahead).isDone();
        assertThat(ahead.join()).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2);
    }

    @Test
    void lifetimeIsClampedToAtLeastOneMinute() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), "no-cache"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(server.awaitHits("/jwks", 1)).isEqualTo(1);
        String token = token(TestKeys.RSA_2048, "a", "{}");
        clock.advance(Duration.ofSeconds(40));
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.awaitHits("/jwks", 1)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30)); // 70 s > 1 min minimum: expired, refetched
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2);
    }

    @Test
    void rotationIsPickedUpByAnUnknownKidRefetch() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), "max-age=3600"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(run(auth, token(TestKeys.RSA_2048, "a", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048_B, "b"), "max-age=3600"));
        assertThat(run(auth, token(TestKeys.RSA_2048_B, "b", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.hits("/jwks")).isEqualTo(2);
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "a", "{}"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void concurrentUnknownKidsShareOneRefetchAndRespectTheCooldown() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), "max-age=3600"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(run(auth, token(TestKeys.RSA_2048, "a", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        List<CompletableFuture<AuthOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(auth.authenticate(token(TestKeys.RSA_2048, "random-" + i, "{}"), true).toCompletableFuture());
        }
        for (CompletableFuture<AuthOutcome> f : all) {
            assertThat(denied(f.get(10, TimeUnit.SECONDS)).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        }
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2);
        // The server counts the hit before the key set has read the answer and stamped the refresh
        // time: advancing the clock before that would start the cooldown 20 s late.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (auth.keySets().get(0).successes() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(auth.keySets().get(0).successes()).as("the refetch completed").isEqualTo(2);
        clock.advance(Duration.ofSeconds(20)); // inside the 30 s cooldown: no fetch
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "other", "{}"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(server.awaitHits("/jwks", 3, Duration.ofSeconds(2))).isEqualTo(2);
        clock.advance(Duration.ofSeconds(11));
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "other", "{}"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(server.awaitHits("/jwks", 3)).as("status " + auth.keySets()).isEqualTo(3);
    }

    @Test
    void serverDownKeepsServingStaleKeysUpToTheLimit() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), null));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "clientConfig", Map.of("maxRetries", 1)));
        String token = token(TestKeys.RSA_2048, "a", "{}");
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
        server.answer("/jwks", new JwksServer.Answer(503, "", Map.of()));
        clock.advance(Duration.ofMinutes(6)); // past the 5 min default lifetime
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
        int afterFailure = server.awaitHits("/jwks", 3); // 1 + (1 attempt + 1 retry)
        assertThat(afterFailure).isEqualTo(3);
        assertThat(auth.stats().keySetFetchFailures()).isEqualTo(1);
        clock.advance(Duration.ofHours(24));
        assertThat(denied(run(auth, token)).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
    }

    @Test
    void failedFirstFetchIsRetriedAfterTheCooldownNotPerRequest() throws Exception {
        server.answer("/jwks", new JwksServer.Answer(500, "", Map.of()));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "clientConfig", Map.of("maxRetries", 0)));
        assertThat(server.awaitHits("/jwks", 1)).isEqualTo(1);
        String token = token(TestKeys.RSA_2048, "a", "{}");
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), null));
        for (int i = 0; i < 3; i++) {
            assertThat(denied(run(auth, token)).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        }
        assertThat(server.awaitHits("/jwks", 2, Duration.ofSeconds(2))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        // During an outage nobody waits: this request gets 401 at once and starts the retry in the background.
        assertThat(denied(run(auth, token)).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2);
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.hits("/jwks")).isEqualTo(2);
    }

    @Test
    void retriesOnlyOn5xx() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "a"), null));
        server.failNext(2);
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "clientConfig", Map.of("maxRetries", 3)));
        assertThat(run(auth, token(TestKeys.RSA_2048, "a", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(server.hits("/jwks")).isEqualTo(3);
        JwtAuthenticator missing = create(options("jwksUrl", server.url("/missing"), "clientConfig", Map.of("maxRetries", 3)));
        assertThat(denied(run(missing, token(TestKeys.RSA_2048, "a", "{}"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(server.awaitHits("/missing", 2, Duration.ofSeconds(2))).isEqualTo(1);
    }

    @Test
    void oversizedOrHugeKeySetsAreRefused() throws Exception {
        server.answer("/big", JwksServer.Answer.json("{\"keys\":[],\"pad\":\"" + "x".repeat(600 * 1024) + "\"}", null));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/big"), "clientConfig", Map.of("maxRetries", 0)));
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "a", "{}"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        StringBuilder many = new StringBuilder("{\"keys\":[");
        String key = new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).build().toJSONString();
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append(key);
        }
        server.answer("/many", JwksServer.Answer.json(many.append("]}").toString(), null));
        JwtAuthenticator auth2 = create(options("jwksUrl", server.url("/many"), "clientConfig", Map.of("maxRetries", 0)));
        assertThat(denied(run(auth2, token(TestKeys.RSA_2048, null, "{}"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
    }

    @Test
    void weakKeysInARemoteSetAreDroppedAndGoodOnesKept() throws Exception {
        KeyPair weak = TestKeys.rsa(1024);
        String set = new JWKSet(List.of(new RSAKey.Builder((RSAPublicKey) weak.getPublic()).keyID("weak").build(),
                new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID("good").build())).toString();
        server.answer("/jwks", JwksServer.Answer.json(set, null));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(run(auth, token(TestKeys.RSA_2048, "good", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
        String weakToken = Tokens.jca("SHA256withRSA", weak.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"weak\"}", "{}");
        assertThat(denied(run(auth, weakToken)).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
    }

    @Test
    void trustedIssuersBindEachIssuerToItsOwnKeys() throws Exception {
        server.answer("/a", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "k"), null));
        server.answer("/b", JwksServer.Answer.json(jwks(TestKeys.RSA_2048_B, "k"), null));
        JwtAuthenticator auth = create(options("trustedIssuers", List.of(
                Map.of("issuer", "https://a.example", "jwksUrl", server.url("/a")),
                Map.of("issuer", "https://b.example", "jwksUrl", server.url("/b")))));
        assertThat(run(auth, token(TestKeys.RSA_2048, "k", "{\"iss\":\"https://a.example\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(run(auth, token(TestKeys.RSA_2048_B, "k", "{\"iss\":\"https://b.example\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        // Signed with B's key but claiming A (attacks #19).
        assertThat(denied(run(auth, token(TestKeys.RSA_2048_B, "k", "{\"iss\":\"https://a.example\"}"))).reason())
                .isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "k", "{\"iss\":\"https://a.example/\"}"))).reason())
                .isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
        assertThat(denied(run(auth, token(TestKeys.RSA_2048, "k", "{}"))).reason()).isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
    }

    @Test
    void trustedIssuersFallbackServesOtherIssuers() throws Exception {
        server.answer("/any", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "k"), null));
        JwtAuthenticator auth = create(options("trustedIssuers", List.of(Map.of("jwksUrl", server.url("/any")))));
        assertThat(run(auth, token(TestKeys.RSA_2048, "k", "{\"iss\":\"https://whoever\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void pathFormJwksUrlIsAppendedToTheIssuerAndPinnedIssuersAreCheckedBeforeFetching() throws Exception {
        server.answer("/realms/x/certs", JwksServer.Answer.json(jwks(TestKeys.RSA_2048, "k"), null));
        String iss = server.url("/realms/x");
        JwtAuthenticator open = create(options("jwksUrl", "/certs"));
        assertThat(open.warnings()).anyMatch(w -> w.contains("pin iss"));
        assertThat(run(open, token(TestKeys.RSA_2048, "k", "{\"iss\":\"" + iss + "/\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        JwtAuthenticator pinned = create(options("jwksUrl", "/certs", "claims", "Equals(`iss`, `" + iss + "`)"));
        assertThat(pinned.warnings()).noneMatch(w -> w.contains("pin iss"));
        assertThat(run(pinned, token(TestKeys.RSA_2048, "k", "{\"iss\":\"" + iss + "\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        String evil = server.url("/evil");
        assertThat(denied(run(pinned, token(TestKeys.RSA_2048, "k", "{\"iss\":\"" + evil + "\"}"))).reason())
                .isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
        assertThat(server.hits("/evil/certs")).isZero();
    }
}
