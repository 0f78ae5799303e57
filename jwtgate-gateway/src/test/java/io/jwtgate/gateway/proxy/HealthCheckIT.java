package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthCheckIT {

    @Test
    void unhealthyServerLeavesTheRotationAndComesBack() throws Exception {
        AtomicBoolean sick = new AtomicBoolean(false);
        try (Backend a = Backend.start(request -> {
                 if (request.path().equals("/health")) {
                     request.response().setStatusCode(sick.get() ? 503 : 200).end();
                 } else {
                     request.response().end("{\"backend\":\"a\"}");
                 }
             });
             Backend b = Backend.echo("b");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers:
                         r: {rule: PathPrefix(`/`), service: lb}
                       services:
                         lb:
                           loadBalancer:
                             healthCheck: {path: /health, interval: 100ms, timeout: 1s}
                             servers:
                               - url: "%s"
                               - url: "%s"
                     """.formatted(a.url(), b.url()))) {
            assertThat(backendsSeen(gw, 10)).containsExactlyInAnyOrder("a", "b");
            sick.set(true);
            awaitBackends(gw, Set.of("b"));
            sick.set(false);
            awaitBackends(gw, Set.of("a", "b"));
        }
    }

    private static Set<String> backendsSeen(TestGateway gw, int requests) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            var r = Http.get(gw.url("/x"));
            assertThat(r.statusCode()).isEqualTo(200);
            seen.add(new JsonObject(r.body()).getString("backend"));
        }
        return seen;
    }

    private static void awaitBackends(TestGateway gw, Set<String> expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Set<String> seen = Set.of();
        while (Instant.now().isBefore(deadline)) {
            seen = backendsSeen(gw, 6);
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).isEqualTo(expected);
    }
}
