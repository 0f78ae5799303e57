package io.jwtgate.gateway.middleware.circuitbreaker;

import io.jwtgate.gateway.support.ClosedPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code circuitBreaker} through a running gateway with real backends, on a virtual clock: the
 * middleware type is registered with a clock the test advances, so fallback and recovery are
 * driven without sleeping. Each test uses its own routers (each router has its own breaker).
 */
class CircuitBreakerIT {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    @RegisterExtension
    static final Closing closing = new Closing();

    static final AtomicLong now = new AtomicLong(1_700_000_000L * SECOND);
    /** How the backend answers each path: ok (200), fail (500), close (drops the connection), slow (200 after 200 ms of the clock). */
    static final Map<String, String> modes = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.start(request -> {
            String path = request.path();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (modes.getOrDefault(path, "ok")) {
                case "fail" -> request.response().setStatusCode(500).end("boom");
                case "close" -> request.connection().close();
                case "slow" -> {
                    now.addAndGet(200 * MS);
                    request.response().end("slow");
                }
                default -> request.response().end("ok");
            }
        }));
        int closedPort = ClosedPort.port();
        gw = closing.add(TestGateway.builder()
                .types(Map.of("circuitBreaker", CircuitBreakerMiddleware.type(now::get).builder()))
                .start("""
                        http:
                          middlewares:
                            codes: {circuitBreaker: {expression: "ResponseCodeRatio(500, 600, 0, 600) > 0.5"}}
                            net: {circuitBreaker: {expression: "NetworkErrorRatio() > 0.5", responseCode: 429}}
                            textless: {circuitBreaker: {expression: "NetworkErrorRatio() > 0.5", responseCode: 599}}
                            latency: {circuitBreaker: {expression: "LatencyAtQuantileMS(50.0) > 100", fallbackDuration: 1m}}
                            clientErrors: {circuitBreaker: {expression: "ResponseCodeRatio(400, 500, 0, 600) > 0.5"}}
                            deny: {ipAllowList: {sourceRange: ["10.0.0.0/8"]}}
                            broken: {circuitBreaker: {expression: "foobar"}}
                          routers:
                            cycle: {rule: Path(`/cycle`), service: b, middlewares: [codes]}
                            a: {rule: Path(`/a`), service: b, middlewares: [codes]}
                            b: {rule: Path(`/b`), service: b, middlewares: [codes]}
                            refused: {rule: Path(`/refused`), service: closed, middlewares: [net]}
                            textless: {rule: Path(`/textless`), service: closed, middlewares: [textless]}
                            closing: {rule: Path(`/closing`), service: b, middlewares: [net]}
                            slow: {rule: Path(`/slow`), service: b, middlewares: [latency]}
                            before: {rule: Path(`/before`), service: b, middlewares: [deny, clientErrors]}
                            after: {rule: Path(`/after`), service: b, middlewares: [clientErrors, deny]}
                            broken: {rule: Path(`/broken`), service: b, middlewares: [broken]}
                          services:
                            b: {loadBalancer: {servers: [{url: "%s"}]}}
                            closed: {loadBalancer: {servers: [{url: "http://127.0.0.1:%d"}]}}
                        """.formatted(backend.url(), closedPort)));
        assertThat(gw.gateway().problems()).isNotEmpty().allMatch(p -> p.contains("broken"));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return Http.get(gw.url(path));
    }

    /** Past the check period (100 ms), so the next answer is evaluated. */
    static void tick() {
        now.addAndGet(101 * MS);
    }

    static int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void aFailingBackendTripsTheBreakerAndARecoveredOneIsLetBackIn() throws Exception {
        assertThat(get("/cycle").statusCode()).isEqualTo(200);
        modes.put("/cycle", "fail");
        tick();
        assertThat(get("/cycle").statusCode()).as("1 of 2 failed: not above one half").isEqualTo(500);
        tick();
        assertThat(get("/cycle").statusCode()).as("the answer that trips it is the backend's").isEqualTo(500);

        int before = hits("/cycle");
        HttpResponse<String> tripped = get("/cycle");
        assertThat(tripped.statusCode()).isEqualTo(503);
        assertThat(tripped.body()).isEqualTo("Service Unavailable");
        assertThat(tripped.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(hits("/cycle")).as("the backend is spared").isEqualTo(before);

        modes.put("/cycle", "ok");
        now.addAndGet(9 * SECOND);
        assertThat(get("/cycle").statusCode()).as("still within fallbackDuration").isEqualTo(503);
        now.addAndGet(SECOND);
        assertThat(get("/cycle").statusCode()).as("recovery starts: its first request is refused").isEqualTo(503);
        assertThat(hits("/cycle")).isEqualTo(before);

        now.addAndGet(5 * SECOND);
        int passed = 0;
        for (int i = 0; i < 40; i++) {
            if (get("/cycle").statusCode() == 200) {
                passed++;
            }
        }
        assertThat(passed).as("halfway through the recovery, some pass and some do not").isBetween(1, 39);
        assertThat(hits("/cycle")).isEqualTo(before + passed);

        now.addAndGet(5 * SECOND + MS);
        for (int i = 0; i < 10; i++) {
            assertThat(get("/cycle").statusCode()).as("standby again").isEqualTo(200);
        }
    }

    @Test
    void eachRouterHasItsOwnBreaker() throws Exception {
        modes.put("/a", "fail");
        assertThat(get("/a").statusCode()).isEqualTo(500);
        assertThat(get("/a").statusCode()).as("router a tripped").isEqualTo(503);
        assertThat(get("/b").statusCode()).as("router b, same middleware, still closed").isEqualTo(200);
        modes.put("/b", "fail");
        tick();
        assertThat(get("/b").statusCode()).as("b's own window: 1 of 2").isEqualTo(500);
        tick();
        assertThat(get("/b").statusCode()).isEqualTo(500);
        assertThat(get("/b").statusCode()).isEqualTo(503);
    }

    @Test
    void refusedConnectionsAreNetworkErrors() throws Exception {
        assertThat(get("/refused").statusCode()).as("connection refused").isEqualTo(502);
        HttpResponse<String> tripped = get("/refused");
        assertThat(tripped.statusCode()).isEqualTo(429);
        assertThat(tripped.body()).isEqualTo("Too Many Requests");
    }

    @Test
    void aCodeWithoutStatusTextAnswersWithoutBody() throws Exception {
        assertThat(get("/textless").statusCode()).isEqualTo(502);
        HttpResponse<String> tripped = get("/textless");
        assertThat(tripped.statusCode()).isEqualTo(599);
        assertThat(tripped.body()).isEmpty();
        assertThat(tripped.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void droppedConnectionsAreNetworkErrors() throws Exception {
        assertThat(get("/closing").statusCode()).isEqualTo(200);
        modes.put("/closing", "close");
        tick();
        assertThat(get("/closing").statusCode()).as("the backend closed the connection").isEqualTo(502);
        tick();
        assertThat(get("/closing").statusCode()).isEqualTo(502);
        int before = hits("/closing");
        assertThat(get("/closing").statusCode()).isEqualTo(429);
        assertThat(hits("/closing")).isEqualTo(before);
    }

    @Test
    void slowAnswersTripALatencyExpression() throws Exception {
        modes.put("/slow", "slow");
        assertThat(get("/slow").statusCode()).as("200 ms on the gateway's clock").isEqualTo(200);
        assertThat(get("/slow").statusCode()).isEqualTo(503);
    }

    @Test
    void onlyWhatComesAfterTheBreakerCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/before").statusCode()).as("refused before the breaker: never counted").isEqualTo(403);
            tick();
        }
        assertThat(get("/after").statusCode()).as("refused after the breaker: counted").isEqualTo(403);
        assertThat(get("/after").statusCode()).isEqualTo(503);
    }

    @Test
    void anInvalidExpressionDisablesItsRouters() throws Exception {
        assertThat(gw.gateway().problems()).anyMatch(p -> p.contains("http.middlewares.broken.circuitBreaker.expression")
                && p.contains("foobar is not defined"));
        assertThat(get("/broken").statusCode()).isEqualTo(503);
        assertThat(hits("/broken")).isZero();
    }
}
