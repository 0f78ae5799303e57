package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.http.HttpServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamingIT {

    private static final String ROUTES = """
            http:
              routers:
                r: {rule: PathPrefix(`/`), service: b}
              services:
                b: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    @Test
    void serverSentEventsReachTheClientBeforeTheStreamEnds() throws Exception {
        CompletableFuture<Void> clientSawFirstEvent = new CompletableFuture<>();
        try (Backend sse = Backend.start(request -> {
                 var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                 response.write("data: first\n\n");
                 // The last event is only sent once the client has seen the first one through the gateway:
                 // if the gateway buffered the response, this test would hang and fail on the timeout.
                 clientSawFirstEvent.whenComplete((v, e) -> Backend.vertx().runOnContext(x -> response.end("data: last\n\n")));
             });
             TestGateway gw = TestGateway.withDynamic(ROUTES.formatted(sse.url()))) {
            HttpResponse<java.io.InputStream> response = Http.client().send(HttpRequest.newBuilder(gw.url("/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(reader.readLine()).isEqualTo("data: first");
                clientSawFirstEvent.complete(null);
                assertThat(reader.readLine()).isEmpty();
                assertThat(reader.readLine()).isEqualTo("data: last");
            }
        }
    }

    @Test
    void anEventStreamsHeadReachesTheClientBeforeItsFirstEvent() throws Exception {
        CompletableFuture<Void> clientSawHead = new CompletableFuture<>();
        try (Backend sse = Backend.start(request -> {
                 var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                 response.writeHead();
                 // No event until the client has the head (an MCP session's GET stream may stay silent for minutes):
                 // a gateway that held the head until the first body bytes would make this test time out.
                 clientSawHead.whenComplete((v, e) -> Backend.vertx().runOnContext(x -> response.end("data: after the head\n\n")));
             });
             TestGateway gw = TestGateway.withDynamic(ROUTES.formatted(sse.url()))) {
            HttpResponse<java.io.InputStream> response = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            clientSawHead.complete(null);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(reader.readLine()).isEqualTo("data: after the head");
            }
        }
    }

    @Test
    void largeBodiesStreamBothWaysIntact() throws Exception {
        byte[] payload = new byte[8 * 1024 * 1024];
        new java.util.Random(42).nextBytes(payload);
        try (Backend digest = Backend.start(request -> {
                 MessageDigest md = sha256();
                 long[] size = {0};
                 request.handler(chunk -> {
                     md.update(chunk.getBytes());
                     size[0] += chunk.length();
                 });
                 request.endHandler(v -> request.response().end(size[0] + ":" + HexFormat.of().formatHex(md.digest())));
             });
             TestGateway gw = TestGateway.withDynamic(ROUTES.formatted(digest.url()))) {
            HttpResponse<String> up = Http.client().send(HttpRequest.newBuilder(gw.url("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.body()).isEqualTo(payload.length + ":" + HexFormat.of().formatHex(sha256().digest(payload)));
            // Chunked upload (no Content-Length).
            HttpResponse<String> chunked = Http.client().send(HttpRequest.newBuilder(gw.url("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.body()).isEqualTo(up.body());
        }
        try (Backend big = Backend.start(request -> request.response().end(io.vertx.core.buffer.Buffer.buffer(payload)));
             TestGateway gw = TestGateway.withDynamic(ROUTES.formatted(big.url()))) {
            HttpResponse<byte[]> down = Http.client().send(HttpRequest.newBuilder(gw.url("/download")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(down.body()).isEqualTo(payload);
        }
    }

    @Test
    void webSocketUpgradePassesThroughAndEchoes() throws Exception {
        try (Backend ws = Backend.start(new HttpServerOptions(), request -> request.response().setStatusCode(400).end(),
                     socket -> socket.handler(buffer -> socket.writeTextMessage("echo:" + buffer.toString())));
             TestGateway gw = TestGateway.withDynamic(ROUTES.formatted(ws.url()))) {
            CompletableFuture<String> received = new CompletableFuture<>();
            WebSocket socket = Http.client().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + gw.gateway().port("web") + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hello");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void webSocketOutlivesTheReadTimeout() throws Exception {
        try (Backend ws = Backend.start(new HttpServerOptions(), request -> request.response().setStatusCode(400).end(),
                     socket -> socket.handler(buffer -> socket.writeTextMessage("echo:" + buffer.toString())));
             TestGateway gw = TestGateway.builder()
                     .web("""
                     transport:
                       respondingTimeouts:
                         readTimeout: 1s
                     """)
                     .start(ROUTES.formatted(ws.url()))) {
            java.util.concurrent.LinkedBlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocket socket = Http.client().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + gw.gateway().port("web") + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("first", true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:first");
            Thread.sleep(2500); // longer than readTimeout: a tunnel is not a slow request
            socket.sendText("second", true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:second");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
