package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RedisServer;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the ITs of the Redis-backed limiters (Traefik's {@code rateLimit} with {@code redis}, Traefik
 * Hub's {@code distributedRateLimit}) share: a real {@code redis-server} and an echo backend for the
 * test class (a JUnit extension: {@code @RegisterExtension static final RedisRateLimitFixture limits
 * = new RedisRateLimitFixture(Limiter.RATE_LIMIT)}; without redis-server the class is skipped), and
 * gateways whose routers the limiter guards.
 */
final class RedisRateLimitFixture implements BeforeAllCallback, AfterAllCallback {

    /** How a middleware of each limiter is written around its options. */
    enum Limiter {
        RATE_LIMIT("{rateLimit: %s}"),
        DISTRIBUTED("{plugin: {distributedRateLimit: %s}}");

        private final String template;

        Limiter(String template) {
            this.template = template;
        }

        String middleware(String options) {
            return template.formatted(options);
        }
    }

    private final Limiter limiter;
    private RedisServer redis;
    private Backend backend;

    RedisRateLimitFixture(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.start();
        backend = Backend.echo("b");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (RedisServer started = redis) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** The class's Redis server. */
    RedisServer redis() {
        return redis;
    }

    /** The class's echo backend (service {@code b} of the gateways here). */
    Backend backend() {
        return backend;
    }

    /** A gateway with middleware {@code shared} ({@code options} the limiter's) on router {@code /r}; it must have no problems. */
    TestGateway gateway(String options) throws Exception {
        TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    shared: %s
                  routers:
                    r: {rule: PathPrefix(`/r`), service: b, middlewares: [shared]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(limiter.middleware(options), backend.url()));
        assertThat(gw.gateway().problems()).isEmpty();
        return gw;
    }

    /**
     * A gateway trusting X-Forwarded-For from 127.0.0.1 (Traefik removes it from untrusted peers
     * before middlewares run) with one router a source criterion: {@code /ip} (the default),
     * {@code /xff} ({@code xffStrategy}, an ipStrategy), {@code /host} and {@code /key} (X-Api-Key);
     * {@code common} are the options of all four.
     */
    TestGateway bySource(String common, String xffStrategy) throws Exception {
        TestGateway gw = TestGateway.builder().web("forwardedHeaders: {insecure: true}").start("""
                http:
                  middlewares:
                    by-ip: %s
                    by-xff: %s
                    by-host: %s
                    by-key: %s
                  routers:
                    ip: {rule: Path(`/ip`), service: b, middlewares: [by-ip]}
                    xff: {rule: Path(`/xff`), service: b, middlewares: [by-xff]}
                    host: {rule: Path(`/host`), service: b, middlewares: [by-host]}
                    key: {rule: Path(`/key`), service: b, middlewares: [by-key]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(limiter.middleware("{" + common + "}"),
                limiter.middleware("{" + common + ", sourceCriterion: {ipStrategy: " + xffStrategy + "}}"),
                limiter.middleware("{" + common + ", sourceCriterion: {requestHost: true}}"),
                limiter.middleware("{" + common + ", sourceCriterion: {requestHeaderName: X-Api-Key}}"), backend.url()));
        assertThat(gw.gateway().problems()).isEmpty();
        return gw;
    }

    /** On a {@link #bySource} gateway with one request per bucket: the client IP, the Host and the X-Api-Key each select a bucket. */
    static void assertIpHostAndKeyBuckets(TestGateway gw) throws Exception {
        assertThat(Http.get(gw.url("/ip"), "X-Api-Key", "a").statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/ip"), "X-Api-Key", "b").statusCode()).as("same client IP").isEqualTo(429);

        assertThat(Http.get(gw.url("/host"), "Host", "a.example").statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/host"), "Host", "a.example").statusCode()).isEqualTo(429);
        assertThat(Http.get(gw.url("/host"), "Host", "b.example").statusCode()).isEqualTo(200);

        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "alice").statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "alice").statusCode()).isEqualTo(429);
        assertThat(Http.get(gw.url("/key"), "X-Api-Key", "bob").statusCode()).isEqualTo(200);
    }

}
