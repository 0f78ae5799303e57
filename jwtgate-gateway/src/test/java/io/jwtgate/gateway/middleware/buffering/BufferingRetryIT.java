package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.support.ClosedPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.WrrOrder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code retryExpression} through a running gateway, against backends that refuse the connection
 * or reset it after reading the request: oxy's retry tests (success, retry on error, attempts
 * exhausted) and what they imply (the held body is sent again whole with its length, each attempt
 * starts from the request as the middleware passed it on, a failed attempt's answer never reaches
 * the client, at most 10 retries).
 */
class BufferingRetryIT {

    /** The servers, written where Traefik's weighted round robin visits them in the order given. */
    static String servers(String... urls) {
        StringBuilder b = new StringBuilder("[");
        for (String url : WrrOrder.placeForVisits(java.util.List.of(urls))) {
            b.append(b.length() > 1 ? ", " : "").append("{url: \"").append(url).append("\"}");
        }
        return b.append("]").toString();
    }

    static TestGateway gateway(String options, String servers, String... innerMiddlewares) throws Exception {
        StringBuilder chain = new StringBuilder("[buffer");
        for (String m : innerMiddlewares) {
            chain.append(", ").append(m);
        }
        return TestGateway.withDynamic("""
                http:
                  middlewares:
                    buffer: {buffering: %s}
                    prefix: {addPrefix: {prefix: /p}}
                    tag: {headers: {customRequestHeaders: {X-Inner: "1"}}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: b, middlewares: %s]}
                  services:
                    b: {loadBalancer: {servers: %s}}
                """.formatted(options, chain, servers));
    }

    /** A loopback URL nothing listens on: connecting is refused. */
    static String refused() throws Exception {
        return ClosedPort.url();
    }

    @Test
    void aHealthyBackendAnswersAtOnce() throws Exception {
        try (FlakyBackend backend = new FlakyBackend(0);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 2\"}", servers(backend.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
            assertThat(backend.requests()).hasSize(1);
        }
    }

    /** oxy's TestBuffer_retryOnError (with memRequestBodyBytes 1: the body is sent again from the file). */
    @Test
    void aRefusedConnectionIsRetriedOnTheNextServerWithTheWholeBody() throws Exception {
        try (FlakyBackend good = new FlakyBackend(0);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 2\", memRequestBodyBytes: 1}",
                     servers(refused(), good.url()))) {
            HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("some request parameters")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
            assertThat(good.requests()).singleElement().satisfies(req -> {
                assertThat(req.body()).isEqualTo("some request parameters");
                assertThat(req.header("Content-Length")).containsExactly("23");
            });
        }
    }

    /** oxy's TestBuffer_retryExceedAttempts: three refusing servers before the good one, two retries allowed. */
    @Test
    void whenTheExpressionStopsHoldingTheLastAnswerIsTheClients() throws Exception {
        try (FlakyBackend good = new FlakyBackend(0);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 2\"}",
                     servers(refused(), refused(), refused(), good.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/"));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(good.requests()).isEmpty();
        }
    }

    @Test
    void aResetConnectionIsRetriedAndEveryAttemptGetsTheWholeBodyWithItsLength() throws Exception {
        String body = "0123456789".repeat(100);
        try (FlakyBackend backend = new FlakyBackend(2);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 2\", memRequestBodyBytes: 4}",
                     servers(backend.url()))) {
            RawHttp.Response r = RawHttp.exchange(gw.gateway().port("web"), "POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n"
                    + "1f4\n" + body.substring(0, 500) + "\n1f4\n" + body.substring(500) + "\n0\n\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
            assertThat(backend.requests()).hasSize(3).allSatisfy(req -> {
                assertThat(req.body()).isEqualTo(body);
                assertThat(req.header("Content-Length")).containsExactly("1000");
                assertThat(req.header("Transfer-Encoding")).isEmpty();
            });
        }
    }

    @Test
    void attemptsCountsTheFirstOne() throws Exception {
        try (FlakyBackend backend = new FlakyBackend(2);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 1\"}", servers(backend.url()))) {
            assertThat(Http.get(gw.url("/")).statusCode()).isEqualTo(502);
            assertThat(backend.requests()).hasSize(2);
        }
    }

    @Test
    void atMostTenRetriesWhateverTheExpressionSays() throws Exception {
        try (FlakyBackend backend = new FlakyBackend(-1); TestGateway gw = gateway("{retryExpression: \"IsNetworkError()\"}",
                servers(backend.url()))) {
            assertThat(Http.get(gw.url("/")).statusCode()).isEqualTo(502);
            assertThat(backend.requests()).hasSize(1 + Attempts.MAX_RETRIES);
        }
    }

    @Test
    void aStatusCanBeRetriedAndTheDiscardedAnswerNeverReachesTheClient() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (Backend backend = Backend.start(request -> {
                 if (seen.incrementAndGet() == 1) {
                     request.response().setStatusCode(503).putHeader("X-Attempt", "1").putHeader("Retry-After", "1").end("busy");
                 } else {
                     request.response().putHeader("X-Served", "second").end("ok");
                 }
             });
             TestGateway gw = gateway("{retryExpression: \"ResponseCode() == 503 && Attempts() < 3\"}", servers(backend.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
            assertThat(r.headers().firstValue("X-Served")).hasValue("second");
            assertThat(r.headers().firstValue("X-Attempt")).isEmpty();
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
            assertThat(r.headers().firstValue("Content-Length")).hasValue("2");
            assertThat(seen).hasValue(2);
        }
    }

    @Test
    void exhaustedStatusRetriesGiveTheLastAttemptsAnswer() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (Backend backend = Backend.start(request -> request.response().setStatusCode(503).end("busy " + seen.incrementAndGet()));
             TestGateway gw = gateway("{retryExpression: \"ResponseCode() == 503 && Attempts() <= 2\"}", servers(backend.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("busy 3");
        }
    }

    @Test
    void requestMethodNarrowsTheRetry() throws Exception {
        try (FlakyBackend backend = new FlakyBackend(1);
             TestGateway gw = gateway("{retryExpression: \"RequestMethod() == \\\"GET\\\" && IsNetworkError()\"}", servers(backend.url()))) {
            HttpResponse<String> post = Http.client().send(HttpRequest.newBuilder(gw.url("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("a POST is not retried").isEqualTo(502);
            assertThat(backend.requests()).hasSize(1);
        }
        try (FlakyBackend backend = new FlakyBackend(1);
             TestGateway gw = gateway("{retryExpression: \"RequestMethod() == \\\"GET\\\" && IsNetworkError()\"}", servers(backend.url()))) {
            assertThat(Http.get(gw.url("/")).statusCode()).as("a GET is").isEqualTo(200);
            assertThat(backend.requests()).hasSize(2);
        }
    }

    @Test
    void everyAttemptStartsFromTheRequestAsTheMiddlewarePassedItOn() throws Exception {
        try (FlakyBackend backend = new FlakyBackend(2);
             TestGateway gw = gateway("{retryExpression: \"IsNetworkError() && Attempts() <= 2\"}", servers(backend.url()), "prefix", "tag")) {
            assertThat(Http.get(gw.url("/x?q=1")).statusCode()).isEqualTo(200);
            List<RawHttpServer.Request> requests = backend.requests();
            assertThat(requests).hasSize(3).allSatisfy(req -> {
                assertThat(req.requestLine()).isEqualTo("GET /p/x?q=1 HTTP/1.1");
                assertThat(req.header("X-Inner")).containsExactly("1");
            });
        }
    }
}
