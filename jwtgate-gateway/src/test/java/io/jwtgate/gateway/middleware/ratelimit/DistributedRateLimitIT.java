package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RedisServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik Hub's {@code distributedRateLimit} (a jwtgate extension) through running gateways and a
 * real {@code redis-server}. One request per hour refills the buckets, so no token comes back
 * during a test and no assertion depends on timing.
 */
class DistributedRateLimitIT {

    @RegisterExtension
    static final RedisRateLimitFixture limits = new RedisRateLimitFixture(RedisRateLimitFixture.Limiter.DISTRIBUTED);

    static String store(RedisServer server, String more) {
        return "store: {redis: {endpoints: [\"" + server.endpoint() + "\"]" + more + "}}";
    }

    @Test
    void theBurstPassesThen429WithTheRateLimitHeaders() throws Exception {
        try (TestGateway gw = limits.gateway("{limit: 1, period: 1h, burst: 3, responseHeaders: true,"
                + " sourceCriterion: {requestHeaderName: X-Case}, " + store(limits.redis(), "") + "}")) {
            for (int remaining = 2; remaining >= 0; remaining--) {
                HttpResponse<String> ok = Http.get(gw.url("/r"), "X-Case", "headers");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
                assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(remaining));
                // Seconds until the bucket is full again: one hour per missing token.
                long reset = Long.parseLong(ok.headers().firstValue("X-RateLimit-Reset").orElseThrow());
                assertThat(reset).isBetween(3600L * (3 - remaining) - 60, 3600L * (3 - remaining));
            }
            HttpResponse<String> refused = Http.get(gw.url("/r"), "X-Case", "headers");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("Too Many Requests");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(3000L, 3600L);
            assertThat(refused.headers().firstValue("X-Retry-In")).isPresent();
            assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
            assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            assertThat(Long.parseLong(refused.headers().firstValue("X-RateLimit-Reset").orElseThrow())).isBetween(10_000L, 10_800L);
        }
    }

    @Test
    void noHeadersUnlessAskedFor() throws Exception {
        try (TestGateway gw = limits.gateway("{limit: 1, period: 1h, sourceCriterion: {requestHeaderName: X-Case}, "
                + store(limits.redis(), "") + "}")) {
            HttpResponse<String> ok = Http.get(gw.url("/r"), "X-Case", "quiet");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit"));
            assertThat(Http.get(gw.url("/r"), "X-Case", "quiet").statusCode()).as("burst defaults to 1").isEqualTo(429);
        }
    }

    @Test
    void twoGatewaysShareOneLimit() throws Exception {
        String options = "{limit: 1, period: 1h, burst: 3, sourceCriterion: {requestHeaderName: X-Case}, " + store(limits.redis(), "") + "}";
        try (TestGateway a = limits.gateway(options); TestGateway b = limits.gateway(options)) {
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(b.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(b.url("/r"), "X-Case", "two").statusCode()).as("the fourth, on the other instance").isEqualTo(429);
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void denyOnErrorTrueAnswers500WhileRedisIsGoneThenLimitsAgain() throws Exception {
        try (RedisServer own = RedisServer.start();
             TestGateway gw = limits.gateway("{limit: 1, period: 1h, burst: 2, responseHeaders: true, " + store(own, "") + "}")) {
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            own.kill();
            HttpResponse<String> denied = Http.get(gw.url("/r"));
            assertThat(denied.statusCode()).as("denyOnError defaults to true").isEqualTo(500);
            assertThat(denied.body()).isEqualTo("Could not insert/update bucket\n");
            assertThat(denied.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit"));
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(500);
            own.restart();
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void denyOnErrorFalseLetsRequestsThroughWhileRedisIsGoneThenLimitsAgain() throws Exception {
        try (RedisServer own = RedisServer.start();
             TestGateway gw = limits.gateway("{limit: 1, period: 1h, burst: 1, denyOnError: false, responseHeaders: true, " + store(own, "") + "}")) {
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(429);
            own.kill();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> through = Http.get(gw.url("/r"));
                assertThat(through.statusCode()).isEqualTo(200);
                assertThat(through.headers().map().keySet()).as("nothing known to report").noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit"));
            }
            own.restart();
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aWrongPasswordIsAStoreError() throws Exception {
        try (RedisServer guarded = RedisServer.start("--requirepass", "hub-pass");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         deny: {plugin: {distributedRateLimit: {limit: 1, period: 1h, store: {redis: {endpoints: ["%1$s"], password: wrong}}}}}
                         open: {plugin: {distributedRateLimit: {limit: 1, period: 1h, denyOnError: false, store: {redis: {endpoints: ["%1$s"], password: wrong}}}}}
                         good: {plugin: {distributedRateLimit: {limit: 1, period: 1h, store: {redis: {endpoints: ["%1$s"], password: hub-pass, timeout: 2s}}}}}
                       routers:
                         deny: {rule: Path(`/deny`), service: b, middlewares: [deny]}
                         open: {rule: Path(`/open`), service: b, middlewares: [open]}
                         good: {rule: Path(`/good`), service: b, middlewares: [good]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%2$s"}]}}
                     """.formatted(guarded.endpoint(), limits.backend().url()))) {
            assertThat(gw.gateway().problems()).isEmpty();
            assertThat(Http.get(gw.url("/deny")).statusCode()).isEqualTo(500);
            assertThat(Http.get(gw.url("/open")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/open")).statusCode()).as("unlimited while Redis refuses").isEqualTo(200);
            assertThat(Http.get(gw.url("/good")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/good")).statusCode()).isEqualTo(429);
            assertThat(String.join("\n", gw.gateway().warnings())).doesNotContain("hub-pass");
        }
    }

    @Test
    void sourceCriteriaSelectTheBucket() throws Exception {
        try (TestGateway gw = limits.bySource("limit: 1, period: 1h, " + store(limits.redis(), ", database: 2"),
                "{excludedIPs: [\"198.51.100.9\"]}")) {
            RedisRateLimitFixture.assertIpHostAndKeyBuckets(gw);

            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.1, 198.51.100.9").statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.2, 198.51.100.9").statusCode()).isEqualTo(200);
            // database: 2 is where the buckets are.
            assertThat(limits.redis().cli("-n", "2", "EXISTS", "rate:by-key@file:alice")).isEqualTo("1");
            assertThat(limits.redis().cli("-n", "2", "EXISTS", "rate:by-xff@file:192.0.2.2")).isEqualTo("1");
            assertThat(limits.redis().cli("-n", "0", "EXISTS", "rate:by-key@file:alice")).isEqualTo("0");
        }
    }

    @Test
    void limitZeroIsNoLimit() throws Exception {
        try (TestGateway gw = limits.gateway("{limit: 0, responseHeaders: true, store: {redis: {endpoints: [\"127.0.0.1:9\"]}}}")) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> ok = Http.get(gw.url("/r"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("X-RateLimit-Limit")).isEmpty();
            }
        }
    }

    @Test
    void badOptionsDisableTheRoutersAndUnknownKeysAreReported() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    no-store: {plugin: {distributedRateLimit: {limit: 1}}}
                    no-endpoints: {plugin: {distributedRateLimit: {limit: 1, store: {redis: {password: x}}}}}
                    traefik-db: {plugin: {distributedRateLimit: {limit: 1, store: {redis: {endpoints: ["127.0.0.1:9"], db: 1}}}}}
                    sentinel: {plugin: {distributedRateLimit: {limit: 1, store: {redis: {endpoints: ["127.0.0.1:9"], sentinel: {masterSet: m}}}}}}
                    typo: {plugin: {distributedRateLimit: {limit: 1, denyOnErrors: false, store: {redis: {endpoints: ["127.0.0.1:9"]}}}}}
                  routers:
                    a: {rule: Path(`/a`), service: s, middlewares: [no-store]}
                    b: {rule: Path(`/b`), service: s, middlewares: [no-endpoints]}
                    c: {rule: Path(`/c`), service: s, middlewares: [traefik-db]}
                    d: {rule: Path(`/d`), service: s, middlewares: [sentinel]}
                    e: {rule: Path(`/e`), service: s, middlewares: [typo]}
                  services:
                    s: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(limits.backend().url()))) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.no-store.plugin.distributedRateLimit.store.redis") && p.contains("is required"))
                    .anyMatch(p -> p.contains("no-endpoints") && p.contains("store.redis.endpoints") && p.contains("is required"))
                    .anyMatch(p -> p.contains("traefik-db") && p.contains("store.redis.db") && p.contains("database"))
                    .anyMatch(p -> p.contains("sentinel") && p.contains("Sentinel is not supported"));
            for (String path : new String[] {"/a", "/b", "/c", "/d"}) {
                assertThat(Http.get(bad.url(path)).statusCode()).as(path).isEqualTo(503);
            }
            assertThat(bad.gateway().warnings()).anyMatch(w -> w.contains("distributedRateLimit.denyOnErrors") && w.contains("denyOnError"));
            assertThat(Http.get(bad.url("/e")).statusCode()).as("denyOnError stays true: Redis on port 9 is unreachable").isEqualTo(500);
        }
    }
}
