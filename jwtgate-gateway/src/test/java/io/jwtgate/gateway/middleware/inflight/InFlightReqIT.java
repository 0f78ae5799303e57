package io.jwtgate.gateway.middleware.inflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code inFlightReq} with a backend that holds requests until the test releases them: no timing involved. */
class InFlightReqIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    @Test
    void theAmountIsHeldAtOnceAndReleasedWhenResponsesEnd() throws Exception {
        Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
        Backend backend = closing.add(Backend.start(held::add));
        TestGateway gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    two: {inFlightReq: {amount: 2}}
                    by-key: {inFlightReq: {amount: 1, sourceCriterion: {requestHeaderName: X-Key}}}
                  routers:
                    r: {rule: Path(`/r`), service: b, middlewares: [two]}
                    k: {rule: Path(`/k`), service: b, middlewares: [by-key]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pending.add(Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/r")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await(() -> held.size() == 2);
        HttpResponse<String> third = Http.get(gw.url("/r"));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("max connections reached: 2");
        held.poll().response().end("done");
        // Either of the two may have been the one released: the requests reach the backend in any order.
        Object first = CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(((HttpResponse<?>) first).statusCode()).isEqualTo(200);
        // One slot is free again once the first response has ended.
        CompletableFuture<HttpResponse<String>> fourth = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/r")).build(),
                HttpResponse.BodyHandlers.ofString());
        await(() -> held.size() == 2);
        held.forEach(r -> r.response().end("done"));
        held.clear();
        assertThat(fourth.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> p : pending) {
            assertThat(p.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        // Sources are counted apart.
        CompletableFuture<HttpResponse<String>> alice = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/k")).header("X-Key", "alice")
                .build(), HttpResponse.BodyHandlers.ofString());
        await(() -> held.size() == 1);
        assertThat(Http.get(gw.url("/k"), "X-Key", "alice").statusCode()).isEqualTo(429);
        CompletableFuture<HttpResponse<String>> bob = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/k")).header("X-Key", "bob")
                .build(), HttpResponse.BodyHandlers.ofString());
        await(() -> held.size() == 2);
        held.forEach(r -> r.response().end("done"));
        assertThat(alice.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(bob.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (long deadline = System.nanoTime() + 10_000_000_000L; !condition.getAsBoolean() && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
