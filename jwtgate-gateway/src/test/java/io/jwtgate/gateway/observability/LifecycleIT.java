package io.jwtgate.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness follows the key sets; graceful shutdown lets in-flight requests finish. */
class LifecycleIT {

    @Test
    void readinessWaitsForKeySetsOfMiddlewaresInUse() throws Exception {
        JwksServer jwks = new JwksServer();
        jwks.answer("/jwks", 503, "down");
        try (jwks; Backend backend = Backend.echo("b");
             TestGateway gw = TestGateway.builder()
                     .staticYaml("""
                     ping:
                       entryPoint: web
                     metrics:
                       prometheus:
                         entryPoint: web
                     """)
                     .start("""
                     http:
                       middlewares:
                         idp:
                           plugin:
                             jwt:
                               jwksUrl: %s
                               clientConfig: {maxRetries: 0, timeoutSeconds: 1}
                               keySetPolicy: {retryInterval: 1s, unknownKidCooldown: 1s}
                       routers:
                         r: {rule: PathPrefix(`/api`), service: b, middlewares: [idp]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(jwks.url("/jwks"), backend.url()))) {
            assertThat(Http.get(gw.url("/ping")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/ready")).statusCode()).as("identity provider down: not ready").isEqualTo(503);
            // Wait until the first fetch has failed (it runs in the background) before the provider recovers.
            java.util.regex.Pattern failed = java.util.regex.Pattern.compile(
                    "jwtgate_keyset_fetches_total\\{cause=\"HTTP_STATUS\",middleware=\"idp@file\",outcome=\"failure\",source=\"[^\"]+\"} [1-9]");
            Instant failDeadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!failed.matcher(Http.get(gw.url("/metrics")).body()).find() && Instant.now().isBefore(failDeadline)) {
                Thread.sleep(50);
            }
            assertThat(Http.get(gw.url("/ready")).statusCode()).as("still not ready after the failed fetch").isEqualTo(503);
            jwks.answer("/jwks", 200, "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\","
                    + "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            int status = 503;
            while (status != 200 && Instant.now().isBefore(deadline)) {
                // A request with an unknown kid makes the middleware retry the key set (respecting its cooldown).
                Http.get(gw.url("/api"), "Authorization", "Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.e30.AAAA");
                status = Http.get(gw.url("/ready")).statusCode();
                Thread.sleep(200);
            }
            assertThat(status).as("ready once keys arrived").isEqualTo(200);
            String metrics = Http.get(gw.url("/metrics")).body();
            assertThat(metrics).containsPattern("jwtgate_keyset_keys\\{middleware=\"idp@file\",source=\"[^\"]+/jwks\"} 1\\.0")
                    .containsPattern("jwtgate_keyset_fetches_total\\{cause=\"HTTP_STATUS\",middleware=\"idp@file\",outcome=\"failure\",source=\"[^\"]+\"} [1-9]")
                    .containsPattern("jwtgate_keyset_last_success_timestamp_seconds\\{[^}]+} [1-9]");
        }
    }

    @Test
    void gracefulShutdownFinishesInFlightRequests() throws Exception {
        CountDownLatch arrived = new CountDownLatch(3);
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (Backend slow = Backend.start(request -> {
                 arrived.countDown();
                 release.whenComplete((v, e) -> Backend.vertx().runOnContext(x -> request.response().end("done")));
             })) {
            TestGateway gw = TestGateway.withDynamic("""
                    http:
                      routers:
                        r: {rule: PathPrefix(`/`), service: slow}
                      services:
                        slow: {loadBalancer: {servers: [{url: "%s"}]}}
                    """.formatted(slow.url()));
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                inFlight.add(Http.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.url("/work")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            Thread shutdown = Thread.ofPlatform().start(() -> gw.gateway().shutdown(Duration.ofSeconds(20)));
            Thread.sleep(300);
            release.complete(null);
            shutdown.join(30_000);
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("done");
            }
        }
    }
}
