package io.jwtgate.gateway.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code headers} middleware, through a running gateway: the cases of Traefik's and
 * unrolled/secure's tests as data ({@code middleware/headers-cases.yaml}), plus how it combines
 * with the rest of the chain.
 */
class HeadersMiddlewareIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static MiddlewareCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new MiddlewareCases("/middleware/headers-cases.yaml", "headers"));
    }

    @TestFactory
    Stream<DynamicTest> traefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            MiddlewareCases.Result result = cases.run(c);
            assertThat(MiddlewareCases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers()).isEmpty();
        }));
    }

    /** A 401 of a JWT middleware later in the chain carries the CORS and security headers, so a browser can read it. */
    @Test
    void theGatewaysOwnAnswersGetTheHeadersToo() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    cors: {headers: {accessControlAllowOriginList: ["https://app.example"], frameDeny: true,
                                     customResponseHeaders: {X-Frame-Options: SAMEORIGIN, X-Served-By: jwtgate}}}
                    jwt: {plugin: {jwt: {signingSecret: "a-secret-of-at-least-32-bytes-long!!"}}}
                  routers:
                    api: {rule: PathPrefix(`/`), service: b, middlewares: [cors, jwt]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/api"), "Origin", "https://app.example");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            // The custom response headers run after the security ones, as in Traefik: they win.
            assertThat(r.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
            assertThat(r.headers().firstValue("X-Served-By")).hasValue("jwtgate");
        }
    }

    @Test
    void deprecatedAndUnknownOptionsAreWarnedAboutAndAnEmptyMiddlewareIsRefused() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    old: {headers: {sslRedirect: true, featurePolicy: "camera 'none'", frameDeny: true, framedenyy: 1}}
                    empty: {headers: {customRequestHeaders: {}}}
                  routers:
                    a: {rule: PathPrefix(`/a`), service: b, middlewares: [old]}
                    e: {rule: PathPrefix(`/e`), service: b, middlewares: [empty]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            assertThat(gw.gateway().warnings()).anyMatch(w -> w.contains("http.middlewares.old.headers.sslRedirect") && w.contains("redirectScheme"))
                    .anyMatch(w -> w.contains("http.middlewares.old.headers.featurePolicy") && w.contains("permissionsPolicy"))
                    .anyMatch(w -> w.contains("framedenyy") && w.contains("did you mean 'frameDeny'"));
            assertThat(gw.gateway().problems()).anyMatch(p -> p.contains("http.middlewares.empty.headers") && p.contains("sets no header option"));
            assertThat(Http.get(gw.url("/a")).headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(Http.get(gw.url("/e")).statusCode()).isEqualTo(503);
        }
    }
}
