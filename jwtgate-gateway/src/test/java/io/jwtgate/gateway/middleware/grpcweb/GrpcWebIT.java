package io.jwtgate.gateway.middleware.grpcweb;

import static io.jwtgate.gateway.support.GrpcTestServer.EXPECTED_HEADERS;
import static io.jwtgate.gateway.support.GrpcTestServer.EXPECTED_TRAILERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.GrpcTestServer;
import io.jwtgate.gateway.support.GrpcWebFrames;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code grpcWeb} through a running gateway to a real grpc-java server (h2c), over HTTP/1.1 and over
 * HTTP/2 (TLS), binary and text: improbable-eng/grpc-web's wrapper tests (TestPing, TestPingError_*,
 * TestPingList, TestCORSPreflight_DeniedByDefault/_AllowedByOriginFunc) with their data, written
 * and decoded by hand.
 */
class GrpcWebIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SERVICE = "/" + GrpcTestServer.SERVICE + "/";
    static final String ORIGIN = "https://foo.client.com";

    static GrpcTestServer grpc;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        grpc = closing.add(GrpcTestServer.h2c());
        Backend echo = closing.add(Backend.echo("echo"));
        gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start("""
                http:
                  middlewares:
                    grpcweb: {grpcWeb: {allowOrigins: ["%s"]}}
                    grpcweb-default: {grpcWeb: {}}
                    grpcweb-any: {grpcWeb: {allowOrigins: ["*"]}}
                  routers:
                    web: {rule: "PathPrefix(`%s`)", service: grpc, middlewares: [grpcweb], entryPoints: [web]}
                    websecure: {rule: "PathPrefix(`%s`)", service: grpc, middlewares: [grpcweb], entryPoints: [websecure], tls: {}}
                    default: {rule: "Host(`default.test`) && PathPrefix(`%s`)", service: grpc, middlewares: [grpcweb-default], entryPoints: [web]}
                    any: {rule: "Host(`any.test`) && PathPrefix(`%s`)", service: grpc, middlewares: [grpcweb-any], entryPoints: [web]}
                    echo: {rule: "Host(`echo.test`)", service: echo, middlewares: [grpcweb], entryPoints: [web]}
                  services:
                    grpc: {loadBalancer: {servers: [{url: "h2c://127.0.0.1:%d"}]}}
                    echo: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(ORIGIN, SERVICE, SERVICE, SERVICE, SERVICE, grpc.port(), echo.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** HTTP/1.1 on the plain entry point, HTTP/2 on the TLS one; binary and text. */
    static Stream<Arguments> transports() {
        return Stream.of(Arguments.of("HTTP/1.1", false), Arguments.of("HTTP/1.1", true),
                Arguments.of("HTTP/2", false), Arguments.of("HTTP/2", true));
    }

    static HttpResponse<byte[]> call(String protocol, String method, boolean text, String host, Map<String, String> headers,
                                     String... messages) throws Exception {
        boolean h2 = protocol.equals("HTTP/2");
        URI uri = h2 ? gw.httpsUrl("websecure", SERVICE + method) : gw.url(SERVICE + method);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", text ? "application/grpc-web-text" : "application/grpc-web")
                .header("X-Grpc-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(text, messages)));
        if (host != null) {
            b.header("Host", host);
        }
        headers.forEach(b::header);
        HttpClient client = h2 ? Http.insecureTls(HttpClient.Version.HTTP_2) : Http.client();
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.version()).isEqualTo(h2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        return r;
    }

    static void assertHeadersContain(HttpHeaders headers, Map<String, String> expected) {
        expected.forEach((k, v) -> assertThat(headers.firstValue(k)).as(k).hasValue(v));
    }

    static void assertTrailersContain(Map<String, String> trailers, Map<String, String> expected) {
        assertThat(trailers).containsAllEntriesOf(expected);
    }

    /** assertHeadersContainCorsExpectedHeaders: every metadata name exposed, in Go's canonical case. */
    static void assertExposed(HttpHeaders headers, Map<String, String> metadata) {
        String exposed = headers.firstValue("Access-Control-Expose-Headers").orElseThrow();
        metadata.keySet().forEach(k -> assertThat(exposed).contains(GrpcWebCors.canonical(k)));
        assertThat(exposed).endsWith("grpc-status, grpc-message");
    }

    @ParameterizedTest(name = "{0} text={1}")
    @MethodSource("transports")
    void ping(String protocol, boolean text) throws Exception {
        HttpResponse<byte[]> r = call(protocol, "Ping", text, null, Map.of(), "foo");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), text);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body.messages()).containsExactly("foo");
        assertThat(body.trailerFrames()).isEqualTo(1);
        assertThat(body.trailers()).containsEntry("grpc-status", "0").doesNotContainKey("grpc-message");
        assertHeadersContain(r.headers(), EXPECTED_HEADERS);
        assertTrailersContain(body.trailers(), EXPECTED_TRAILERS);
        assertExposed(r.headers(), EXPECTED_HEADERS);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(text ? "application/grpc-web-text" : "application/grpc-web");
        assertThat(r.headers().firstValue("Content-Length")).as("the trailer frame is part of the body").isEmpty();
    }

    @ParameterizedTest(name = "{0} text={1}")
    @MethodSource("transports")
    void pingErrorWithTrailersInTheBody(String protocol, boolean text) throws Exception {
        HttpResponse<byte[]> r = call(protocol, "PingError", text, null, Map.of(GrpcTestServer.FLUSH_HEADERS, "true"), "x");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), text);
        assertThat(body.messages()).isEmpty();
        assertThat(body.trailers()).containsEntry("grpc-status", "12").containsEntry("grpc-message", "Not implemented PingError");
        assertHeadersContain(r.headers(), EXPECTED_HEADERS);
        assertTrailersContain(body.trailers(), EXPECTED_TRAILERS);
        assertExposed(r.headers(), EXPECTED_HEADERS);
    }

    @ParameterizedTest(name = "{0} text={1}")
    @MethodSource("transports")
    void pingErrorWithTrailersInTheHeaders(String protocol, boolean text) throws Exception {
        // A trailers-only gRPC response: the status is in the headers, the trailer frame is empty.
        HttpResponse<byte[]> r = call(protocol, "PingError", text, null, Map.of(), "x");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), text);
        assertThat(body.messages()).isEmpty();
        assertThat(r.headers().firstValue("grpc-status")).hasValue("12");
        assertThat(r.headers().firstValue("grpc-message")).hasValue("Not implemented PingError");
        assertHeadersContain(r.headers(), EXPECTED_TRAILERS);
        assertExposed(r.headers(), EXPECTED_TRAILERS);
        assertThat(body.trailerFrames()).isEqualTo(1);
        assertThat(body.trailers()).isEmpty();
        assertThat(body.raw()).containsExactly(0x80, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0} text={1}")
    @MethodSource("transports")
    void pingListStreamsThreeThousandMessages(String protocol, boolean text) throws Exception {
        HttpResponse<byte[]> r = call(protocol, "PingList", text, null, Map.of(), "something");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), text);
        assertThat(body.messages()).hasSize(GrpcTestServer.LIST_RESPONSES);
        assertThat(body.messages().get(2999)).isEqualTo("something 2999");
        assertThat(body.trailers()).containsEntry("grpc-status", "0");
        assertHeadersContain(r.headers(), EXPECTED_HEADERS);
        assertTrailersContain(body.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void severalRequestFramesReachAClientStreamingMethod() throws Exception {
        HttpResponse<byte[]> r = call("HTTP/1.1", "PingStream", true, null, Map.of(), "one", "two");
        GrpcWebFrames.Body body = GrpcWebFrames.read(r.body(), true);
        assertThat(body.messages()).containsExactly("one,two");
        assertThat(body.trailers()).containsEntry("grpc-status", "0");
    }

    static HttpResponse<String> preflight(String host, String origin, String requestHeaders) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.url(SERVICE + "PingList")).timeout(Duration.ofSeconds(20))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", requestHeaders);
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (host != null) {
            b.header("Host", host);
        }
        return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void corsPreflightIsDeniedByDefault() throws Exception {
        HttpResponse<String> r = preflight("default.test", "https://foo.client.com", "origin, x-something-custom, x-grpc-web, accept");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
    }

    @Test
    void corsPreflightOfAnAllowedOriginIsAnsweredByTheGateway() throws Exception {
        HttpResponse<String> r = preflight(null, ORIGIN, "origin, x-something-custom, x-grpc-web, accept");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Origin, X-Something-Custom, X-Grpc-Web, Accept");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

        assertThat(preflight(null, "https://evil.example", "x-grpc-web").headers().firstValue("Access-Control-Allow-Origin"))
                .as("an origin not listed").isEmpty();
        assertThat(preflight("any.test", "https://evil.example", "x-grpc-web, x-user-agent, grpc-timeout").headers()
                .firstValue("Access-Control-Allow-Headers")).hasValue("X-Grpc-Web, X-User-Agent, Grpc-Timeout");
        assertThat(preflight("any.test", "https://evil.example", "x-grpc-web").headers().firstValue("Access-Control-Allow-Origin"))
                .as("* allows any origin, echoed (credentials are allowed)").hasValue("https://evil.example");
    }

    @Test
    void aConvertedResponseCarriesTheCorsHeadersOfAnAllowedOrigin() throws Exception {
        HttpResponse<byte[]> allowed = call("HTTP/1.1", "Ping", false, null, Map.of("Origin", ORIGIN), "x");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(allowed.headers().allValues("Vary")).containsExactly("Origin");
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Access-Control-Allow-Origin", "Vary", "Content-Type");
        HttpResponse<byte[]> other = call("HTTP/1.1", "Ping", false, null, Map.of("Origin", "https://evil.example"), "x");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(GrpcWebFrames.read(other.body(), false).messages()).as("converted all the same").containsExactly("x");
    }
}
