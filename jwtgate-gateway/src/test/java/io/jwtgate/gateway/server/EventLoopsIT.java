package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Every core gets an event loop that serves the entry points: the instances are deployed together, so a
 * context created meanwhile (the file provider's watch timer) cannot put two of them on one thread.
 * Ephemeral ports (":0") are shared by all instances of an entry point and distinct between entry points.
 */
class EventLoopsIT {

    @Test
    void oneEventLoopPerCoreServesEveryEntryPointOnItsOwnPort() throws Exception {
        try (Backend backend = Backend.echo("a");
             TestGateway gw = TestGateway.builder()
                     .entryPoint("other", "")
                     .start("""
                     http:
                       routers:
                         all:
                           rule: PathPrefix(`/`)
                           entryPoints: [web, other]
                           service: svc
                       services:
                         svc:
                           loadBalancer:
                             servers:
                               - url: %s
                     """.formatted(backend.url()))) {
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(gw.gateway().eventLoopThreads()).hasSize(cores).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
            assertThat(gw.gateway().port("web")).isPositive().isNotEqualTo(gw.gateway().port("other"));
            for (String entryPoint : new String[] {"web", "other"}) {
                // A new client, so a new connection, each time: the instances take turns accepting them.
                for (int i = 0; i < 2 * cores; i++) {
                    HttpResponse<String> response;
                    try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                        response = fresh.send(HttpRequest.newBuilder(gw.url(entryPoint, "/x" + i)).build(), HttpResponse.BodyHandlers.ofString());
                    }
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("\"uri\":\"/x" + i + "\"");
                }
            }
        }
    }
}
