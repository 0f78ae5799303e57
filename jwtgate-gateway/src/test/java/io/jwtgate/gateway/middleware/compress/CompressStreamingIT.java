package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streamed responses through {@code compress}: the backend sends a piece, then waits until the
 * test has read and decoded that piece through the gateway before it sends the next. A gateway
 * that held a piece (to compress more at once, or to reach {@code minResponseBodyBytes}) would
 * leave the test waiting: such a test fails on its timeout, it never measures time.
 */
class CompressStreamingIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    /** A response the test writes piece by piece, on the backend's event loop. */
    record Stream(HttpServerResponse response, Context context) {
        void write(String piece) {
            context.runOnContext(v -> response.write(piece));
        }

        void end(String piece) {
            context.runOnContext(v -> response.end(piece));
        }
    }

    /** The backend's side of each request, by the request's {@code id} parameter (so a failed test cannot confuse the next). */
    static final Map<String, CompletableFuture<Stream>> streams = new ConcurrentHashMap<>();
    static final AtomicInteger ids = new AtomicInteger();
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.start(request -> {
            HttpServerResponse response = request.response();
            String path = request.path();
            if (path.startsWith("/sse")) {
                response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
                response.write("data: 1\n\n");
            } else if (path.startsWith("/small")) {
                response.setChunked(true).putHeader("Content-Type", "text/plain");
                response.write(SMALL);
            } else {
                int size = Integer.parseInt(request.getParam("size"));
                response.putHeader("Content-Length", Integer.toString(size)).putHeader("Content-Type", "text/plain");
                response.write("a".repeat(10));
            }
            stream(request.getParam("id")).complete(new Stream(response, Vertx.currentContext()));
        }));
        gateway = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start("""
                http:
                  middlewares:
                    c: {compress: {}}
                    c-large-min: {compress: {minResponseBodyBytes: 100000}}
                  routers:
                    s: {rule: "PathPrefix(`/sse`) || PathPrefix(`/small`)", service: b, middlewares: [c]}
                    s-tls: {rule: "PathPrefix(`/sse`) || PathPrefix(`/small`)", entryPoints: [websecure], tls: {}, service: b, middlewares: [c]}
                    l: {rule: "PathPrefix(`/length`)", service: b, middlewares: [c-large-min]}
                    l-tls: {rule: "PathPrefix(`/length`)", entryPoints: [websecure], tls: {}, service: b, middlewares: [c-large-min]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        assertThat(gateway.gateway().problems()).isEmpty();
    }

    /** compression_handler_test.go's smallTestBody (94 bytes), below the default minimum. */
    static final String SMALL = "aaabbc" + "aaabbbccc".repeat(9) + "aaabbbc";

    @ParameterizedTest(name = "{0} over HTTP/2: {1}")
    @CsvSource({"gzip,false", "br,false", "zstd,false", "gzip,true", "br,true", "zstd,true"})
    void serverSentEventsArriveEventByEventCompressed(String coding, boolean http2) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String id = Integer.toString(ids.incrementAndGet());
            HttpResponse<InputStream> response = get("/sse?id=" + id, coding, http2);
            Stream stream = stream(id).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().allValues("Content-Encoding")).containsExactly(coding);
            assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
            try (InputStream events = Decoders.streaming(coding, response.body())) {
                assertThat(Decoders.readExactly(events, 9)).isEqualTo("data: 1\n\n");
                stream.write("data: 2\n\n");
                assertThat(Decoders.readExactly(events, 9)).isEqualTo("data: 2\n\n");
                stream.end("data: 3\n\n");
                assertThat(Decoders.readExactly(events, 9)).isEqualTo("data: 3\n\n");
                // The end of the compressed stream is well-formed (gzip checks its CRC and length here).
                assertThat(events.read()).isEqualTo(-1);
            }
        });
    }

    /** Test_FlushForceCompress: a small body and then a pause is a stream: compressed at once, as Traefik does on a flush. */
    @ParameterizedTest(name = "{0} over HTTP/2: {1}")
    @CsvSource({"br,false", "zstd,false", "gzip,true"})
    void aPauseBeforeTheMinimumStartsCompressionAtOnce(String coding, boolean http2) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String id = Integer.toString(ids.incrementAndGet());
            HttpResponse<InputStream> response = get("/small?id=" + id, coding, http2);
            Stream stream = stream(id).get(10, TimeUnit.SECONDS);
            assertThat(response.headers().allValues("Content-Encoding")).containsExactly(coding);
            try (InputStream body = Decoders.streaming(coding, response.body())) {
                assertThat(Decoders.readExactly(body, SMALL.length())).isEqualTo(SMALL);
                stream.end("!");
                assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("!");
            }
        });
    }

    /** A Content-Length at or above the minimum decides at once: the head and the first bytes go out before the rest exists. */
    @ParameterizedTest(name = "{0} over HTTP/2: {1}")
    @CsvSource({"gzip,false", "br,true", "zstd,false"})
    void aKnownLengthAboveTheMinimumIsCompressedFromTheFirstByte(String coding, boolean http2) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String id = Integer.toString(ids.incrementAndGet());
            HttpResponse<InputStream> response = get("/length?size=200000&id=" + id, coding, http2);
            Stream stream = stream(id).get(10, TimeUnit.SECONDS);
            assertThat(response.headers().allValues("Content-Encoding")).containsExactly(coding);
            assertThat(response.headers().firstValue("Content-Length")).isEmpty();
            try (InputStream body = Decoders.streaming(coding, response.body())) {
                assertThat(Decoders.readExactly(body, 10)).isEqualTo("a".repeat(10));
                stream.end("b".repeat(200000 - 10));
                assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("b".repeat(200000 - 10));
            }
        });
    }

    /** A Content-Length below the minimum decides at once too: sent as it is, streamed, with its length. */
    @ParameterizedTest(name = "over HTTP/2: {0}")
    @CsvSource({"false", "true"})
    void aKnownLengthBelowTheMinimumIsStreamedAsItIs(boolean http2) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String id = Integer.toString(ids.incrementAndGet());
            HttpResponse<InputStream> response = get("/length?size=500&id=" + id, "gzip", http2);
            Stream stream = stream(id).get(10, TimeUnit.SECONDS);
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
            if (!http2) {
                assertThat(response.headers().firstValue("Content-Length")).hasValue("500");
            }
            try (InputStream body = response.body()) {
                assertThat(new String(body.readNBytes(10), StandardCharsets.US_ASCII)).isEqualTo("a".repeat(10));
                stream.end("c".repeat(490));
                assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("c".repeat(490));
            }
        });
    }

    private static CompletableFuture<Stream> stream(String id) {
        return streams.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private static HttpResponse<InputStream> get(String path, String coding, boolean http2) throws Exception {
        URI uri = http2 ? gateway.httpsUrl("websecure", path) : gateway.url(path);
        HttpClient client = http2 ? Http.insecureTls(HttpClient.Version.HTTP_2) : Http.client();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", coding).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.version()).isEqualTo(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        return response;
    }
}
