package io.jwtgate.gateway.keysets;

import io.jwtgate.gateway.support.ClosedPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection through a real gateway: one JWT middleware per misbehaving JWKS endpoint. Every fault
 * answers 401 (fail closed), a set with bad keys among good ones still serves the good ones, a
 * middleware whose IdP is down at start recovers by itself, and no request ever gets a 500.
 */
class KeySetFaultsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static JwksServer jwks;
    static Backend backend;
    static TestGateway gw;
    static final List<Integer> statuses = new ArrayList<>();

    static final String[] ROUTES = {"good", "stopped", "hang", "error500", "garbage", "huge", "mixed", "late"};

    @BeforeAll
    static void start() throws Exception {
        jwks = closing.add(new JwksServer());
        backend = closing.add(Backend.echo("backend"));
        jwks.answer("/good", 200, JwksServer.set(JwksServer.jwk(JwksServer.GOOD, "k")));
        jwks.hang("/hang");
        jwks.answer("/error500", 500, "internal error");
        jwks.answer("/garbage", 200, "<html>not json");
        jwks.huge("/huge");
        jwks.answer("/mixed", 200, JwksServer.set(JwksServer.jwk(JwksServer.WEAK, "weak"),
                JwksServer.jwk(JwksServer.GOOD, "k"),
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"junk\",\"x\":\"AAAA\",\"y\":\"AAAA\"}"));
        jwks.answer("/late", 503, "");
        int closedPort = ClosedPort.port();
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (String r : ROUTES) {
            String url = r.equals("stopped") ? "http://127.0.0.1:" + closedPort + "/jwks" : jwks.url("/" + r);
            yaml.append("""
                        jwt-%s:
                          plugin:
                            jwt:
                              jwksUrl: %s
                              clientConfig:
                                timeoutSeconds: 1
                                maxRetries: 0
                              keySetPolicy:
                                retryInterval: 1s
                    """.formatted(r, url));
        }
        yaml.append("  routers:\n");
        for (String r : ROUTES) {
            yaml.append("""
                        r-%s:
                          rule: Path(`/%s`)
                          service: backend
                          middlewares: [jwt-%s]
                    """.formatted(r, r, r));
        }
        yaml.append("""
                  services:
                    backend:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(backend.url()));
        gw = closing.add(TestGateway.withDynamic(yaml.toString()));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(statuses).isNotEmpty().doesNotContain(500, 502, 503, 504);
    }

    static int get(String path, String token) throws Exception {
        HttpResponse<String> r = Http.get(gw.url(path), "Authorization", "Bearer " + token);
        synchronized (statuses) {
            statuses.add(r.statusCode());
        }
        return r.statusCode();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("good", "k", 200),
                Arguments.of("stopped", "k", 401),
                Arguments.of("hang", "k", 401),
                Arguments.of("error500", "k", 401),
                Arguments.of("garbage", "k", 401),
                Arguments.of("huge", "k", 401),
                Arguments.of("mixed", "k", 200),
                Arguments.of("mixed", "weak", 401),
                Arguments.of("mixed", "junk", 401));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void eachFaultHasItsOutcomeAndNever500(String route, String kid, int expected) throws Exception {
        String token = JwksServer.token(kid.equals("weak") ? JwksServer.WEAK : JwksServer.GOOD, kid);
        assertThat(get("/" + route, token)).isEqualTo(expected);
        assertThat(get("/" + route, token)).as("second request, same answer").isEqualTo(expected);
        assertThat(get("/" + route, "not.a.token")).isEqualTo(401);
    }

    @Test
    void aMiddlewareStartedWhileTheIdpIsDownAnswers401ThenRecoversByItself() throws Exception {
        String token = JwksServer.token(JwksServer.GOOD, "k");
        assertThat(get("/late", token)).isEqualTo(401);
        jwks.answer("/late", 200, JwksServer.set(JwksServer.jwk(JwksServer.GOOD, "k")));
        int status = 401;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = get("/late", token);
        }
        assertThat(status).isEqualTo(200);
    }
}
