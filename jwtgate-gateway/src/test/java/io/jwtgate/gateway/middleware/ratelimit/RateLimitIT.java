package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rateLimit} through a running gateway. Rates are chosen so that no assertion depends on
 * timing: one request per minute (a refused request would wait far beyond the grace).
 */
class RateLimitIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    by-ip: {rateLimit: {average: 1, period: 1m, burst: 3}}
                    by-key: {rateLimit: {average: 1, period: 1m, sourceCriterion: {requestHeaderName: X-Api-Key}}}
                    by-host: {rateLimit: {average: 1, period: 1m, sourceCriterion: {requestHost: true}}}
                    unlimited: {rateLimit: {average: 0}}
                  routers:
                    ip: {rule: Path(`/ip`), service: b, middlewares: [by-ip]}
                    key: {rule: Path(`/key`), service: b, middlewares: [by-key]}
                    host: {rule: Path(`/host`), service: b, middlewares: [by-host]}
                    free: {rule: Path(`/free`), service: b, middlewares: [unlimited]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    @Test
    void theBurstPassesThenTraefiksTooManyRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(gw.url("/ip")).statusCode()).as("request %d of the burst", i + 1).isEqualTo(200);
        }
        HttpResponse<String> refused = Http.get(gw.url("/ip"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("Too Many Requests");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.headers().firstValue("X-Retry-In").orElseThrow()).matches("(\\d+m)?\\d+(\\.\\d+)?s");
    }

    @Test
    void eachSourceHasItsOwnBucket() throws Exception {
        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "alice").statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "alice").statusCode()).isEqualTo(429);
        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "bob").statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/key")).statusCode()).as("no header: the empty source").isEqualTo(200);
        assertThat(Http.get(gw.url("/key")).statusCode()).isEqualTo(429);
        // Another middleware has its own buckets even for the same source.
        assertThat(Http.get(gw.url("/host")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/host")).statusCode()).isEqualTo(429);
    }

    @Test
    void averageZeroMeansNoLimit() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(gw.url("/free")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void conflictingCriteriaAreRefused() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    both: {rateLimit: {average: 1, sourceCriterion: {requestHost: true, requestHeaderName: X-Key}}}
                  routers:
                    a: {rule: Path(`/a`), service: s, middlewares: [both]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """)) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.both.rateLimit.sourceCriterion") && p.contains("mutually exclusive"));
            assertThat(Http.get(bad.url("/a")).statusCode()).isEqualTo(503);
        }
    }
}
