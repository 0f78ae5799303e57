package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own keep-alive connections to cleartext HTTP/1.1 backends ({@link Http1Connections},
 * {@link Http1Call}) against a backend that writes exactly the bytes each case needs: a connection is
 * reused only after a complete keep-alive exchange, never after the backend closed it, cut a body
 * short or answered without a length; interim answers are not relayed; connections are not limited
 * (only the idle ones are); a client that leaves closes its backend connection.
 */
class Http1ConnectionsIT {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void sequentialRequestsShareOneBackendConnection() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(OK));
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            for (int i = 0; i < 10; i++) {
                RawHttp.Response response = client.send("GET /n" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assertThat(backend.requests()).hasSize(10);
            assertThat(backend.connections()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionTheBackendClosesIsNeverReused() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 reply.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
                 reply.close();
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            assertThat(backend.connections()).isEqualTo(3);
        }
    }

    @Test
    void anIdleConnectionTheBackendDroppedIsReplaced() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 reply.send(OK); // keep-alive announced, then closed: a backend's idle timeout
                 reply.close();
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            for (int i = 0; i < 3; i++) {
                CountDownLatch closed = backend.nextClose();
                assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("ok");
                assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(100); // the gateway reads the FIN and drops the connection from its idle set
            }
            assertThat(backend.connections()).isEqualTo(3);
        }
    }

    @Test
    void anAnswerWithBothFramingsIsReadAsChunkedAsGoReadsIt() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(
                     "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            RawHttp.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello world");
            assertThat(response.header("Content-Length")).as("the backend's length is not relayed").isNotEqualTo("3");
        }
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheBackendClosesAndItsConnectionIsNotReused() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 reply.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello, until close");
                 reply.close();
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello, until close");
            }
            assertThat(backend.connections()).isEqualTo(2);
        }
    }

    @Test
    void aBodyCutShortCutsTheClientConnection() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 reply.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
                 reply.close();
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            RawHttp.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("only ten b"); // what arrived, then the connection ends
            assertThat(client.closedWithin(5000)).isTrue();
        }
    }

    @Test
    void whatIsNotHttpIsA502AndTheNextRequestGetsAFreshConnection() throws Exception {
        int[] n = {0};
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 if (n[0]++ == 0) {
                     reply.send("SSH-2.0-OpenSSH_9.6\r\n\r\n");
                     reply.hold();
                 } else {
                     reply.send(OK);
                 }
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url())) {
            int port = gw.gateway().port("web");
            assertThat(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(502);
            RawHttp.Response next = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(next.status()).isEqualTo(200);
            assertThat(backend.connections()).isEqualTo(2);
        }
    }

    @Test
    void interimAnswersAreNotRelayedAndTheFinalOneIs() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(
                     "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + OK));
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assertThat(backend.connections()).isEqualTo(1);
        }
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsLengthSays() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(
                     request.method().equals("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" : OK));
             TestGateway gw = TestGateway.proxyingTo(backend.url());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI uri = URI.create("http://127.0.0.1:" + gw.gateway().port("web") + "/");
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri).HEAD().timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue("5");
            // Had the gateway waited for 5 body bytes, the HEAD would not have ended, nor its connection served the GET.
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("ok");
            assertThat(backend.requests()).extracting(RawHttpServer.Request::method).containsExactly("HEAD", "GET");
            assertThat(backend.connections()).isEqualTo(1);
        }
    }

    @Test
    void connectionsAreNotLimitedOnlyIdleOnes() throws Exception {
        CountDownLatch allArrived = new CountDownLatch(4);
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 allArrived.countDown();
                 try {
                     allArrived.await(10, TimeUnit.SECONDS); // answers once all four are in: a queue would never get there
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 reply.send(OK);
             });
             TestGateway gw = TestGateway.builder().staticYaml("""
                     serversTransport:
                       maxIdleConnsPerHost: 1
                     """).proxyingTo(backend.url())) {
            int port = gw.gateway().port("web");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    statuses.add(pool.submit(() -> RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()));
                }
                for (Future<Integer> status : statuses) {
                    assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(allArrived.getCount()).isZero();
            assertThat(backend.connections()).isEqualTo(4);
        }
    }

    @Test
    void aClientThatLeavesMidResponseClosesItsBackendConnection() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 reply.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
                 streaming.countDown();
                 reply.hold(); // returns when the gateway closes the connection
             });
             TestGateway gw = TestGateway.proxyingTo(backend.url())) {
            CountDownLatch closed = backend.nextClose();
            RawHttp client = new RawHttp(gw.gateway().port("web"));
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
            client.close();
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void nonAsciiValuesGoOutAsBytesAsGoSendsThem() throws Exception {
        MiddlewareType claimLike = (config, ctx) -> (Middleware) (exchange, next) -> {
            exchange.upstream().headers().add("X-Name", "\u540d\u524d"); // a claim's text beyond Latin-1
            next.proceed();
        };
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(OK));
             TestGateway gw = TestGateway.builder()
                     .types(Map.of("testClaim", claimLike))
                     .start("""
                     http:
                       middlewares:
                         claim:
                           testClaim: {}
                       routers:
                         r: {rule: PathPrefix(`/`), middlewares: [claim], service: a}
                       services:
                         a: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()));
             RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            // obs-text from the client (byte 0xE9) comes back as that byte
            assertThat(client.sendBytes("GET / HTTP/1.1\r\nHost: x\r\nX-Obs: \u00e9l\u00e8ve\r\n\r\n").read().status()).isEqualTo(200);
            String raw = backend.rawBytes();
            assertThat(raw).contains("X-Obs: \u00e9l\u00e8ve\r\n");
            assertThat(raw).contains("X-Name: " + new String("\u540d\u524d".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\n");
        }
    }

    @Test
    void idleConnTimeoutClosesParkedConnectionsNotASlowAnswer() throws Exception {
        try (RawHttpServer backend = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
                 try {
                     Thread.sleep(3000); // longer than idleConnTimeout, with nothing on the wire
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 reply.send(OK);
             });
             TestGateway gw = TestGateway.builder().staticYaml("""
                     serversTransport:
                       forwardingTimeouts:
                         idleConnTimeout: 2s
                     """).proxyingTo(backend.url())) {
            CountDownLatch closed = backend.nextClose();
            assertThat(RawHttp.exchange(gw.gateway().port("web"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").body()).isEqualTo("ok");
            assertThat(closed.getCount()).isEqualTo(1); // the slow answer was not cut
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue(); // the parked connection was closed
        }
    }
}
