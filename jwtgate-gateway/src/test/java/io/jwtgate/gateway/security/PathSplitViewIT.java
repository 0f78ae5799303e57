package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.ProtectedAndPublicRoutes.eventually;
import static io.jwtgate.gateway.security.ProtectedAndPublicRoutes.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.H2Connection;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.RecordingBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, class 3: the router and the backend must read the same path. Every spelling of
 * {@code /admin} that a backend could resolve to it is routed to the JWT router, and what the
 * backend receives is the path the router matched.
 */
class PathSplitViewIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static ProtectedAndPublicRoutes routes;

    @BeforeAll
    static void start() throws Exception {
        routes = closing.add(new ProtectedAndPublicRoutes());
    }


    @ParameterizedTest
    @ValueSource(strings = {"//admin", "/./admin", "/public/../admin", "/%2e/admin", "/public/%2e%2e/admin", "/%00/../admin",
            "/%2E%2E/admin", "/%61dmin", "/public/./../admin/", "///admin", "/public/..//admin"})
    void everySpellingOfAdminIsProtectedOnHttp1(String path) throws Exception {
        int before = routes.backendRequests();
        assertThat(RawHttp.exchange(routes.webPort(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(401);
        assertThat(routes.backendRequests()).isEqualTo(before);

        RawHttp.Response allowed = RawHttp.exchange(routes.webPort(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token("alice") + "\r\n\r\n");
        assertThat(allowed.status()).isEqualTo(200);
        RawHttpServer.Request got = routes.backend.requests().get(before);
        assertThat(got.target()).as("the backend receives the path the router matched").isIn("/admin", "/admin/");
        assertThat(got.header("X-User")).containsExactly("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//admin", "/./admin", "/public/../admin", "/%2e%2e/admin", "/%61dmin"})
    void everySpellingOfAdminIsProtectedOnHttp2(String path) throws Exception {
        int before = routes.backendRequests();
        try (H2Connection h2 = H2Connection.tls(routes.tlsPort(), "x.example")) {
            H2Connection.Response r = h2.await(h2.get("x.example", path), 10);
            assertThat(r.status()).isEqualTo(401);
            H2Connection.Response ok = h2.await(h2.get("x.example", path, "authorization", "Bearer " + token("bob")), 10);
            assertThat(ok.status()).isEqualTo(200);
        }
        assertThat(eventually(() -> routes.backendRequests() == before + 1)).isTrue();
        assertThat(routes.backend.requests().get(before).target()).isEqualTo("/admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%61dmin/%zz", "/admin%", "/admin%4", "/public#x", "/public%ZZ"})
    void invalidEscapesAndFragmentsAre400(String path) throws Exception {
        int before = routes.backendRequests();
        assertThat(RawHttp.exchange(routes.webPort(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
        assertThat(routes.backendRequests()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/./a//b/../c", "/public/%41%42", "/public/a%2Fb"})
    void publicPathsAreForwardedAsRouted(String path) throws Exception {
        int before = routes.backendRequests();
        assertThat(RawHttp.exchange(routes.webPort(), "GET " + path + "?q=1 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        String expected = switch (path) {
            case "/public/./a//b/../c" -> "/public/a/c";
            case "/public/%41%42" -> "/public/AB";
            default -> "/public/a%2Fb";
        };
        assertThat(routes.backend.requests().get(before).target()).isEqualTo(expected + "?q=1");
    }
}
