package io.jwtgate.gateway.middleware.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.http.HttpConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code errors} middleware through a running gateway: the cases of Traefik's
 * custom_errors_test.go as data ({@code middleware/errors-cases.yaml}), then what only a real
 * exchange shows: responses outside the ranges are streamed, a caught body is drained so the
 * backend's connection is reused, and a service that does not exist is refused at build time.
 */
class ErrorsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static ErrorsCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new ErrorsCases("/middleware/errors-cases.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> traefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            ErrorsCases.Result result = cases.run(c);
            assertThat(cases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers() + " page " + result.page()).isEmpty();
        }));
    }

    @Test
    void theCasesConfigureWithoutWarnings() {
        assertThat(cases.configWarnings()).isEmpty();
    }

    /** A response outside the ranges is streamed: the client reads its first chunk while the backend has not finished it. */
    @Test
    void aResponseOutsideTheRangesIsNotBuffered() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        try (Backend backend = Backend.start(request -> {
            request.response().setChunked(true).setStatusCode(200).write("first chunk\n");
            Backend.vertx().executeBlocking(() -> firstChunkRead.await(10, TimeUnit.SECONDS))
                    .onComplete(released -> request.response().end("last chunk\n"));
        }); TestGateway gw = gateway(backend.url(), "[\"500-599\"]")) {
            HttpResponse<InputStream> r = Http.client().send(HttpRequest.newBuilder(gw.url("/stream")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            try (InputStream body = r.body()) {
                byte[] first = body.readNBytes("first chunk\n".length());
                assertThat(new String(first, StandardCharsets.UTF_8)).as("read before the backend ended its response").isEqualTo("first chunk\n");
                firstChunkRead.countDown();
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("last chunk\n");
            }
        }
    }

    /**
     * A caught response's body (here 1 MiB) is read and dropped, never sent to the client, and the
     * backend's connection goes back to the pool: the next request reuses it.
     */
    @Test
    void aCaughtBodyIsDrainedAndTheBackendConnectionReused() throws Exception {
        Set<HttpConnection> connections = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger requests = new AtomicInteger();
        String big = "x".repeat(1 << 20);
        try (Backend backend = Backend.start(request -> {
            connections.add(request.connection());
            requests.incrementAndGet();
            request.response().setStatusCode(500).end(big);
        }); Backend pages = Backend.start(request -> request.response().end("sorry"));
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         pages: {errors: {status: ["500"], service: pages, query: /500.html}}
                       routers:
                         r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                       services:
                         app: {loadBalancer: {servers: [{url: "%s"}]}}
                         pages: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url(), pages.url()))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = Http.get(gw.url("/x"));
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.body()).isEqualTo("sorry");
            }
            assertThat(requests).hasValue(3);
            assertThat(connections).as("one pooled connection served the three requests").hasSize(1);
        }
    }

    /** Several requests at once, half of them caught: each client gets its own answer. */
    @Test
    void concurrentRequestsGetTheirOwnAnswers() throws Exception {
        try (Backend backend = Backend.start(request -> request.response().setStatusCode(request.path().contains("fail") ? 503 : 200)
                .end("backend " + request.path()));
             Backend pages = Backend.start(request -> request.response().end("page " + request.path()));
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         pages: {errors: {status: ["503"], service: pages, query: "/{status}"}}
                       routers:
                         r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                       services:
                         app: {loadBalancer: {servers: [{url: "%s"}]}}
                         pages: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url(), pages.url()))) {
            CompletableFuture<?>[] all = new CompletableFuture<?>[40];
            for (int i = 0; i < all.length; i++) {
                String path = (i % 2 == 0 ? "/fail/" : "/ok/") + i;
                all[i] = Http.client().sendAsync(HttpRequest.newBuilder(gw.url(path)).build(), HttpResponse.BodyHandlers.ofString())
                        .thenAccept(r -> {
                            if (path.startsWith("/fail")) {
                                assertThat(r.statusCode()).isEqualTo(503);
                                assertThat(r.body()).isEqualTo("page /503");
                            } else {
                                assertThat(r.statusCode()).isEqualTo(200);
                                assertThat(r.body()).isEqualTo("backend " + path);
                            }
                        });
            }
            CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A HEAD request caught gets the page's head and no body bytes on the wire (the page itself is
     * a GET): the next request on the same connection is read as a request, not as a body.
     */
    @Test
    void aCaughtHeadRequestLeavesTheConnectionClean() throws Exception {
        try (Backend backend = Backend.start(request -> request.response().setStatusCode(request.method().name().equals("HEAD") ? 500 : 200)
                .end(request.method().name().equals("HEAD") ? "" : "fine"));
             Backend pages = Backend.start(request -> request.response().end(request.method() + " page body"));
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         pages: {errors: {status: ["500"], service: pages}}
                       routers:
                         r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                       services:
                         app: {loadBalancer: {servers: [{url: "%s"}]}}
                         pages: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url(), pages.url()));
             Socket socket = new Socket("127.0.0.1", gw.gateway().port("web"))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("HEAD /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> head = readHead(in);
            assertThat(head.getFirst()).isEqualTo("HTTP/1.1 500 Internal Server Error");
            assertThat(head).contains("content-length: " + "GET page body".length());
            out.write("GET /y HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in).getFirst()).as("no body bytes were sent for the HEAD").isEqualTo("HTTP/1.1 200 OK");
        }
    }

    private static List<String> readHead(InputStream in) throws Exception {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = line.toString().strip();
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(lines.isEmpty() ? l : l.toLowerCase(Locale.ROOT));
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new AssertionError("connection closed after " + lines);
    }

    /** Traefik builds the service when it builds the middleware: one that does not exist fails the middleware, not the request. */
    @Test
    void aServiceThatDoesNotExistDisablesTheRoutersUsingTheMiddleware() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    pages: {errors: {status: ["500-599"], service: nowhere, query: /x}}
                    badstatus: {errors: {status: ["5xx"], service: b}}
                    badrewrite: {errors: {status: ["500"], service: b, statusRewrites: {"500": 42}}}
                  routers:
                    guarded: {rule: PathPrefix(`/guarded`), service: b, middlewares: [pages]}
                    status: {rule: PathPrefix(`/status`), service: b, middlewares: [badstatus]}
                    rewrite: {rule: PathPrefix(`/rewrite`), service: b, middlewares: [badrewrite]}
                    open: {rule: PathPrefix(`/open`), service: b}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            assertThat(Http.get(gw.url("/guarded")).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/status")).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/rewrite")).statusCode()).isEqualTo(503);
            assertThat(Http.get(gw.url("/open")).statusCode()).isEqualTo(200);
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                    .contains("http.middlewares.pages.errors.service").contains("service 'nowhere@file' does not exist"));
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                    .contains("http.middlewares.badstatus.errors.status").contains("'5xx' is not a status code"));
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                    .contains("http.middlewares.badrewrite.errors.statusRewrites.500").contains("'42'"));
        }
    }

    /** A name with @provider is used as written; without, it is looked up in the middleware's provider. */
    @Test
    void aQualifiedServiceNameIsUsedAsWritten() throws Exception {
        try (Backend backend = Backend.start(request -> request.response().setStatusCode(404).end("nope"));
             Backend pages = Backend.start(request -> request.response().end("page"));
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         pages: {errors: {status: ["404"], service: pages@file}}
                       routers:
                         r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                       services:
                         app: {loadBalancer: {servers: [{url: "%s"}]}}
                         pages: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url(), pages.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/"));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("page");
        }
    }

    private static TestGateway gateway(String backendUrl, String status) throws Exception {
        return TestGateway.withDynamic("""
                http:
                  middlewares:
                    pages: {errors: {status: %s, service: app, query: /error}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                  services:
                    app: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(status, backendUrl));
    }

    /**
     * The middleware's service is checked again when the services change, although the middleware's
     * own options did not: an edit that removes the page service is refused as one that names a
     * missing service at start, and the last good configuration keeps serving the page.
     */
    @Test
    void anEditRemovingThePageServiceIsRefusedThoughTheMiddlewareDidNotChange() throws Exception {
        String routes = """
                http:
                  middlewares:
                    pages: {errors: {status: ["500"], service: pages, query: "/page/{status}"}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: app, middlewares: [pages]}
                  services:
                    app: {loadBalancer: {servers: [{url: "%s"}]}}
                %s
                """;
        try (Backend app = Backend.start(request -> request.response().setStatusCode(500).end("raw failure"));
             Backend pages = Backend.start(request -> request.response().end("page for " + request.path()));
             TestGateway gw = TestGateway.builder().entryPoint("traefik", "")
                     .staticYaml("metrics: {prometheus: {entryPoint: traefik}}")
                     .start(routes.formatted(app.url(), "    pages: {loadBalancer: {servers: [{url: \"" + pages.url() + "\"}]}}"))) {
            assertThat(Http.get(gw.url("/x")).body()).isEqualTo("page for /page/500");

            gw.rewriteDynamic(routes.formatted(app.url(), ""));
            URI metrics = gw.url("traefik", "/metrics");
            String failures = "traefik_config_reloads_total{outcome=\"failure\"} 1.0";
            for (int i = 0; i < 500 && !Http.get(metrics).body().contains(failures); i++) {
                Thread.sleep(20);
            }
            assertThat(Http.get(metrics).body()).as("the edit was refused").contains(failures);
            assertThat(Http.get(gw.url("/x")).body()).isEqualTo("page for /page/500");
        }
    }
}
