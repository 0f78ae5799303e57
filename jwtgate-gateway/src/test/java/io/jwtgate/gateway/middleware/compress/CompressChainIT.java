package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.http.HttpServerOptions;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code compress} among other middlewares, as in Traefik where each wraps the response writer it
 * was given: the middleware listed first sees the response last. With {@code headers}, the gateway's
 * own answers, another {@code compress}, a WebSocket upgrade, and the options Traefik refuses.
 */
class CompressChainIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String BODY = "{\"items\": [" + "{\"name\": \"item\", \"price\": 12.5},".repeat(200) + "{}]}";
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.start(new HttpServerOptions(),
                request -> {
                    if (request.path().startsWith("/trailers")) {
                        // A small chunked body with a trailer: held for its size, it must stay chunked to carry the trailer.
                        request.response().setChunked(true).putHeader("Content-Type", "text/plain").write("checked body");
                        request.response().trailers().add("X-Checksum", "abc");
                        request.response().end();
                        return;
                    }
                    request.response().putHeader("Content-Type", "text/plain").end(BODY);
                },
                socket -> socket.handler(buffer -> socket.writeTextMessage("echo:" + buffer.toString()))));
        gateway = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    gz: {compress: {encodings: [gzip]}}
                    zs: {compress: {encodings: [zstd]}}
                    tiny: {compress: {minResponseBodyBytes: 1}}
                    buf: {buffering: {maxResponseBodyBytes: 1000000}}
                    relabel:
                      headers:
                        customResponseHeaders: {Content-Type: application/grpc, X-Served-By: jwtgate}
                        accessControlAllowOriginList: ["https://app.example"]
                        addVaryHeader: true
                    admins: {basicAuth: {users: ["test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"]}}
                  routers:
                    headers-then-compress: {rule: PathPrefix(`/hc`), service: b, middlewares: [relabel, gz]}
                    compress-then-headers: {rule: PathPrefix(`/ch`), service: b, middlewares: [gz, relabel]}
                    own-answer: {rule: PathPrefix(`/auth`), service: b, middlewares: [tiny, admins]}
                    own-answer-small: {rule: PathPrefix(`/auth-default`), service: b, middlewares: [gz, admins]}
                    twice: {rule: PathPrefix(`/twice`), service: b, middlewares: [zs, gz]}
                    buffered: {rule: PathPrefix(`/buffered`), service: b, middlewares: [gz, buf]}
                    ws: {rule: PathPrefix(`/ws`), service: b, middlewares: [gz]}
                    trailers: {rule: PathPrefix(`/trailers`), service: b, middlewares: [gz]}
                    trailers-compressed: {rule: PathPrefix(`/trailers-compressed`), service: b, middlewares: [tiny]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        assertThat(gateway.gateway().problems()).isEmpty();
    }

    /**
     * [headers, compress]: compress (inner) decides on the backend's text/plain and compresses;
     * headers (outer) then relabels the compressed response and appends Origin to compress's Vary.
     */
    @Test
    void theOuterHeadersMiddlewareEditsTheCompressedResponse() throws Exception {
        HttpResponse<byte[]> r = get("/hc", "Accept-Encoding", "gzip", "Origin", "https://app.example");
        assertThat(r.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(r.headers().allValues("Content-Type")).containsExactly("application/grpc");
        assertThat(r.headers().allValues("X-Served-By")).containsExactly("jwtgate");
        assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Encoding,Origin");
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example");
        assertThat(new String(Decoders.decode("gzip", r.body()), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    /** [compress, headers]: headers (inner) relabels first, so compress sees application/grpc and leaves the body alone. */
    @Test
    void theInnerHeadersMiddlewareDecidesWhatCompressSees() throws Exception {
        HttpResponse<byte[]> r = get("/ch", "Accept-Encoding", "gzip", "Origin", "https://app.example");
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.headers().allValues("Content-Type")).containsExactly("application/grpc");
        assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Encoding,Origin");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    /** A middleware's own answer goes through compress like a backend's (Traefik: http.Error writes to compress's writer). */
    @Test
    void theGatewaysOwnAnswersAreCompressedToo() throws Exception {
        HttpResponse<byte[]> r = get("/auth", "Accept-Encoding", "br");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("Content-Encoding")).containsExactly("br");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(new String(Decoders.decode("br", r.body()), StandardCharsets.UTF_8)).isEqualTo("401 Unauthorized\n");

        HttpResponse<byte[]> small = get("/auth-default", "Accept-Encoding", "gzip");
        assertThat(small.statusCode()).isEqualTo(401);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo("401 Unauthorized\n");
    }

    /**
     * [compress, buffering]: buffering (inner) hands the whole body over in the call that ends the
     * response; compress must encode that last chunk like any other (its output was once dropped, the
     * gzip header with it).
     */
    @Test
    void aBodyHandedOverWholeIsCompressedWhole() throws Exception {
        HttpResponse<byte[]> r = get("/buffered", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(new String(Decoders.decode("gzip", r.body()), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    /** [zstd-only, gzip-only]: the inner one compresses, the outer sees Content-Encoding and passes; one Vary. */
    @Test
    void anAlreadyCompressedResponseIsNotCompressedAgain() throws Exception {
        HttpResponse<byte[]> r = get("/twice", "Accept-Encoding", "gzip, zstd");
        assertThat(r.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(new String(Decoders.decode("gzip", r.body()), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    /** Browsers send Accept-Encoding on WebSocket handshakes: the 101 and the tunnel pass untouched. */
    @Test
    void aWebSocketUpgradePassesThrough() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        WebSocket socket = Http.client().newWebSocketBuilder().header("Accept-Encoding", "gzip, deflate, br")
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.gateway().port("web") + "/ws"), new WebSocket.Listener() {
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

    /** Trailers follow the body, compressed or not: a body ended at once keeps chunked framing for them. */
    @Test
    void trailersSurviveCompressionAndHolding() throws Exception {
        for (String path : new String[] {"/trailers", "/trailers-compressed"}) {
            try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port("web"))) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nTE: trailers\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(raw).as(path).containsIgnoringCase("transfer-encoding: chunked").containsIgnoringCase("\r\n0\r\nX-Checksum: abc\r\n");
                assertThat(raw.toLowerCase()).as(path).contains(path.equals("/trailers") ? "checked body" : "content-encoding: gzip");
            }
        }
    }

    /** Traefik's New refuses these options: the routers using them answer 503, the others keep working. */
    @Test
    void optionsTraefikRefusesDisableTheirRouters() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    both: {compress: {excludedContentTypes: [text/html], includedContentTypes: [text/plain]}}
                    deflate: {compress: {encodings: [gzip, deflate]}}
                    none: {compress: {encodings: []}}
                    default: {compress: {encodings: [gzip], defaultEncoding: br}}
                    media: {compress: {includedContentTypes: ["text/"]}}
                    scalar: {compress: true}
                    zero: {compress: {minResponseBodyBytes: 0, level: 9}}
                  routers:
                    both: {rule: PathPrefix(`/both`), service: b, middlewares: [both]}
                    deflate: {rule: PathPrefix(`/deflate`), service: b, middlewares: [deflate]}
                    none: {rule: PathPrefix(`/none`), service: b, middlewares: [none]}
                    default: {rule: PathPrefix(`/default`), service: b, middlewares: [default]}
                    media: {rule: PathPrefix(`/media`), service: b, middlewares: [media]}
                    scalar: {rule: PathPrefix(`/scalar`), service: b, middlewares: [scalar]}
                    zero: {rule: PathPrefix(`/zero`), service: b, middlewares: [zero]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            assertThat(gw.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.both.compress") && p.contains("mutually exclusive"))
                    .anyMatch(p -> p.contains("http.middlewares.deflate.compress.encodings") && p.contains("unsupported encoding: deflate"))
                    .anyMatch(p -> p.contains("http.middlewares.none.compress.encodings") && p.contains("at least one encoding"))
                    .anyMatch(p -> p.contains("http.middlewares.default.compress.defaultEncoding") && p.contains("unsupported default encoding: br"))
                    .anyMatch(p -> p.contains("http.middlewares.media.compress.includedContentTypes") && p.contains("expected token after slash"))
                    .anyMatch(p -> p.contains("http.middlewares.scalar.compress") && p.contains("compress: {}"));
            assertThat(gw.gateway().warnings())
                    .anyMatch(w -> w.contains("http.middlewares.zero.compress.minResponseBodyBytes") && w.contains("1024"))
                    .anyMatch(w -> w.contains("http.middlewares.zero.compress.level") && w.contains("not supported"));
            for (String path : new String[] {"/both", "/deflate", "/none", "/default", "/media", "/scalar"}) {
                assertThat(Http.get(gw.url(path)).statusCode()).as(path).isEqualTo(503);
            }
            assertThat(Http.get(gw.url("/zero")).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.url(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
