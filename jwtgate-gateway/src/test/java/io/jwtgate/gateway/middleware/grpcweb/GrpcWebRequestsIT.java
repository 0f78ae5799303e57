package io.jwtgate.gateway.middleware.grpcweb;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.GrpcTestServer;
import io.jwtgate.gateway.support.GrpcWebFrames;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the backend receives from {@code grpcWeb} (an HTTP/2 gRPC request: content type, TE, no
 * length, the text body decoded as it streams), requests it leaves alone, a body that is not
 * base64, and a JWT middleware after it (its 401 still readable by a browser, preflights answered
 * before it).
 */
class GrpcWebRequestsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    private static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static final AtomicReference<Seen> seen = new AtomicReference<>();
    static TestGateway gw;

    /** One request as the recording backend saw it. */
    record Seen(String version, String path, String contentType, List<String> te, String contentLength, byte[] body) {}

    @BeforeAll
    static void start() throws Exception {
        Backend recording = closing.add(Backend.start(new HttpServerOptions(), GrpcWebRequestsIT::record, ws -> ws.close()));
        Backend echo = closing.add(Backend.echo("echo"));
        GrpcTestServer grpc = closing.add(GrpcTestServer.h2c());
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    grpcweb: {grpcWeb: {allowOrigins: ["https://app.example"]}}
                    jwt: {plugin: {jwt: {signingSecret: "%s"}}}
                  routers:
                    recording: {rule: "PathPrefix(`/recording`)", service: recording, middlewares: [grpcweb]}
                    echo: {rule: "PathPrefix(`/echo`)", service: echo, middlewares: [grpcweb]}
                    jwt: {rule: "PathPrefix(`/jwtgate.test.TestService/`)", service: grpc, middlewares: [grpcweb, jwt]}
                  services:
                    recording: {loadBalancer: {servers: [{url: "h2c://127.0.0.1:%d"}]}}
                    echo: {loadBalancer: {servers: [{url: "%s"}]}}
                    grpc: {loadBalancer: {servers: [{url: "h2c://127.0.0.1:%d"}]}}
                """.formatted(SECRET, recording.port(), echo.url(), grpc.port())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** Records the request; answers as a gRPC server would, in the request's content type, with trailers. */
    private static void record(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            seen.set(new Seen(request.version().name(), request.path(), request.getHeader("Content-Type"), request.headers().getAll("te"),
                    request.getHeader("Content-Length"), body.getBytes()));
            var response = request.response();
            response.putHeader("Content-Type", request.getHeader("Content-Type"));
            response.write(Buffer.buffer(GrpcWebFrames.request(false, "ok")));
            response.trailers().add("grpc-status", "0").add("X-Checksum", "c0ffee");
            response.end();
        });
    }

    static HttpResponse<byte[]> post(String path, String contentType, List<byte[]> chunks, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.url(path)).timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(chunks));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aBinaryRequestReachesTheBackendAsAnHttp2GrpcRequest() throws Exception {
        byte[] frames = GrpcWebFrames.request(false, "hello", "world");
        HttpResponse<byte[]> r = post("/recording/svc/Method", "application/grpc-web+proto", List.of(frames));
        Seen s = seen.get();
        assertThat(s.version()).isEqualTo("HTTP_2");
        assertThat(s.path()).isEqualTo("/recording/svc/Method");
        assertThat(s.contentType()).isEqualTo("application/grpc+proto");
        assertThat(s.te()).containsExactly("trailers");
        assertThat(s.contentLength()).as("the fork's ContentLength = -1").isNull();
        assertThat(s.body()).isEqualTo(frames);

        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), false);
        assertThat(body.messages()).containsExactly("ok");
        assertThat(body.trailers()).as("names lower-cased, sorted").containsExactly(
                Map.entry("grpc-status", "0"), Map.entry("x-checksum", "c0ffee"));
        assertThat(new String(body.raw(), ISO_8859_1)).endsWith("grpc-status: 0\r\nx-checksum: c0ffee\r\n");
    }

    @Test
    void aTextRequestIsDecodedAsItStreamsAndAnsweredInBase64() throws Exception {
        byte[] first = GrpcWebFrames.request(true, "hello");
        byte[] second = GrpcWebFrames.request(true, "world!");
        // Two padded base64 parts, a CRLF inside, cut at places that split 4-character groups.
        String text = new String(first, ISO_8859_1) + "\r\n" + new String(second, ISO_8859_1);
        byte[] all = text.getBytes(ISO_8859_1);
        List<byte[]> chunks = List.of(Arrays.copyOfRange(all, 0, 3), Arrays.copyOfRange(all, 3, 10), Arrays.copyOfRange(all, 10, all.length));
        HttpResponse<byte[]> r = post("/recording/svc/Method", "application/grpc-web-text", chunks);
        Seen s = seen.get();
        assertThat(s.contentType()).isEqualTo("application/grpc");
        assertThat(s.body()).isEqualTo(concat(GrpcWebFrames.request(false, "hello"), GrpcWebFrames.request(false, "world!")));

        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web-text");
        String body = new String(r.body(), ISO_8859_1);
        assertThat(body).matches("[A-Za-z0-9+/=]+");
        GrpcWebFrames.Body read = GrpcWebFrames.read(r.body(), true);
        assertThat(read.messages()).containsExactly("ok");
        assertThat(read.trailers()).containsEntry("grpc-status", "0");
    }

    @Test
    void aTextBodyThatIsNotBase64IsA502() throws Exception {
        seen.set(null);
        HttpResponse<byte[]> r = post("/recording/svc/Method", "application/grpc-web-text", List.of("AAAA*not base64*".getBytes(ISO_8859_1)));
        assertThat(r.statusCode()).isEqualTo(502);
        byte[] decoded = GrpcWebFrames.decodeBase64Chunks(new String(r.body(), ISO_8859_1));
        assertThat(new String(decoded, ISO_8859_1)).startsWith("Bad Gateway").endsWith("\u0080\0\0\0\0");
    }

    @Test
    void otherRequestsPassUntouched() throws Exception {
        HttpResponse<byte[]> json = Http.client().send(HttpRequest.newBuilder(gw.url("/echo/x")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonObject echoed = new JsonObject(new String(json.body(), ISO_8859_1));
        assertThat(echoed.getJsonObject("headers").getJsonArray("content-type").getList()).containsExactly("application/json");
        assertThat(echoed.getJsonObject("headers").getJsonArray("content-length").getList()).containsExactly("7");
        assertThat(echoed.getJsonObject("headers").containsKey("te")).isFalse();
        assertThat(echoed.getString("body")).isEqualTo("{\"a\":1}");
        assertThat(json.headers().firstValue("Access-Control-Expose-Headers")).isEmpty();

        HttpResponse<String> options = Http.client().send(HttpRequest.newBuilder(gw.url("/echo/x")).timeout(Duration.ofSeconds(20))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(options.body()).getString("method")).as("not a gRPC-Web preflight: the backend answers").isEqualTo("OPTIONS");
        HttpResponse<byte[]> get = Http.client().send(HttpRequest.newBuilder(gw.url("/echo/x")).header("Content-Type", "application/grpc-web")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new JsonObject(new String(get.body(), ISO_8859_1)).getString("method")).as("only POST is gRPC-Web").isEqualTo("GET");
    }

    @Test
    void withAJwtMiddlewareAfterItThePreflightIsAnsweredAndTheRefusalStaysReadable() throws Exception {
        String path = "/" + GrpcTestServer.SERVICE + "/Ping";
        HttpResponse<String> preflight = Http.client().send(HttpRequest.newBuilder(gw.url(path)).timeout(Duration.ofSeconds(20))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization, x-grpc-web")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization, X-Grpc-Web");

        HttpResponse<byte[]> refused = post(path, "application/grpc-web", List.of(GrpcWebFrames.request(false, "x")), "Origin", "https://app.example");
        assertThat(refused.statusCode()).as("a gRPC-Web client reads HTTP 401 as UNAUTHENTICATED").isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(refused.body()).endsWith(0x80, 0, 0, 0, 0);

        HttpResponse<byte[]> ok = post(path, "application/grpc-web", List.of(GrpcWebFrames.request(false, "x")),
                "Authorization", "Bearer " + Jose.hs256(SECRET, "{\"sub\":\"alice\"}"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(GrpcWebFrames.read(ok.body(), false).messages()).containsExactly("x");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
