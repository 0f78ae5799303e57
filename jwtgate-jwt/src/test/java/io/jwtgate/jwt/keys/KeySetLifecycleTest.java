package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.JwksServer;
import io.jwtgate.jwt.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key-set lifecycle with a hand-moved clock: lifetimes set by the keySetPolicy options, cooldown, status, self-recovery. */
class KeySetLifecycleTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final MutableClock clock = new MutableClock(T0);
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
        KeySetPolicy fastRetries = new KeySetPolicy(Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofMinutes(5), 0.8,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(24), 512 * 1024, 100, 32, Duration.ofSeconds(5),
                Duration.ofMillis(5), Duration.ofMillis(20));
        JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options), Auth.env(clock).withKeySetPolicy(fastRetries));
        created.add(auth);
        return auth;
    }

    static String jwks(String kid) {
        return "{\"keys\":[" + KeySetFaultsTest.good(kid) + "]}";
    }

    static String token(String kid) {
        return KeySetFaultsTest.token(kid);
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                // cacheControl, keySetPolicy, expected lifetime
                Arguments.of("max-age=600", Map.of(), Duration.ofMinutes(10)),
                Arguments.of("max-age=5", Map.of(), Duration.ofMinutes(1)),
                Arguments.of(null, Map.of(), Duration.ofMinutes(5)),
                Arguments.of("no-store", Map.of(), Duration.ofMinutes(1)),
                Arguments.of("max-age=30", Map.of("minRefreshInterval", "2m"), Duration.ofMinutes(2)),
                Arguments.of("max-age=86400", Map.of("maxRefreshInterval", "10m"), Duration.ofMinutes(10)),
                Arguments.of(null, Map.of("defaultRefreshInterval", "3m"), Duration.ofMinutes(3)),
                Arguments.of(null, Map.of("defaultRefreshInterval", "30s", "minRefreshInterval", "45s"), Duration.ofSeconds(45)),
                Arguments.of("max-age=7", Map.of("minRefreshInterval", "1s"), Duration.ofSeconds(7)));
    }

    @ParameterizedTest
    @MethodSource("lifetimes")
    void lifetimeComesFromCacheHeadersClampedByThePolicy(String cacheControl, Map<String, Object> policy, Duration expected) throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks("a"), cacheControl));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "keySetPolicy", policy));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        KeySetStatus s = auth.keySets().get(0);
        assertThat(Duration.between(s.lastSuccess(), s.freshUntil())).isEqualTo(expected);
    }

    @Test
    void statusDescribesTheKeySet() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json("{\"keys\":[" + KeySetFaultsTest.good("b") + "," + KeySetFaultsTest.good("a")
                .replace("\"kty\"", "\"alg\":\"RS256\",\"kty\"") + "]}", "max-age=120"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(auth.keySets()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(KeySetStatus.Kind.JWKS_URL);
            assertThat(s.source()).isEqualTo(server.url("/jwks"));
            assertThat(s.issuer()).isNull();
            assertThat(s.sortedKids()).containsExactly("a", "b");
            assertThat(s.keyCount()).isEqualTo(2);
            assertThat(s.lastSuccess()).isEqualTo(T0);
            assertThat(s.freshUntil()).isEqualTo(T0.plusSeconds(120));
            assertThat(s.successes()).isEqualTo(1);
            assertThat(s.failuresTotal()).isZero();
            assertThat(s.failures()).containsOnlyKeys(FetchFailure.values());
            assertThat(s.lastError()).isNull();
            assertThat(s.servingStale()).isFalse();
            assertThat(s.droppedKeys()).isEmpty();
        });
    }

    @Test
    void unknownKidCooldownIsConfigurableAndCounted() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks("a"), "max-age=3600"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "keySetPolicy", Map.of("unknownKidCooldown", "5s")));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(denied(run(auth, token("x1"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY); // forced refetch
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2);
        // The cooldown starts when the forced refetch completes: wait for it before moving the clock.
        for (long deadline = System.nanoTime() + 10_000_000_000L; auth.keySets().get(0).successes() < 2 && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(auth.keySets().get(0).successes()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(4));
        for (int i = 0; i < 10; i++) {
            assertThat(denied(run(auth, token("y" + i))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY); // inside the cooldown
        }
        assertThat(server.awaitHits("/jwks", 3, Duration.ofSeconds(2))).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        server.answer("/jwks", JwksServer.Answer.json("{\"keys\":[" + KeySetFaultsTest.good("a") + "," + KeySetFaultsTest.good("z") + "]}",
                "max-age=3600"));
        AuthOutcome rotated = run(auth, token("z"));
        assertThat(rotated).as("rotation seen on the first request; key set %s, server hits %s", auth.keySets().get(0),
                server.hits("/jwks")).isInstanceOf(AuthOutcome.Allowed.class);
        KeySetStatus s = auth.keySets().get(0);
        assertThat(s.forcedRefreshes()).isEqualTo(2);
        assertThat(s.skippedByCooldown()).isEqualTo(10);
        assertThat(s.successes()).isEqualTo(3);
    }

    @Test
    void warmKeysNeverMakeARequestWait() throws Exception {
        server.answer("/jwks", JwksServer.Answer.json(jwks("a"), "max-age=100"));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks")));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        server.fault("/jwks", JwksServer.Fault.HANG); // the refresh ahead will hang: requests must not notice
        clock.advance(Duration.ofSeconds(90));
        for (int i = 0; i < 20; i++) {
            CompletableFuture<?> f = auth.authenticate(token("a"), true).toCompletableFuture();
            assertThat(f).isDone();
            assertThat(f.join()).isInstanceOf(AuthOutcome.Allowed.class);
        }
        assertThat(server.awaitHits("/jwks", 2)).isEqualTo(2); // one refresh started, shared
    }

    @Test
    void aMiddlewareStartedWhileTheIdpIsDownRecoversByItself() throws Exception {
        server.answer("/jwks", new JwksServer.Answer(503, "", Map.of()));
        JwtAuthenticator auth = create(options("jwksUrl", server.url("/jwks"), "clientConfig", Map.of("maxRetries", 0),
                "keySetPolicy", Map.of("retryInterval", "1s")));
        assertThat(denied(run(auth, token("a"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        server.answer("/jwks", JwksServer.Answer.json(jwks("a"), null));
        // No request and no clock movement: the retry timer alone fetches the keys.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (auth.keySets().get(0).successes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(auth.keySets().get(0).successes()).isEqualTo(1);
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(auth.keySets().get(0).failures(FetchFailure.HTTP_STATUS)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void trustedIssuersReportOneStatusPerDistinctUrlWithItsIssuers() throws Exception {
        server.answer("/a", JwksServer.Answer.json(jwks("a"), null));
        server.answer("/b", JwksServer.Answer.json(jwks("b"), null));
        JwtAuthenticator auth = create(options("trustedIssuers", List.of(
                Map.of("issuer", "https://one.example", "jwksUrl", server.url("/a")),
                Map.of("issuer", "https://two.example", "jwksUrl", server.url("/a")),
                Map.of("jwksUrl", server.url("/b")))));
        server.awaitHits("/b", 1);
        assertThat(auth.keySets()).extracting(KeySetStatus::issuer)
                .containsExactlyInAnyOrder("https://one.example, https://two.example", "*");
        assertThat(server.hits("/a")).isEqualTo(1);
    }

    @Test
    void jwksFileStatusReportsReloadFailuresAndKeepsTheKeys() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jwks", ".json");
        java.nio.file.Files.writeString(file, jwks("a"));
        JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options("jwksFile", file.toString())),
                Auth.env(clock));
        created.add(auth);
        java.nio.file.Files.writeString(file, "{ not json");
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(T0.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(6));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class); // check runs inline (Auth.env executor)
        KeySetStatus s = auth.keySets().get(0);
        assertThat(s.kind()).isEqualTo(KeySetStatus.Kind.JWKS_FILE);
        assertThat(s.servingStale()).isTrue();
        assertThat(s.lastError().cause()).isEqualTo(FetchFailure.INVALID_JSON);
        assertThat(s.kids()).containsExactly("a");
    }
}
