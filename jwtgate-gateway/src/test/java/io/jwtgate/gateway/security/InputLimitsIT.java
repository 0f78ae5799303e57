package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entry-point limits with their documented answers (SECURITY.md, "Limits"): 431, 413, and the token's own limits as 401. */
class InputLimitsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static CountingBackend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new CountingBackend());
        gw = closing.add(TestGateway.builder()
                .web("""
                http:
                  maxHeaderBytes: 16384
                  maxRequestBodyBytes: 4096
                """)
                .start("""
                http:
                  middlewares:
                    jwt: {plugin: {jwt: {signingSecret: "%s", tokenKey: token}}}
                  routers:
                    api: {rule: PathPrefix(`/api`), service: b, middlewares: [jwt]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, backend.url())));
    }


    @Test
    void headersOverTheLimitGet431() throws Exception {
        HttpRequest.Builder many = HttpRequest.newBuilder(gw.url("/api")).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < 2000; i++) {
            many.header("X-H" + i, "v");
        }
        assertThat(Http.client().send(many.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(431);
        assertThat(Http.get(gw.url("/api"), "X-Big", "v".repeat(20_000)).statusCode()).isEqualTo(431);
        assertThat(backend.hits()).isZero();
    }

    @Test
    void bodiesOverTheLimitGet413EvenForTheFormTokenLookup() throws Exception {
        String token = Jose.hs256(SECRET, "{\"alg\":\"HS256\"}", "{}");
        String body = "pad=" + "x".repeat(5000) + "&token=" + token;
        HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/api"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(backend.hits()).isZero();
    }

    @Test
    void tokenOverSixteenKibibytesIsRefusedAs401() throws Exception {
        String big = Jose.hs256(SECRET, "{\"alg\":\"HS256\"}", "{\"pad\":\"" + "x".repeat(13_000) + "\"}");
        assertThat(big.length()).isGreaterThan(16 * 1024);
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer " + big).statusCode()).isIn(401, 431);
        assertThat(backend.hits()).isZero();
    }
}
