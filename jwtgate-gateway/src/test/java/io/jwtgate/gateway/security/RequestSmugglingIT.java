package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.ProtectedAndPublicRoutes.eventually;
import static io.jwtgate.gateway.security.ProtectedAndPublicRoutes.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.RecordingBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, class 1: request framing. Every request is written byte for byte; the backend records
 * what it parsed. No request may reach it that the router and the middleware did not see.
 */
class RequestSmugglingIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    /** The request an attacker hides in a body: it must never be parsed by the backend. */
    private static final String HIDDEN = "GET /admin/secret HTTP/1.1\r\nHost: x\r\nX-User: admin\r\n\r\n";

    static ProtectedAndPublicRoutes routes;

    @BeforeAll
    static void start() throws Exception {
        routes = closing.add(new ProtectedAndPublicRoutes());
    }


    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    private void assertBackendNeverSawTheHiddenRequest(int before, int rawBefore) throws Exception {
        Thread.sleep(200);
        assertThat(routes.backendRequests()).as("requests the backend parsed").isEqualTo(before);
        assertThat(routes.backend.rawBytes().substring(rawBefore)).doesNotContain("/admin/secret");
    }

    private static int raw() {
        return routes.backend.rawBytes().length();
    }

    @Test
    void http10WithContentLengthAndChunkedIsRefusedAndTheConnectionClosed() throws Exception {
        int before = routes.backendRequests();
        int rawBefore = raw();
        String body = chunked(HIDDEN);
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /public HTTP/1.0\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body).read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedWithin(2000)).as("connection closed after ambiguous framing").isTrue();
        }
        assertBackendNeverSawTheHiddenRequest(before, rawBefore);
    }

    /**
     * HTTP/1.1 with both: the codec drops Content-Length and reads the chunked body (RFC 9112 section
     * 6.3, what Go's server and so Traefik do); the gateway re-frames it, so the backend reads one
     * request whose body is the hidden text, never the hidden request itself.
     */
    @Test
    void http11WithContentLengthAndChunkedIsReadAsChunkedAlone() throws Exception {
        int before = routes.backendRequests();
        String body = chunked(HIDDEN);
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + body).read();
            assertThat(r.status()).isEqualTo(200);
        }
        Thread.sleep(200);
        assertThat(routes.backendRequests()).isEqualTo(before + 1);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.body()).isEqualTo(HIDDEN);
        assertThat(got.header("Content-Length")).as("no client framing header is forwarded").isEmpty();
    }

    @Test
    void http10WithChunkedAloneIsRefused() throws Exception {
        int before = routes.backendRequests();
        int rawBefore = raw();
        RawHttp.Response r = RawHttp.exchange(routes.webPort(),
                "POST /public HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(HIDDEN));
        assertThat(r.status()).isEqualTo(400);
        assertBackendNeverSawTheHiddenRequest(before, rawBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "chunked, gzip", "identity", "xchunked", "chunked\r\nTransfer-Encoding: chunked"})
    void transferCodingsOtherThanOneChunkedAreRefused(String te) throws Exception {
        int before = routes.backendRequests();
        int rawBefore = raw();
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /public HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n"
                    + chunked(HIDDEN)).read();
            assertThat(r.status()).isIn(400, 501);
            assertThat(c.closedWithin(2000)).isTrue();
        }
        assertBackendNeverSawTheHiddenRequest(before, rawBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "-1", "0x5", "5, 5", "5\r\nContent-Length: 6", " 5 5", "99999999999999999999"})
    void invalidOrRepeatedContentLengthIsRefused(String length) throws Exception {
        int before = routes.backendRequests();
        int rawBefore = raw();
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\nhello"
                    + HIDDEN).read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedWithin(2000)).isTrue();
        }
        assertBackendNeverSawTheHiddenRequest(before, rawBefore);
    }

    @Test
    void aChunkedBodyIsReframedAndArrivesAsOneRequest() throws Exception {
        int before = routes.backendRequests();
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /public/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunked(HIDDEN)).read();
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(eventually(() -> routes.backendRequests() == before + 1)).isTrue();
        Thread.sleep(200);
        assertThat(routes.backendRequests()).as("the body is a body, not a second request").isEqualTo(before + 1);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.target()).isEqualTo("/public/upload");
        assertThat(got.body()).isEqualTo(HIDDEN);
    }

    @Test
    void aContentLengthBodyKeepsItsLengthAndPipelinedRequestsEachPassTheRouter() throws Exception {
        int before = routes.backendRequests();
        try (RawHttp c = new RawHttp(routes.webPort())) {
            c.sendBytes("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: " + HIDDEN.length() + "\r\n\r\n" + HIDDEN
                    + "GET /admin/pipelined HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).as("the pipelined request went through the JWT middleware").isEqualTo(401);
        }
        Thread.sleep(200);
        assertThat(routes.backendRequests()).isEqualTo(before + 1);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.header("Content-Length")).containsExactly(Integer.toString(HIDDEN.length()));
        assertThat(got.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(routes.backend.rawBytes()).doesNotContain("/admin/pipelined");
    }

    @Test
    void expectContinueIsAnsweredOnlyAfterTheTokenWasChecked() throws Exception {
        int before = routes.backendRequests();
        try (RawHttp c = new RawHttp(routes.webPort())) {
            RawHttp.Response r = c.sendBytes("POST /admin/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n").read();
            assertThat(r.status()).as("no 100 Continue for a request without a token").isEqualTo(401);
        }
        try (RawHttp c = new RawHttp(routes.webPort())) {
            c.sendBytes("POST /admin/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token("alice")
                    + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.sendBytes("hello");
            assertThat(c.read().status()).isEqualTo(200);
        }
        assertThat(routes.backendRequests()).isEqualTo(before + 1);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.body()).isEqualTo("hello");
        assertThat(got.hasHeader("Expect")).as("the gateway answered the expectation itself").isFalse();
        assertThat(RawHttp.exchange(routes.webPort(), "POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                + "Expect: teapot\r\n\r\nx").status()).isEqualTo(417);
    }

    @Test
    void headersNamedInConnectionCannotRemoveWhatTheGatewaySets() throws Exception {
        int before = routes.backendRequests();
        RawHttp.Response r = RawHttp.exchange(routes.webPort(), "GET /admin/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token("alice") + "\r\nConnection: keep-alive, X-User, X-Forwarded-For, X-Real-Ip, X-Forwarded-Host, "
                + "X-Forwarded-Proto, X-Custom\r\nX-Custom: gone\r\nX-Kept: here\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.header("X-User")).containsExactly("alice");
        assertThat(got.header("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(got.header("X-Real-Ip")).containsExactly("127.0.0.1");
        assertThat(got.header("X-Forwarded-Host")).containsExactly("x");
        assertThat(got.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(got.hasHeader("X-Custom")).as("a header the client scoped to its connection").isFalse();
        assertThat(got.header("X-Kept")).containsExactly("here");
    }

    @Test
    void underscoreVariantsOfHeadersTheGatewaySetsNeverReachTheBackend() throws Exception {
        int before = routes.backendRequests();
        RawHttp.Response r = RawHttp.exchange(routes.webPort(), "GET /admin/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token("alice") + "\r\nX_User: admin\r\nx_forwarded_for: 10.9.9.9\r\nX_Real_Ip: 10.9.9.9\r\nX_Other: kept\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.header("X-User")).containsExactly("alice");
        assertThat(got.hasHeader("X_User")).isFalse();
        assertThat(got.hasHeader("x_forwarded_for")).isFalse();
        assertThat(got.hasHeader("X_Real_Ip")).isFalse();
        assertThat(got.header("X_Other")).as("Traefik's default strategy keeps other underscore headers").containsExactly("kept");
    }

    @Test
    void absoluteFormTargetsDecideRouteAndHostTogether() throws Exception {
        int before = routes.backendRequests();
        assertThat(RawHttp.exchange(routes.webPort(), "GET http://x/public/../admin/secret HTTP/1.1\r\nHost: x\r\n\r\n").status())
                .as("sanitized to /admin/secret: the JWT router").isEqualTo(401);
        assertThat(RawHttp.exchange(routes.webPort(), "GET http://a.example/public HTTP/1.1\r\nHost: b.example\r\n\r\n").status())
                .isEqualTo(200);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.target()).isEqualTo("/public");
        assertThat(got.header("Host")).as("RFC 9112 section 3.2.2: the target's authority wins").containsExactly("a.example");
    }

    @Test
    void hostHeaderMustBeThereOnceAndWellFormed() throws Exception {
        int before = routes.backendRequests();
        assertThat(RawHttp.exchange(routes.webPort(), "GET /public HTTP/1.1\r\n\r\n").status()).isEqualTo(400);
        assertThat(RawHttp.exchange(routes.webPort(), "GET /public HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status()).isEqualTo(400);
        assertThat(RawHttp.exchange(routes.webPort(), "GET /public HTTP/1.1\r\nHost: a b\r\n\r\n").status()).isEqualTo(400);
        assertThat(RawHttp.exchange(routes.webPort(), "GET /public HTTP/1.0\r\n\r\n").status()).as("HTTP/1.0 needs no Host")
                .isEqualTo(200);
        assertThat(routes.backendRequests()).isEqualTo(before + 1);
    }

    @Test
    void theTokenFromTheQueryIsNotForwarded() throws Exception {
        try (ProtectedAndPublicRoutes query = new ProtectedAndPublicRoutes("", "          tokenKey: jwt")) {
            assertThat(RawHttp.exchange(query.webPort(), "GET /admin/q?a=1&jwt=" + token("bob") + "&b=2 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .status()).isEqualTo(200);
            RawHttpServer.Request got = query.backend.requests().get(query.backend.requests().size() - 1);
            assertThat(got.target()).isEqualTo("/admin/q?a=1&b=2");
            assertThat(got.header("X-User")).containsExactly("bob");
        }
    }
}
