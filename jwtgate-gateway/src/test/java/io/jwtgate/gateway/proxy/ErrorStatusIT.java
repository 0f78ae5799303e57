package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.support.ClosedPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status the gateway itself produces: 404, 413, 431, 502, 503, 504. */
class ErrorStatusIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static Backend ok;
    static Backend silent;
    static int closedPort;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        ok = closing.add(Backend.echo("ok"));
        silent = closing.add(Backend.start(request -> { /* never answers */ }));
        closedPort = ClosedPort.port();
        gw = closing.add(TestGateway.builder()
                .web("""
                http:
                  maxHeaderBytes: 4096
                  maxRequestBodyBytes: 1024
                """)
                .staticYaml("""
                serversTransport:
                  forwardingTimeouts:
                    responseHeaderTimeout: 300ms
                """)
                .start("""
                http:
                  routers:
                    ok: {rule: PathPrefix(`/ok`), service: ok}
                    refused: {rule: PathPrefix(`/refused`), service: refused}
                    slow: {rule: PathPrefix(`/slow`), service: slow}
                    unknown-middleware: {rule: PathPrefix(`/mw`), service: ok, middlewares: [mystery]}
                    missing-service: {rule: PathPrefix(`/nosvc`), service: nowhere}
                  middlewares:
                    mystery:
                      mcpGateway: {}
                  services:
                    ok: {loadBalancer: {servers: [{url: "%s"}]}}
                    refused: {loadBalancer: {servers: [{url: "http://127.0.0.1:%d"}]}}
                    slow: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(ok.url(), closedPort, silent.url())));
    }


    @Test
    void noMatchingRouterIs404WithTraefiksBody() throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/none"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
    }

    @Test
    void refusedBackendIs502() throws Exception {
        assertThat(Http.get(gw.url("/refused")).statusCode()).isEqualTo(502);
    }

    @Test
    void backendSilentPastResponseHeaderTimeoutIs504() throws Exception {
        assertThat(Http.get(gw.url("/slow")).statusCode()).isEqualTo(504);
    }

    @Test
    void routerWithUnsupportedMiddlewareIsDisabledWith503AndReported() throws Exception {
        assertThat(Http.get(gw.url("/mw")).statusCode()).isEqualTo(503);
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p).contains("mcpGateway").contains("not supported"));
        assertThat(Http.get(gw.url("/ok")).statusCode()).as("other routers keep working").isEqualTo(200);
    }

    @Test
    void routerWithMissingServiceIs503() throws Exception {
        assertThat(Http.get(gw.url("/nosvc")).statusCode()).isEqualTo(503);
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p).contains("nowhere@file").contains("does not exist"));
    }

    @Test
    void bodyOverTheLimitIs413WithContentLengthAndWhenChunked() throws Exception {
        byte[] big = new byte[4096];
        HttpResponse<String> known = Http.client().send(HttpRequest.newBuilder(gw.url("/ok"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(known.statusCode()).isEqualTo(413);
        String chunked = rawExchange("POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1000\r\n" + "a".repeat(4096) + "\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 413");
        HttpResponse<String> small = Http.client().send(HttpRequest.newBuilder(gw.url("/ok"))
                .POST(HttpRequest.BodyPublishers.ofString("small")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        String response = rawExchange("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(8000) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431");
    }

    /** Sends raw bytes and returns what comes back: the JDK client cannot send malformed or huge requests. */
    private static String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gw.gateway().port("web"))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException e) {
                // the gateway may answer and close before reading everything
            }
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[256];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
