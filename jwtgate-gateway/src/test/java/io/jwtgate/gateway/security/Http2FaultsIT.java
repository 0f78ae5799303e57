package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.ProtectedAndPublicRoutes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.H2Connection;
import io.jwtgate.gateway.support.Http;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, class 2: HTTP/2 frames that used to take a route down. After each fault, ordinary
 * requests on the same route must keep succeeding, and nothing injected may reach the backend.
 * The backend pool is 8 connections per event loop, so a leak of a few connections shows.
 */
class Http2FaultsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static ProtectedAndPublicRoutes routes;
    static HttpClient h2 = Http.insecureTls(HttpClient.Version.HTTP_2);

    @BeforeAll
    static void start() throws Exception {
        routes = closing.add(new ProtectedAndPublicRoutes());
    }


    @AfterEach
    void routeStillServes() throws Exception {
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + routes.tlsPort() + "/public/after"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
        HttpResponse<String> h1 = Http.get(java.net.URI.create("http://127.0.0.1:" + routes.webPort() + "/public/after-h1"));
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(routes.backend.rawBytes()).doesNotContain("X-Injected").doesNotContain("x-injected");
        assertThat(routes.backend.parseErrors()).isEmpty();
    }

    @Test
    void theGatewayAnnouncesTraefiksHttp2Limits() throws Exception {
        try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
            java.util.Map<Integer, Long> settings = c.serverSettings();
            assertThat(settings.get(0x3)).as("SETTINGS_MAX_CONCURRENT_STREAMS").isEqualTo(250L);
            assertThat(settings.getOrDefault(0x1, 4096L)).as("SETTINGS_HEADER_TABLE_SIZE").isEqualTo(4096L);
            assertThat(settings.get(0x6)).as("SETTINGS_MAX_HEADER_LIST_SIZE: http.maxHeaderBytes").isEqualTo(1L << 20);
            assertThat(settings.get(0x2)).as("SETTINGS_ENABLE_PUSH: absent or 0").isIn(null, 0L);
        }
    }

    @Test
    void rapidResetOfStreamsWaitingForTheirBodyLeaksNoBackendConnection() throws Exception {
        // Each stream: HEADERS without END_STREAM (the gateway takes a backend connection and waits for
        // the body), then RST_STREAM. 150 per connection stays under the reset-flood limit.
        for (int round = 0; round < 2; round++) {
            try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
                for (int i = 0; i < 150; i++) {
                    int stream = c.request(false, ":method", "POST", ":scheme", "https", ":authority", "x.example",
                            ":path", "/public/upload");
                    c.reset(stream);
                }
                int last = c.get("x.example", "/public/same-connection");
                assertThat(c.await(last, 10).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aResetFloodClosesTheAttackersConnectionOnly() throws Exception {
        try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
            for (int i = 0; i < 400 && !c.goAway(); i++) {
                c.reset(c.get("x.example", "/public/flood"));
            }
            assertThat(eventually(c::goAway)).as("GOAWAY after more than 200 resets in 30 s").isTrue();
        }
    }

    @Test
    void pathWithCrLfIsAnswered400() throws Exception {
        try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
            for (int i = 0; i < 20; i++) {
                H2Connection.Response r = c.await(c.get("x.example", "/public\r\nX-Injected: 1"), 10);
                assertThat(r.reset() || r.status() == 400).as("answered, not left hanging: " + r).isTrue();
            }
        }
    }

    @Test
    void headerValueWithCrLfIsAnswered400AndReleasesNothing() throws Exception {
        for (int conn = 0; conn < 3; conn++) {
            try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
                for (int i = 0; i < 100; i++) {
                    H2Connection.Response r = c.await(c.get("x.example", "/public", "x-test", "a\r\nX-Injected: 1"), 10);
                    assertThat(r.reset() || r.status() == 400).as("answered: " + r).isTrue();
                }
                assertThat(c.await(c.get("x.example", "/public/same-connection"), 10).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void malformedHttp2RequestsAreRefusedBeforeRouting() throws Exception {
        int before = routes.backendRequests();
        try (H2Connection c = H2Connection.tls(routes.tlsPort(), "x.example")) {
            String[][] cases = {
                    {"transfer-encoding", "chunked"},
                    {"connection", "keep-alive"},
                    {"te", "gzip"},
                    {"host", "other.example"},
                    {"bad name", "v"},
                    {"x-nul", "a\u0000b"},
            };
            for (String[] h : cases) {
                H2Connection.Response r = c.await(c.get("x.example", "/public/malformed", h[0], h[1]), 10);
                assertThat(r.reset() || r.status() == 400).as(h[0] + ": " + r).isTrue();
            }
            H2Connection.Response noSlash = c.await(c.get("x.example", "public"), 10);
            assertThat(noSlash.reset() || noSlash.status() == 400).isTrue();
        }
        Thread.sleep(200);
        assertThat(routes.backendRequests()).isEqualTo(before);
    }
}
