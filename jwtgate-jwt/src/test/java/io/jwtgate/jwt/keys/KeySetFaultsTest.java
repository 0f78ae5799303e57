package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
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
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection against a JWKS server we control (real HTTP on 127.0.0.1), one row per fault:
 * the cause category reported, whether the fetch was retried, the outcome on a cold start (401, never
 * an exception) and with warm keys (stale keys served, then fail closed after {@code staleIfError}).
 */
class KeySetFaultsTest {

    /** One injected fault and what it must produce. */
    enum Fault {
        STOPPED(FetchFailure.CONNECT, -1),
        HANGS_PAST_TIMEOUT(FetchFailure.TIMEOUT, 2),
        HTTP_500(FetchFailure.HTTP_STATUS, 2),
        HTTP_404(FetchFailure.HTTP_STATUS, 1),
        GARBAGE_JSON(FetchFailure.INVALID_JSON, 1),
        NOT_A_KEY_SET(FetchFailure.INVALID_JSON, 1),
        BODY_OF_10_MB(FetchFailure.TOO_LARGE, 1),
        TOO_MANY_KEYS(FetchFailure.TOO_MANY_KEYS, 1),
        ONLY_BAD_KEYS(FetchFailure.NO_USABLE_KEYS, 1);

        final FetchFailure cause;
        /** Requests the server sees for one fetch with maxRetries 1 (-1: cannot count, the server is gone). */
        final int attempts;

        Fault(FetchFailure cause, int attempts) {
            this.cause = cause;
            this.attempts = attempts;
        }

        void inject(JwksServer server, String path) {
            switch (this) {
                case STOPPED -> server.close();
                case HANGS_PAST_TIMEOUT -> server.fault(path, JwksServer.Fault.HANG);
                case HTTP_500 -> server.answer(path, new JwksServer.Answer(500, "oops", Map.of()));
                case HTTP_404 -> server.answer(path, new JwksServer.Answer(404, "", Map.of()));
                case GARBAGE_JSON -> server.answer(path, JwksServer.Answer.json("{\"keys\": [ {\"kty\": \"RSA\", ", null));
                case NOT_A_KEY_SET -> server.answer(path, JwksServer.Answer.json("{\"issuer\":\"https://idp\"}", null));
                case BODY_OF_10_MB -> server.fault(path, JwksServer.Fault.HUGE_BODY);
                case TOO_MANY_KEYS -> server.answer(path, JwksServer.Answer.json(manyKeys(101), null));
                case ONLY_BAD_KEYS -> server.answer(path, JwksServer.Answer.json(
                        "{\"keys\":[" + weakRsa("weak") + "," + offCurveEc("off-curve") + "]}", null));
            }
        }
    }

