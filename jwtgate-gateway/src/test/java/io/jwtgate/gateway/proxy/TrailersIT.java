package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.RecordingBackend;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trailers and {@code TE: trailers} at the HTTP level, as Go's reverse proxy relays them for
 * Traefik: response trailers of HTTP/1.1 (chunked) and HTTP/2 backends reach the client after the
 * body, with the backend's {@code Trailer} announcement; the client's {@code TE: trailers} is kept
 * (TE is hop-by-hop, every other value is dropped); request trailers are not forwarded (Traefik's
 * TestRequestTrailersNotForwardedToBackend).
 */
class TrailersIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;
    static RecordingBackend recording;

    @BeforeAll
    static void start() throws Exception {
        Backend http1 = closing.add(Backend.start(TrailersIT::answerWithTrailers));
        Backend h2c = closing.add(Backend.start(new HttpServerOptions(), TrailersIT::answerWithTrailers, ws -> ws.close()));
        Backend echo = closing.add(Backend.echo("echo"));
        recording = closing.add(new RecordingBackend());
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  routers:
                    http1: {rule: Path(`/http1`), service: http1}
                    h2c: {rule: Path(`/h2c`), service: h2c}
                    echo: {rule: Path(`/echo`), service: echo}
                    recording: {rule: Path(`/recording`), service: recording}
                  services:
                    http1: {loadBalancer: {servers: [{url: "%s"}]}}
                    h2c: {loadBalancer: {servers: [{url: "h2c://127.0.0.1:%d"}]}}
                    echo: {loadBalancer: {servers: [{url: "%s"}]}}
                    recording: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(http1.url(), h2c.port(), echo.url(), recording.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** A streamed body, then trailers; tells which protocol it was reached with. */
    private static void answerWithTrailers(HttpServerRequest request) {
        var response = request.response();
        response.setChunked(true).putHeader("Trailer", "X-Checksum, X-Protocol").putHeader("Content-Type", "text/plain")
                .putHeader("X-Authority", String.valueOf(request.authority()));
        response.write("part one, ");
        response.write("part two");
        response.trailers().add("X-Checksum", "abc123").add("X-Protocol", request.version() == HttpVersion.HTTP_2 ? "h2" : "http/1.1");
        response.end();
    }

    /** One request with Connection: close, and everything the gateway sent back, byte for byte. */
    static String rawExchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway().port("web"))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void trailersOfAChunkedHttp11BackendFollowTheLastChunk() throws Exception {
        String raw = rawExchange("GET /http1 HTTP/1.1\nHost: x\nConnection: close\n\n");
        assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\ntransfer-encoding: chunked\r\n")
                .containsIgnoringCase("\r\ntrailer: X-Checksum, X-Protocol\r\n")
                .containsIgnoringCase("\r\n0\r\nx-checksum: abc123\r\nx-protocol: http/1.1\r\n\r\n");
    }

    @Test
    void trailersOfAnH2cBackendReachAnHttp11ClientAsChunkedTrailers() throws Exception {
        String raw = rawExchange("GET /h2c HTTP/1.1\nHost: x.example:8443\nConnection: close\n\n");
        assertThat(raw).startsWith("HTTP/1.1 200").contains("part one, ").contains("part two")
                .as("the client's Host as :authority, never a second host header").containsIgnoringCase("\r\nx-authority: x.example:8443\r\n")
                .containsIgnoringCase("\r\n0\r\nx-checksum: abc123\r\nx-protocol: h2\r\n\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "trailers           | trailers",
        "Trailers           | trailers",
        "deflate, trailers  | trailers",
        "gzip               | none",
        "trailers;q=0.5     | none",
    })
    void onlyTeTrailersReachesTheBackend(String te, String expected) throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/echo"), "TE", te);
        JsonObject headers = new JsonObject(r.body()).getJsonObject("headers");
        if (expected == null) {
            assertThat(headers.containsKey("te")).isFalse();
        } else {
            assertThat(headers.getJsonArray("te").getList()).containsExactly(expected);
        }
    }

    @Test
    void requestTrailersAreNotForwardedToTheBackend() throws Exception {
        String raw = rawExchange("POST /recording HTTP/1.1\nHost: x\nConnection: close\nTransfer-Encoding: chunked\n\n"
                + "9\nbody data\n0\nX-Test-Trailer: trailer-value\n\n");
        assertThat(raw).startsWith("HTTP/1.1 200");
        List<RawHttpServer.Request> received = recording.requests();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).isEqualTo("body data");
        assertThat(recording.rawBytes()).doesNotContainIgnoringCase("X-Test-Trailer").doesNotContain("trailer-value");
    }
}
