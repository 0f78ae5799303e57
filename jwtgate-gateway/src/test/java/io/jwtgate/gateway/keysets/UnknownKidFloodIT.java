package io.jwtgate.gateway.keysets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Attacks #21 through a real gateway: a flood of tokens with random {@code kid}s (paced at up to 1,000
 * requests per second for 5 s, at most 64 in flight) causes at most one JWKS fetch in the 30 s cooldown,
 * counted on the JWKS server; valid tokens sent during the flood all pass; no 5xx.
 */
class UnknownKidFloodIT {

    @Test
    void randomKidFloodCausesAtMostOneRefetchAndValidTokensKeepPassing() throws Exception {
        try (JwksServer jwks = new JwksServer(); Backend backend = Backend.echo("backend")) {
            jwks.answer("/jwks", 200, JwksServer.set(JwksServer.jwk(JwksServer.GOOD, "k")));
            try (TestGateway gw = TestGateway.withDynamic("""
                    http:
                      middlewares:
                        jwt:
                          plugin:
                            jwt:
                              jwksUrl: %s
                      routers:
                        api:
                          rule: PathPrefix(`/`)
                          service: backend
                          middlewares: [jwt]
                      services:
                        backend:
                          loadBalancer:
                            servers:
                              - url: %s
                    """.formatted(jwks.url("/jwks"), backend.url()))) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                String valid = JwksServer.token(JwksServer.GOOD, "k");
                assertThat(send(client, gw, valid).statusCode()).isEqualTo(200);
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                String rest = "." + b64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new byte[256]);
                Map<Integer, LongAdder> floodStatuses = new ConcurrentHashMap<>();
                Map<Integer, LongAdder> validStatuses = new ConcurrentHashMap<>();
                AtomicInteger errors = new AtomicInteger();
                Semaphore inFlight = new Semaphore(64);
                long start = System.nanoTime();
                int sent = 0;
                for (long next = start; System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5); next += 1_000_000) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    inFlight.acquire();
                    boolean isValid = sent % 20 == 0;
                    String token = isValid ? valid
                            : b64.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8)) + rest;
                    Map<Integer, LongAdder> into = isValid ? validStatuses : floodStatuses;
                    sendAsync(client, gw, token).whenComplete((r, e) -> {
                        inFlight.release();
                        if (e != null) {
                            errors.incrementAndGet();
                        } else {
                            into.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
                        }
                    });
                    sent++;
                }
                inFlight.acquire(64);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("gateway flood: %d requests in %.1f s (%.0f/s); flood statuses %s; valid statuses %s; JWKS fetches %d%n",
                        sent, seconds, sent / seconds, floodStatuses, validStatuses, jwks.hits("/jwks"));
                assertThat(errors.get()).isZero();
                assertThat(floodStatuses.keySet()).containsExactly(401);
                assertThat(validStatuses.keySet()).containsExactly(200);
                assertThat(floodStatuses.get(401).sum()).isGreaterThan(1000);
                assertThat(jwks.hits("/jwks")).as("1 initial fetch + at most 1 forced refetch per 30 s cooldown").isBetween(1, 2);
            }
        }
    }

    static HttpRequest request(TestGateway gw, String token) {
        return HttpRequest.newBuilder(gw.url("/api")).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build();
    }

    static HttpResponse<String> send(HttpClient client, TestGateway gw, String token) throws Exception {
        return client.send(request(gw, token), HttpResponse.BodyHandlers.ofString());
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<Void>> sendAsync(HttpClient client, TestGateway gw, String token) {
        return client.sendAsync(request(gw, token), HttpResponse.BodyHandlers.discarding());
    }
}
