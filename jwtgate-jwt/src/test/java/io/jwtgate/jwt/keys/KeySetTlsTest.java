package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.HttpsJwksServer;
import io.jwtgate.jwt.support.TestPki;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code clientConfig.tls} against real HTTPS key-set servers (JDK {@code HttpsServer}, certificates made
 * with BouncyCastle): one requiring a client certificate from our CA (mTLS), one self-signed.
 */
class KeySetTlsTest {

    static final TestPki PKI = new TestPki("jwtgate-test");
    static final TestPki.Issued SELF_SIGNED = TestPki.selfSignedServer();
    static final TestPki OTHER_PKI = new TestPki("someone-else");
    static HttpsJwksServer mtls;
    static HttpsJwksServer selfSigned;

    @BeforeAll
    static void start() throws Exception {
        String jwks = "{\"keys\":[" + KeySetFaultsTest.good("a") + "]}";
        mtls = new HttpsJwksServer(TestPki.serverContext(PKI.server, PKI.ca), true, jwks);
        selfSigned = new HttpsJwksServer(TestPki.serverContext(SELF_SIGNED, null), false, jwks);
    }

    @AfterAll
    static void stop() {
        mtls.close();
        selfSigned.close();
    }

    enum Server { MTLS, SELF_SIGNED }

    static Map<String, Object> tls(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> cases() {
        String ca = PKI.ca.certPem();
        return Stream.of(
                // server, clientConfig.tls, accepted?, failure cause when refused
                Arguments.of(Server.MTLS, tls("ca", ca, "cert", PKI.client.certPem(), "key", PKI.client.keyPem()), true, null),
                Arguments.of(Server.MTLS, tls("ca", ca), false, FetchFailure.TLS),
                Arguments.of(Server.MTLS, tls("ca", ca, "cert", OTHER_PKI.client.certPem(), "key", OTHER_PKI.client.keyPem()), false,
                        FetchFailure.TLS),
                Arguments.of(Server.MTLS, tls("cert", PKI.client.certPem(), "key", PKI.client.keyPem()), false, FetchFailure.TLS),
                Arguments.of(Server.SELF_SIGNED, tls(), false, FetchFailure.TLS),
                Arguments.of(Server.SELF_SIGNED, tls("ca", OTHER_PKI.ca.certPem()), false, FetchFailure.TLS),
                Arguments.of(Server.SELF_SIGNED, tls("ca", SELF_SIGNED.certPem()), true, null),
                Arguments.of(Server.SELF_SIGNED, tls("insecureSkipVerify", true), true, null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void keySetServerIsReachedOnlyWithTheRightTlsMaterial(Server server, Map<String, Object> tls, boolean accepted, FetchFailure cause)
            throws Exception {
        String url = server == Server.MTLS ? mtls.url() : selfSigned.url();
        try (JwtAuthenticator auth = Auth.create(options("jwksUrl", url,
                "clientConfig", Map.of("tls", tls, "maxRetries", 2, "timeoutSeconds", 2)))) {
            AuthOutcome outcome = run(auth, KeySetFaultsTest.token("a"));
            KeySetStatus s = auth.keySets().get(0);
            if (accepted) {
                assertThat(outcome).isInstanceOf(AuthOutcome.Allowed.class);
                assertThat(s.successes()).isEqualTo(1);
            } else {
                assertThat(denied(outcome).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
                assertThat(s.lastError().cause()).isEqualTo(cause);
                assertThat(s.failures(cause)).as("TLS failures are not retried").isEqualTo(1);
                assertThat(s.lastError().message()).doesNotContain("PRIVATE KEY");
            }
            if (Boolean.TRUE.equals(tls.get("insecureSkipVerify"))) {
                assertThat(auth.warnings()).anyMatch(w -> w.contains("insecureSkipVerify"));
            }
        }
    }
}