    static final KeyPair WEAK = TestKeys.rsa(1024);
    static final KeySetPolicy FAST_RETRY = KeySetPolicy.defaults().withTimings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(24));

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    JwtAuthenticator create(String url, Object... extra) throws Exception {
        Map<String, Object> options = options("jwksUrl", url, "clientConfig", Map.of("timeoutSeconds", 1, "maxRetries", 1),
                "keySetPolicy", Map.of("staleIfError", "10m"));
        for (int i = 0; i < extra.length; i += 2) {
            options.put((String) extra[i], extra[i + 1]);
        }
        KeySetPolicy fast = new KeySetPolicy(Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofMinutes(5), 0.8, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofHours(24), 512 * 1024, 100, 32, Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofMillis(20));
        JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options), Auth.env(clock).withKeySetPolicy(fast));
        closeLater.add(0, auth);
        return auth;
    }

    JwksServer server() throws Exception {
        JwksServer server = new JwksServer();
        closeLater.add(server);
        return server;
    }

    static String good(String kid) {
        return new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID(kid).build().toJSONString();
    }

    static String weakRsa(String kid) {
        return new RSAKey.Builder((RSAPublicKey) WEAK.getPublic()).keyID(kid).build().toJSONString();
    }

    /** A P-256 key whose y is replaced by x: a point off the curve (attacks #10). */
    static String offCurveEc(String kid) {
        ECKey ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) TestKeys.EC_P256.getPublic()).keyID(kid).build();
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"" + ec.getX() + "\",\"y\":\"" + ec.getX() + "\"}";
    }

    static String manyKeys(int n) {
        StringBuilder b = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(good("k" + i));
        }
        return b.append("]}").toString();
    }

    static String token(String kid) {
        return Tokens.jca("SHA256withRSA", TestKeys.RSA_2048.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", "{}");
    }

    static KeySetStatus status(JwtAuthenticator auth) {
        assertThat(auth.keySets()).hasSize(1);
        return auth.keySets().get(0);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void coldStartAnswers401AndReportsTheCause(Fault fault) throws Exception {
        JwksServer server = server();
        fault.inject(server, "/jwks");
        JwtAuthenticator auth = create(server.url("/jwks"));
        AuthOutcome.Denied d = denied(run(auth, token("a")));
        assertThat(d.reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(d.status()).isEqualTo(401);
        KeySetStatus s = status(auth);
        assertThat(s.lastError().cause()).isEqualTo(fault.cause);
        assertThat(s.failures(fault.cause)).isEqualTo(1);
        assertThat(s.failuresTotal()).isEqualTo(1);
        assertThat(s.successes()).isZero();
        assertThat(s.keyCount()).isZero();
        assertThat(s.servingStale()).isFalse();
        if (fault.attempts > 0) {
            assertThat(server.hits("/jwks")).as("requests for one fetch (maxRetries 1)").isEqualTo(fault.attempts);
        }
        // Inside the retry interval, further requests fail at once, without a fetch.
        assertThat(denied(run(auth, token("a"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(status(auth).failuresTotal()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void warmKeysAreServedStaleUntilStaleIfErrorThenFailClosed(Fault fault) throws Exception {
        JwksServer server = server();
        server.answer("/jwks", JwksServer.Answer.json("{\"keys\":[" + good("a") + "]}", "max-age=60"));
        JwtAuthenticator auth = create(server.url("/jwks"));
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        fault.inject(server, "/jwks");
        clock.advance(Duration.ofSeconds(61)); // expired: this request waits for the refresh, which fails
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        KeySetStatus s = status(auth);
        assertThat(s.servingStale()).isTrue();
        assertThat(s.lastError().cause()).isEqualTo(fault.cause);
        assertThat(s.kids()).containsExactly("a");
        clock.advance(Duration.ofMinutes(9)); // 9 min 1 s after expiry: still within staleIfError 10m
        assertThat(run(auth, token("a"))).isInstanceOf(AuthOutcome.Allowed.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(denied(run(auth, token("a"))).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        assertThat(status(auth).servingStale()).isFalse();
    }

    @Test
    void oneBadKeyAmongGoodOnesIsDroppedAndReportedTheGoodOnesServe() throws Exception {
        JwksServer server = server();
        server.answer("/jwks", JwksServer.Answer.json("{\"keys\":[" + good("good") + "," + weakRsa("weak") + "," + offCurveEc("off-curve")
                + "," + good("good-2").replace("\"kty\":\"RSA\"", "\"kty\":\"RSA\",\"use\":\"enc\"") + "]}", null));
        JwtAuthenticator auth = create(server.url("/jwks"));
        assertThat(run(auth, token("good"))).isInstanceOf(AuthOutcome.Allowed.class);
        KeySetStatus s = status(auth);
        assertThat(s.kids()).containsExactlyInAnyOrder("good", "good-2");
        assertThat(s.droppedKeys()).hasSize(2);
        assertThat(s.droppedKeys().get(0)).contains("weak");
        assertThat(s.droppedKeys().get(1)).contains("off-curve");
        assertThat(s.lastError()).isNull();
        String weakToken = Tokens.jca("SHA256withRSA", WEAK.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"weak\"}", "{}");
        assertThat(denied(run(auth, weakToken)).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        // A key restricted to encryption stays in the set but never verifies a signature.
        assertThat(denied(run(auth, token("good-2"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
    }
}
