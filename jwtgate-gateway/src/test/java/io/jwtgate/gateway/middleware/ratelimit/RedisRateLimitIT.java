package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RedisServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code rateLimit} with {@code redis}, through running gateways and a real
 * {@code redis-server}. One request per hour refills the buckets, so no token comes back during a
 * test and no assertion depends on timing.
 */
class RedisRateLimitIT {

    @RegisterExtension
    static final RedisRateLimitFixture limits = new RedisRateLimitFixture(RedisRateLimitFixture.Limiter.RATE_LIMIT);

    @Test
    void theBurstPassesThenTraefiksTooManyRequestsAndTheBucketIsTraefiks() throws Exception {
        try (TestGateway gw = limits.gateway("{average: 1, period: 1h, burst: 3, sourceCriterion: {requestHeaderName: X-Case},"
                + " redis: {endpoints: [\"" + limits.redis().endpoint() + "\"]}}")) {
            for (int i = 0; i < 3; i++) {
                assertThat(Http.get(gw.url("/r"), "X-Case", "burst").statusCode()).as("request %d of the burst", i + 1).isEqualTo(200);
            }
            HttpResponse<String> refused = Http.get(gw.url("/r"), "X-Case", "burst");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("Too Many Requests");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(3000L, 3600L);
            assertThat(refused.headers().firstValue("X-Retry-In").orElseThrow()).matches("(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?s");
            // Traefik's layout: rate:<middleware>:<source>, a hash of last and tokens, expiring.
            String key = "rate:shared@file:burst";
            assertThat(limits.redis().cli("HKEYS", key).lines().sorted().toList()).containsExactly("last", "tokens");
            assertThat(Double.parseDouble(limits.redis().cli("HGET", key, "tokens"))).isBetween(0.0, 0.01);
            assertThat(Long.parseLong(limits.redis().cli("TTL", key))).isBetween(3000L, 3601L);
        }
    }

    @Test
    void twoGatewaysShareOneLimit() throws Exception {
        String options = "{average: 1, period: 1h, burst: 4, sourceCriterion: {requestHeaderName: X-Case},"
                + " redis: {endpoints: [\"" + limits.redis().endpoint() + "\"]}}";
        try (TestGateway a = limits.gateway(options); TestGateway b = limits.gateway(options)) {
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(b.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(b.url("/r"), "X-Case", "two").statusCode()).isEqualTo(200);
            assertThat(Http.get(a.url("/r"), "X-Case", "two").statusCode()).as("the fifth, whichever instance").isEqualTo(429);
            assertThat(Http.get(b.url("/r"), "X-Case", "two").statusCode()).isEqualTo(429);
            assertThat(Http.get(b.url("/r"), "X-Case", "other").statusCode()).as("another source").isEqualTo(200);
        }
    }

