package io.jwtgate.gateway.middleware.contenttype;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traefik v3's {@code contentType} middleware through a running gateway, against a backend that
 * answers without a {@code Content-Type}: without the middleware nothing is guessed (Traefik's
 * default), with it Go's detection applies (Go's sniff tests through the gateway, Traefik's unit and
 * integration tests), on the first 512 bytes however the backend writes them.
 */
class ContentTypeIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static List<SniffCases.Case> sniff;
    static TestGateway gw;

    /** Traefik's integration fixture test.pdf starts so; detection reads the first bytes only. */
    static final String PDF = "%PDF-1.4 \n1 0 obj\n<<\n/Pages 2 0 R\n/Type /Catalog\n>>\nendobj\n";

    /** Go's input in TestContentTypeWithVariousSources. */
    static final String HTML = "\n<html>\n\t<head>\n";

    @BeforeAll
    static void start() throws Exception {
        sniff = SniffCases.load();
        Backend backend = closing.add(Backend.start(ContentTypeIT::answer));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    autodetect: {contentType: {}}
                    typed: {headers: {customResponseHeaders: {Content-Type: text/x-set-by-headers}}}
                  routers:
                    plain: {rule: PathPrefix(`/`), service: b}
                    auto: {rule: PathPrefix(`/autodetect`), service: b, middlewares: [autodetect]}
                    both: {rule: PathPrefix(`/typed`), service: b, middlewares: [typed, autodetect]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** The backend: what to answer is in the path (after an optional /autodetect or /typed). */
    static void answer(HttpServerRequest request) {
        String path = request.path().replaceFirst("^/(autodetect|typed)", "");
        String[] parts = path.split("/");
        HttpServerResponse response = request.response();
        switch (parts[1]) {
            case "sniff" -> response.end(Buffer.buffer(sniff.get(Integer.parseInt(parts[2])).data()));
            case "bytewise" -> {
                byte[] data = parts[2].equals("html") ? HTML.getBytes()
                        : sniff.get(Integer.parseInt(parts[2])).data();
                response.setChunked(true);
                for (byte b : data) {
                    response.write(Buffer.buffer(new byte[] {b}));
                }
                response.end();
            }
            case "whole" -> response.end(HTML);
            case "size" -> response.end("a".repeat(Integer.parseInt(parts[2])));
            case "css" -> {
                if (path.contains("/ct")) {
                    response.putHeader("Content-Type", "text/css");
                }
                response.end(".testcss { }");
            }
            case "pdf" -> {
                if (path.contains("/ct")) {
                    response.putHeader("Content-Type", "application/pdf");
                }
                response.end(PDF);
            }
            case "json" -> response.putHeader("Content-Type", "application/json").end("Test");
            case "none" -> response.putHeader("Content-Length", "4").end(request.method().name().equals("HEAD") ? "" : "Test");
            case "empty-type" -> response.putHeader("Content-Type", "").end("<html><head></head><body>hi</body></html>");
            case "gzip" -> response.putHeader("Content-Encoding", "gzip").end(Buffer.buffer(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}));
            case "status" -> response.setStatusCode(Integer.parseInt(parts[2])).end();
            default -> response.setStatusCode(404).end();
        }
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return Http.client().send(HttpRequest.newBuilder(gw.url(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Go's TestServerContentTypeSniff, through the gateway: Go's server gives an empty body no Content-Type. */
    @TestFactory
    Stream<DynamicTest> goSniffCasesThroughTheGateway() {
        return sniff.stream().map(c -> DynamicTest.dynamicTest(c.desc(), () -> {
            HttpResponse<byte[]> r = get("/autodetect/sniff/" + c.index());
            assertThat(r.body()).isEqualTo(c.data());
            if (c.data().length == 0) {
                assertThat(r.headers().firstValue("Content-Type")).isEmpty();
            } else {
                assertThat(r.headers().firstValue("Content-Type")).hasValue(c.contentType());
            }
        }));
    }

    /** Go's TestContentTypeWithVariousSources: one write or one byte per write, the same type. */
    @ParameterizedTest
    @ValueSource(strings = {"/autodetect/whole/html", "/autodetect/bytewise/html"})
    void theTypeDoesNotDependOnHowTheBackendWrites(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(r.body())).isEqualTo(HTML);
    }

    /** The head waits for 512 bytes written one by one: a binary byte at 511 counts, one at 512 does not. */
    @Test
    void theFirst512BytesDecideHoweverTheyArrive() throws Exception {
        for (SniffCases.Case c : sniff) {
            if (c.desc().startsWith("a binary byte")) {
                HttpResponse<byte[]> r = get("/autodetect/bytewise/" + c.index());
                assertThat(r.headers().firstValue("Content-Type")).as(c.desc()).hasValue(c.contentType());
                assertThat(r.body()).isEqualTo(c.data());
            }
        }
    }

    /** Traefik's content_type_test.go TestAutoDetection. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Keep the Content-Type returned by the server                                                    | /json            | application/json
            Don't auto-detect Content-Type header by default when not set by the server                     | /none            |
            Keep the Content-Type returned by the server with auto-detection middleware                      | /autodetect/json | application/json
            Auto-detect when Content-Type header is not already set by the server with auto-detection middleware | /autodetect/none | text/plain; charset=utf-8
            """)
    void traefiksAutoDetectionCases(String desc, String path, String expected) throws Exception {
        assertThat(get(path).headers().firstValue("Content-Type")).isEqualTo(Optional.ofNullable(expected));
    }

    /** Traefik's integration test TestContentTypeDisableAutoDetect. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /css/ct              | text/css
            /pdf/ct              | application/pdf
            /css/noct            |
            /pdf/noct            |
            /autodetect/css/ct   | text/css
            /autodetect/pdf/ct   | application/pdf
            /autodetect/css/noct | text/plain; charset=utf-8
            /autodetect/pdf/noct | application/pdf
            """)
    void traefiksIntegrationCases(String path, String expected) throws Exception {
        assertThat(get(path).headers().allValues("Content-Type")).isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    /** Go's TestServerIssue5953: a Content-Type the backend set, even empty, is never replaced. */
    @Test
    void anEmptyContentTypeIsKept() throws Exception {
        assertThat(get("/autodetect/empty-type").headers().allValues("Content-Type")).containsExactly("");
    }

    /** Go's TestSniffWriteSize sizes: every body arrives whole. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 200, 600, 999, 1000, 1023, 1024, 512 << 10, 1 << 20})
    void bodiesOfEverySizeArriveWhole(int size) throws Exception {
        HttpResponse<byte[]> r = get("/autodetect/size/" + size);
        assertThat(r.body()).hasSize(size);
        assertThat(r.headers().firstValue("Content-Type")).isEqualTo(size == 0 ? Optional.empty()
                : Optional.of("text/plain; charset=utf-8"));
    }

    @Test
    void anEncodedBodyABodilessStatusAndHeadAreNotSniffed() throws Exception {
        HttpResponse<byte[]> gzip = get("/autodetect/gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("Content-Type")).isEmpty();
        assertThat(get("/autodetect/status/204").headers().firstValue("Content-Type")).isEmpty();
        HttpResponse<String> head = Http.client().send(HttpRequest.newBuilder(gw.url("/autodetect/none"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).isEmpty();
        HttpResponse<String> plainHead = Http.client().send(HttpRequest.newBuilder(gw.url("/none"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.headers().firstValue("Content-Length")).as("as without the middleware").hasValue("4")
                .isEqualTo(plainHead.headers().firstValue("Content-Length"));
    }

    /** Traefik's documentation: a middleware that sets the Content-Type wins. */
    @Test
    void aContentTypeSetByAnotherMiddlewareWins() throws Exception {
        assertThat(get("/typed/none").headers().allValues("Content-Type")).containsExactly("text/x-set-by-headers");
    }

    @Test
    void theDeprecatedAutoDetectIsWarnedAboutAndFalseTurnsTheMiddlewareOff() throws Exception {
        try (Backend backend = Backend.start(request -> request.response().end("Test"));
             TestGateway g = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         enabled: {contentType: {autoDetect: true}}
                         disabled: {contentType: {autoDetect: false}}
                         typo: {contentType: {autodetekt: true}}
                       routers:
                         enabled: {rule: PathPrefix(`/on`), service: b, middlewares: [enabled]}
                         disabled: {rule: PathPrefix(`/off`), service: b, middlewares: [disabled]}
                         typo: {rule: PathPrefix(`/typo`), service: b, middlewares: [typo]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            assertThat(g.gateway().warnings()).anyMatch(w -> w.contains("http.middlewares.enabled.contentType.autoDetect") && w.contains("deprecated"))
                    .anyMatch(w -> w.contains("http.middlewares.disabled.contentType.autoDetect") && w.contains("does nothing"))
                    .anyMatch(w -> w.contains("autodetekt") && w.contains("did you mean 'autoDetect'"));
            assertThat(Http.get(g.url("/on")).headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(Http.get(g.url("/off")).headers().firstValue("Content-Type")).isEmpty();
            assertThat(Http.get(g.url("/typo")).headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        }
    }
}
