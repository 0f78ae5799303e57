package io.jwtgate.gateway.middleware.buffering;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code buffering} middleware through a running gateway: oxy's and Traefik's test cases
 * as data ({@code middleware/buffering-cases.yaml}), bodies held on disk (the temporary file exists
 * while the exchange runs, is private to the gateway's user and is deleted afterwards), bodies of
 * several megabytes both ways, 100-continue, HEAD, TLS and WebSocket through the middleware.
 */
class BufferingIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static BufferingCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new BufferingCases("/middleware/buffering-cases.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> oxysAndTraefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            BufferingCases.Result result = cases.run(c);
            assertThat(BufferingCases.check(c, result)).as(c + " -> " + result.response().status() + " " + result.response().body())
                    .isEmpty();
        }));
    }

    static final String ROUTE = """
            http:
              middlewares:
                buffer: {buffering: %s}
              routers:
                r: {rule: PathPrefix(`/`), service: b, middlewares: [buffer]}
                s: {rule: PathPrefix(`/`), entryPoints: [websecure], tls: {}, service: b, middlewares: [buffer]}
              services:
                b: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    static TestGateway gateway(String options, String backendUrl) throws Exception {
        return TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(ROUTE.formatted(options, backendUrl));
    }

    @Test
    void aRequestBodyBeyondMemRequestBodyBytesIsHeldInAPrivateTemporaryFileDeletedWhenTheExchangeEnds() throws Exception {
        CompletableFuture<Buffer> received = new CompletableFuture<>();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        try (Backend backend = Backend.start(request -> {
                 Context context = Vertx.currentContext();
                 request.body().onSuccess(body -> {
                     received.complete(body);
                     answer.thenRun(() -> context.runOnContext(v -> request.response().end("stored")));
                 });
             });
             TestGateway gw = gateway("{memRequestBodyBytes: 1024}", backend.url())) {
            Set<Path> before = spoolFiles();
            byte[] payload = payload(200_000);
            CompletableFuture<HttpResponse<String>> response = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(received.get(20, TimeUnit.SECONDS).getBytes()).isEqualTo(payload);
            Set<Path> during = new HashSet<>(spoolFiles());
            during.removeAll(before);
            assertThat(during).as("the part beyond 1024 bytes waits on disk").hasSize(1);
            Path file = during.iterator().next();
            assertThat(Files.size(file)).isEqualTo(payload.length - 1024);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            answer.complete(null);
            assertThat(response.get(20, TimeUnit.SECONDS).body()).isEqualTo("stored");
            awaitDeleted(file);
        }
    }

    /**
     * A backend that answers as soon as it has the declared length (before the forwarder saw the
     * file's end) must not leave the request unended: its connection goes back to the pool and the
     * next request on it would find the previous one half written (it used to fail with 502 about
     * one time in three, and then leave a connection that never answered).
     */
    @Test
    void aSpilledBodyAnsweredAtOnceLeavesItsConnectionReusable() throws Exception {
        try (Backend backend = Backend.start(request -> request.body().onSuccess(body -> request.response().end("got " + body.length())));
             TestGateway gw = gateway("{memRequestBodyBytes: 16}", backend.url())) {
            int port = gw.gateway().port("web");
            for (int i = 0; i < 60; i++) {
                // As the client of the case that showed it: a body in chunks, each read apart, the connection closed after.
                try (RawHttp client = new RawHttp(port)) {
                    client.sendBytes("PUT /spilled/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "a\r\n0123456789\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n1a\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n0\r\n\r\n");
                    RawHttp.Response spilled = client.read();
                    assertThat(spilled.status()).as("spilled request %d", i).isEqualTo(200);
                    assertThat(spilled.body()).isEqualTo("got 62");
                }
                try (RawHttp client = new RawHttp(port)) {
                    client.sendBytes("GET /plain/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    assertThat(client.read().status()).as("the request after %d", i).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aResponseBodyBeyondMemResponseBodyBytesIsHeldOnDiskAndReachesTheClientWholeWithItsLength() throws Exception {
        CompletableFuture<Void> rest = new CompletableFuture<>();
        byte[] first = payload(64 * 1024);
        byte[] second = payload(64 * 1024);
        try (Backend backend = Backend.start(request -> {
                 Context context = Vertx.currentContext();
                 request.response().setChunked(true).write(Buffer.buffer(first));
                 rest.thenRun(() -> context.runOnContext(v -> request.response().end(Buffer.buffer(second))));
             });
             TestGateway gw = gateway("{memResponseBodyBytes: 1024}", backend.url())) {
            Set<Path> before = spoolFiles();
            CompletableFuture<HttpResponse<byte[]>> response = Http.client().sendAsync(HttpRequest.newBuilder(gw.url("/download")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            Path file = awaitNewSpoolFile(before);
            assertThat(response).as("nothing reaches the client before the backend's answer is complete").isNotDone();
            rest.complete(null);
            HttpResponse<byte[]> r = response.get(20, TimeUnit.SECONDS);
            byte[] expected = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            assertThat(r.body()).isEqualTo(expected);
            assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(expected.length));
            awaitDeleted(file);
        }
    }

    @Test
    void aClientLeavingDuringTheUploadLeavesNoTemporaryFile() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = gateway("{memRequestBodyBytes: 16}", backend.url())) {
            Set<Path> before = spoolFiles();
            Path file;
            try (RawHttp client = new RawHttp(gw.gateway().port("web"))) {
                client.send("POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n800\n" + "x".repeat(0x800) + "\n");
                file = awaitNewSpoolFile(before);
            }
            awaitDeleted(file);
        }
    }

    @Test
    void aClientLeavingDuringTheDeliveryLeavesNoTemporaryFile() throws Exception {
        byte[] big = payload(16 * 1024 * 1024);
        try (Backend backend = Backend.start(request -> request.response().end(Buffer.buffer(big)));
             TestGateway gw = gateway("{memResponseBodyBytes: 1024}", backend.url())) {
            Set<Path> before = spoolFiles();
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", gw.gateway().port("web")));
                socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
                socket.setSoTimeout(20_000);
                assertThat(socket.getInputStream().read()).as("the delivery has begun").isEqualTo('H');
            }
            awaitNoNewSpoolFiles(before);
        }
    }

    @Test
    void bodiesOfSeveralMegabytesGoBothWaysWithTheDefaultsIntact() throws Exception {
        try (Backend backend = Backend.start(request -> request.body().onSuccess(body ->
                     request.response().putHeader("X-Received", Integer.toString(body.length())).end(body)));
             TestGateway gw = gateway("{}", backend.url())) {
            Set<Path> before = spoolFiles();
            byte[] payload = payload(3 * 1024 * 1024 + 17);
            HttpResponse<byte[]> r = Http.client().send(HttpRequest.newBuilder(gw.url("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload))) // chunked upload
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Received")).hasValue(Integer.toString(payload.length));
            assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(payload.length));
            assertThat(r.body()).isEqualTo(payload);
            awaitNoNewSpoolFiles(before);
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeOneHundredContinue() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = gateway("{maxRequestBodyBytes: 10}", backend.url())) {
            RawHttp.Response refused = RawHttp.exchange(gw.gateway().port("web"),
                    "POST /x HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 11\n\n");
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.body()).isEqualTo("Request Entity Too Large");

            try (RawHttp client = new RawHttp(gw.gateway().port("web"))) {
                client.send("POST /x HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 10\n\n");
                assertThat(client.read().status()).isEqualTo(100);
                client.sendBytes("0123456789");
                RawHttp.Response ok = client.read();
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.body()).contains("\"body\":\"0123456789\"");
            }
        }
    }

    @Test
    void theEntryPointsOwnLimitStillAppliesToABufferedChunkedBody() throws Exception {
        try (Backend backend = Backend.echo("b");
             TestGateway gw = TestGateway.builder().web("http: {maxRequestBodyBytes: 8}").entryPoint("websecure", "http: {tls: {}}").start(ROUTE.formatted("{}", backend.url()))) {
            RawHttp.Response r = RawHttp.exchange(gw.gateway().port("web"),
                    "POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n5\n01234\n5\n56789\n0\n\n");
            assertThat(r.status()).isEqualTo(413);
        }
    }

    @Test
    void headKeepsTheBackendsLengthWithoutABody() throws Exception {
        try (Backend backend = Backend.start(request -> request.response().putHeader("Content-Length", "5").end(
                     request.method().name().equals("HEAD") ? Buffer.buffer() : Buffer.buffer("hello")));
             TestGateway gw = gateway("{}", backend.url())) {
            HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/x"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Length")).hasValue("5");
            assertThat(r.body()).isEmpty();
        }
    }

    /** oxy's TestBuffer_preservesTLS: behind the middleware the request is still the TLS one. */
    @Test
    void tlsEntryPointsKeepTheirTls() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = gateway("{}", backend.url())) {
            HttpClient tls = Http.insecureTls(HttpClient.Version.HTTP_1_1);
            HttpResponse<String> r = tls.send(HttpRequest.newBuilder(gw.httpsUrl("websecure", "/x")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"x-forwarded-proto\":[\"https\"]");
            HttpClient h2 = Http.insecureTls(HttpClient.Version.HTTP_2);
            HttpResponse<String> r2 = h2.send(HttpRequest.newBuilder(gw.httpsUrl("websecure", "/y"))
                    .POST(HttpRequest.BodyPublishers.ofString("over h2")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r2.body()).contains("\"body\":\"over h2\"");
        }
    }

    /** oxy lets a hijacked connection through: an upgrade is not buffered. */
    @Test
    void aWebSocketUpgradePassesThrough() throws Exception {
        try (Backend ws = Backend.start(new HttpServerOptions(), request -> request.response().setStatusCode(400).end(),
                     socket -> socket.handler(buffer -> socket.writeTextMessage("echo:" + buffer.toString())));
             TestGateway gw = gateway("{maxResponseBodyBytes: 1}", ws.url())) {
            CompletableFuture<String> received = new CompletableFuture<>();
            WebSocket socket = Http.client().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + gw.gateway().port("web") + "/ws"), new WebSocket.Listener() {
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
    void badOptionsDisableTheRoutersUsingThemAndUnknownOnesAreWarnedAbout() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    negative: {buffering: {maxRequestBodyBytes: -1}}
                    expression: {buffering: {retryExpression: "!IsNetworkError()"}}
                    unknown: {buffering: {maxRequestBodyByte: 10, disableRequestBuffer: true}}
                  routers:
                    n: {rule: PathPrefix(`/n`), service: b, middlewares: [negative]}
                    e: {rule: PathPrefix(`/e`), service: b, middlewares: [expression]}
                    u: {rule: PathPrefix(`/u`), service: b, middlewares: [unknown]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            assertThat(gw.gateway().problems()).anyMatch(p -> p.contains("http.middlewares.negative.buffering.maxRequestBodyBytes"))
                    .anyMatch(p -> p.contains("http.middlewares.expression.buffering.retryExpression") && p.contains("not supported"));
            assertThat(gw.gateway().warnings()).anyMatch(w -> w.contains("maxRequestBodyByte") && w.contains("did you mean 'maxRequestBodyBytes'"))
                    .anyMatch(w -> w.contains("disableRequestBuffer"));
            assertThat(Http.get(gw.url("/n")).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/e")).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/u")).statusCode()).isEqualTo(200);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + (i * 7 + i / 251) % 26);
        }
        return b;
    }

    static Set<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new HashSet<>(files.filter(p -> p.getFileName().toString().startsWith("jwtgate-buffer-")).toList());
        }
    }

    static Path awaitNewSpoolFile(Set<Path> before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Set<Path> now = spoolFiles();
            now.removeAll(before);
            if (!now.isEmpty()) {
                return now.iterator().next();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no temporary file appeared");
    }

    static void awaitDeleted(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(file).as("the temporary file is deleted once the exchange is over").doesNotExist();
    }

    static void awaitNoNewSpoolFiles(Set<Path> before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Set<Path> left = Set.of();
        while (System.nanoTime() < deadline) {
            left = spoolFiles();
            left.removeAll(before);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(left).as("temporary files left behind").isEmpty();
    }
}