    @Test
    void redisGoneIsTraefiks500AndComingBackResumesLimiting() throws Exception {
        try (RedisServer own = RedisServer.start();
             TestGateway gw = limits.gateway("{average: 1, period: 1h, burst: 2, redis: {endpoints: [\"" + own.endpoint() + "\"]}}")) {
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            own.kill();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> failed = Http.get(gw.url("/r"));
                assertThat(failed.statusCode()).isEqualTo(500);
                assertThat(failed.body()).isEqualTo("Could not insert/update bucket\n");
                assertThat(failed.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
                assertThat(failed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
            own.restart(); // empty: the bucket starts full again, and the script must be sent again
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void sourceCriteriaSelectTheBucket() throws Exception {
        String common = "average: 1, period: 1h, redis: {endpoints: [\"" + limits.redis().endpoint() + "\"]}";
        try (TestGateway gw = limits.bySource(common, "{depth: 1}")) {
            RedisRateLimitFixture.assertIpHostAndKeyBuckets(gw);

            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/xff"), "X-Forwarded-For", "192.0.2.2").statusCode()).as("another forwarded client").isEqualTo(200);
            assertThat(limits.redis().cli("EXISTS", "rate:by-key@file:alice")).isEqualTo("1");
            assertThat(limits.redis().cli("EXISTS", "rate:by-xff@file:192.0.2.2")).isEqualTo("1");
        }
    }

    @Test
    void credentialsFromASecretFileAndAWrongPassword() throws Exception {
        Path secret = Files.createTempFile("redis-password", ".txt");
        Files.writeString(secret, "s3cret-pass\n");
        try (RedisServer guarded = RedisServer.start("--requirepass", "s3cret-pass",
                "--user", "limiter", "on", ">limiter-pass", "~rate:*", "+@all");
             TestGateway gw = TestGateway.builder().entryPoint("traefik", "").staticYaml("api: {insecure: true}").start("""
                     http:
                       middlewares:
                         good: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], password: "file:%2$s"}}}
                         acl: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], username: limiter, password: limiter-pass}}}
                         wrong: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], password: not-the-password}}}
                       routers:
                         good: {rule: Path(`/good`), service: b, middlewares: [good]}
                         acl: {rule: Path(`/acl`), service: b, middlewares: [acl]}
                         wrong: {rule: Path(`/wrong`), service: b, middlewares: [wrong]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%3$s"}]}}
                     """.formatted(guarded.endpoint(), secret, limits.backend().url()))) {
            assertThat(gw.gateway().problems()).isEmpty();
            assertThat(Http.get(gw.url("/good")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/good")).statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/acl")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/acl")).statusCode()).isEqualTo(429);
            HttpResponse<String> wrong = Http.get(gw.url("/wrong"));
            assertThat(wrong.statusCode()).isEqualTo(500);
            assertThat(wrong.body()).isEqualTo("Could not insert/update bucket\n");
            assertThat(String.join("\n", gw.gateway().warnings()) + gw.gateway().problems()).doesNotContain("s3cret-pass", "limiter-pass");
            String api = Http.get(gw.url("traefik", "/api/http/middlewares")).body();
            assertThat(api).contains("acl@file").contains("limiter").doesNotContain("limiter-pass", "not-the-password").contains("***");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void aRedisThatNeverAnswersIsAStoreErrorAfterTheTimeout() throws Exception {
        // Accepts connections and reads nothing: a hung server, not a refused connection.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TestGateway gw = limits.gateway("{average: 1, period: 1h, redis: {endpoints: [\"127.0.0.1:" + silent.getLocalPort()
                     + "\"], readTimeout: 300ms, writeTimeout: 0s}}")) {
            HttpResponse<String> failed = Http.get(gw.url("/r"));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("Could not insert/update bucket\n");
            assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(500);
        }
    }

    @Test
    void averageZeroIsNoLimitAndNeverAsksRedis() throws Exception {
        try (TestGateway gw = limits.gateway("{average: 0, burst: 1, redis: {endpoints: [\"127.0.0.1:9\"]}}")) {
            for (int i = 0; i < 5; i++) {
                assertThat(Http.get(gw.url("/r")).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void badRedisOptionsDisableTheRouters() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    no-port: {rateLimit: {average: 1, redis: {endpoints: ["redis.example"]}}}
                    half-tls: {rateLimit: {average: 1, redis: {tls: {cert: "/nonexistent.pem"}}}}
                    no-secret: {rateLimit: {average: 1, redis: {password: "env:JWTGATE_TEST_NO_SUCH_VARIABLE"}}}
                  routers:
                    a: {rule: Path(`/a`), service: s, middlewares: [no-port]}
                    b: {rule: Path(`/b`), service: s, middlewares: [half-tls]}
                    c: {rule: Path(`/c`), service: s, middlewares: [no-secret]}
                  services:
                    s: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(limits.backend().url()))) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.no-port.rateLimit.redis.endpoints") && p.contains("is not host:port"))
                    .anyMatch(p -> p.contains("http.middlewares.half-tls.rateLimit.redis.tls") && p.contains("only one of cert and key"))
                    .anyMatch(p -> p.contains("http.middlewares.no-secret.rateLimit.redis.password") && p.contains("JWTGATE_TEST_NO_SUCH_VARIABLE"));
            for (String path : new String[] {"/a", "/b", "/c"}) {
                assertThat(Http.get(bad.url(path)).statusCode()).as(path).isEqualTo(503);
            }
        }
    }
}
