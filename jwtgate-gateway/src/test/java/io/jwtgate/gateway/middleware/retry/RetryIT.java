package io.jwtgate.gateway.middleware.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.ClosedPort;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.WrrOrder;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Traefik's {@code retry} middleware through a running gateway with servers that really fail:
 * the cases of retry_test.go as data ({@code middleware/retry-cases.yaml}), then its WebSocket
 * tests and the "no server available" one.
 */
class RetryIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static RetryCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new RetryCases("/middleware/retry-cases.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> traefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            RetryCases.Result result = cases.run(c);
            assertThat(cases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers() + " " + result.body()).isEmpty();
        }));
    }

    @Test
    void theCasesConfigureWithOnlyTheExpectedWarning() {
        assertThat(cases.configWarnings()).allSatisfy(w -> assertThat(w).contains("inFlightReq.amount"));
    }

    /** TestRetryWebsocket: faulty servers (refused dials) before a WebSocket server; the upgrade goes through once. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Switching ok after 2 retries                        | 3 | 2 | true",
            "Switching ok on the first attempt is not retried    | 3 | 0 | true",
            "Switching ok on an intermediate attempt is not retried | 3 | 1 | true",
            "Switching failed                                    | 2 | 2 | false",
    })
    void retriesAWebSocketHandshake(String desc, int attempts, int faulty, boolean upgrades) throws Exception {
        AtomicInteger handshakes = new AtomicInteger();
        try (Backend ws = Backend.start(new HttpServerOptions(), request -> request.response().setStatusCode(400).end(), socket -> {
            handshakes.incrementAndGet();
            socket.handler(buffer -> socket.writeTextMessage("echo:" + buffer));
        }); TestGateway gw = TestGateway.withDynamic(webSocketRoutes(attempts, faulty, ws.url()))) {
            URI uri = URI.create("ws://127.0.0.1:" + gw.gateway().port("web") + "/ws");
            CompletableFuture<String> echo = new CompletableFuture<>();
            CompletableFuture<WebSocket> open = Http.client().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    echo.complete(data.toString());
                    return null;
                }
            });
            if (!upgrades) {
                assertThatThrownBy(() -> open.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(WebSocketHandshakeException.class)
                        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(502));
                assertThat(handshakes).hasValue(0);
                return;
            }
            WebSocket socket = open.get(10, TimeUnit.SECONDS);
            socket.sendText("hi", true).get(10, TimeUnit.SECONDS);
            assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hi");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            // TestRetryWebsocketDelayedFlush: an upgraded request is never replayed, even once the client went away.
            HttpResponse<String> after = Http.get(gw.url("/after-close"));
            assertThat(after.statusCode()).as("the gateway still serves").isEqualTo(400);
            assertThat(handshakes).hasValue(1);
        }
    }

    private static String webSocketRoutes(int attempts, int faulty, String wsUrl) throws Exception {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < faulty; i++) {
            servers.add("{url: \"" + ClosedPort.url() + "\"}");
        }
        servers.add("{url: \"" + wsUrl + "\"}");
        servers = WrrOrder.placeForVisits(servers);
        return """
                http:
                  middlewares:
                    retry: {retry: {attempts: %d}}
                  routers:
                    ws: {rule: Path(`/ws`), service: ws, middlewares: [retry]}
                    plain: {rule: Path(`/after-close`), service: plain}
                  services:
                    ws: {loadBalancer: {servers: %s}}
                    plain: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(attempts, servers, wsUrl);
    }

    /**
     * TestRetryEmptyServerList: with no server up the load balancer answers 503 without reaching
     * the proxy, and that is not retried (a health check takes the only server out first).
     */
    @Test
    void noServerAvailableIsNotRetried() throws Exception {
        String down = ClosedPort.url();
        try (TestGateway gw = TestGateway.builder().staticYaml("accessLog: {filePath: access.log, format: json}").start("""
                http:
                  middlewares:
                    retry: {retry: {attempts: 3}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: down, middlewares: [retry]}
                  services:
                    down: {loadBalancer: {servers: [{url: "%s"}], healthCheck: {path: /health, interval: 100ms, timeout: 1s}}}
                """.formatted(down))) {
            HttpResponse<String> r = null;
            for (int i = 0; i < 200 && (r == null || r.statusCode() != 503); i++) {
                r = Http.get(gw.url("/x"));
                Thread.sleep(25);
            }
            assertThat(r.statusCode()).as("the health check took the server out").isEqualTo(503);
            assertThat(r.body()).as("Traefik's balancer answer").isEqualTo("no available server\n");
            HttpResponse<String> last = Http.get(gw.url("/last"));
            assertThat(last.statusCode()).isEqualTo(503);
            assertThat(retriesOf(gw, "/last")).isZero();
        }
    }

    private static int retriesOf(TestGateway gw, String path) throws Exception {
        for (int i = 0; i < 200; i++) {
            Path log = gw.dir().resolve("access.log");
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    JsonObject json = new JsonObject(line);
                    if (path.equals(json.getString("RequestPath"))) {
                        return json.getInteger("RetryAttempts");
                    }
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no access log line for " + path);
    }
}
