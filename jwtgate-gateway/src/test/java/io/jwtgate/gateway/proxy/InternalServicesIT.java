package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Routers naming Traefik's internal services: {@code noop@internal} always; {@code api@internal},
 * {@code dashboard@internal}, {@code ping@internal} and {@code prometheus@internal} when the static
 * configuration enables them, behind the router's own middlewares (the usual "dashboard behind
 * basicAuth on its own host" setup), and not on the entry points by themselves when
 * {@code manualRouting} or {@code insecure: false} says so.
 */
class InternalServicesIT {

    /** Traefik's test user: test:test (apr1). */
    private static final String USERS = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("test:test".getBytes());

    @Test
    void noopAnswers418AndCarriesARedirectRouterUnknownOnesAreExplained() throws Exception {
        try (TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    to-https: {redirectScheme: {scheme: https, permanent: true}}
                  routers:
                    redirect: {rule: PathPrefix(`/r`), service: noop@internal, middlewares: [to-https]}
                    bare: {rule: PathPrefix(`/noop`), service: noop@internal}
                    dashboard: {rule: PathPrefix(`/dashboard`), service: api@internal}
                    metrics: {rule: PathPrefix(`/metrics`), service: prometheus@internal}
                    typo: {rule: PathPrefix(`/typo`), service: nope@internal}
                """)) {
            HttpResponse<String> r = Http.get(gw.url("/r/x?q=1"));
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1/r/x?q=1"); // the port is the option's (none: the default)
            HttpResponse<String> noop = Http.get(gw.url("/noop"));
            assertThat(noop.statusCode()).isEqualTo(418);
            assertThat(noop.body()).isEmpty();
            assertThat(Http.get(gw.url("/dashboard")).statusCode()).as("no api section: the router is disabled").isEqualTo(503);
            assertThat(gw.gateway().problems())
                    .anyMatch(p -> p.contains("router dashboard@file") && p.contains("has no `api` section"))
                    .anyMatch(p -> p.contains("router metrics@file") && p.contains("metrics.prometheus"))
                    .anyMatch(p -> p.contains("router typo@file") && p.contains("'nope@internal' does not exist"))
                    .noneMatch(p -> p.contains("redirect@file") || p.contains("bare@file"));
        }
    }

    @Test
    void apiPingAndPrometheusServeRoutersBehindTheirMiddlewares() throws Exception {
        try (TestGateway gw = TestGateway.builder()
                .entryPoint("traefik", "")
                .staticYaml("""
                api:
                  dashboard: true
                  dashboardName: "Edge <prod>"
                ping:
                  entryPoint: traefik
                  manualRouting: true
                metrics:
                  prometheus:
                    entryPoint: traefik
                    manualRouting: true
                """)
                .start("""
                http:
                  middlewares:
                    admin-auth: {basicAuth: {users: ["%s"]}}
                  routers:
                    dashboard:
                      rule: Host(`traefik.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`) || Path(`/`))
                      service: api@internal
                      middlewares: [admin-auth]
                      entryPoints: [web]
                    health: {rule: Path(`/healthz`), service: ping@internal, entryPoints: [web]}
                    scrape: {rule: Path(`/internal/metrics`), service: prometheus@internal, entryPoints: [web], middlewares: [admin-auth]}
                """.formatted(USERS))) {
            String host = "traefik.example.com";
            HttpResponse<String> denied = Http.get(gw.url("/api/http/routers"), "Host", host);
            assertThat(denied.statusCode()).as("the router's basicAuth runs before api@internal").isEqualTo(401);
            assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"traefik\"");

            HttpResponse<String> routers = Http.get(gw.url("/api/http/routers"), "Host", host, "Authorization", BASIC);
            assertThat(routers.statusCode()).isEqualTo(200);
            assertThat(routers.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new JsonArray(routers.body()).stream().map(o -> ((JsonObject) o).getString("name")))
                    .contains("dashboard@file", "health@file", "scrape@file");
            assertThat(Http.get(gw.url("/api/nope"), "Host", host, "Authorization", BASIC).statusCode()).isEqualTo(404);

            HttpResponse<String> root = Http.get(gw.url("/"), "Host", host, "Authorization", BASIC);
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).hasValue("/dashboard/");
            HttpResponse<String> page = Http.get(gw.url("/dashboard/"), "Host", host, "Authorization", BASIC);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Edge &lt;prod&gt;</title>");
            assertThat(Http.get(gw.url("/dashboard/app.js"), "Host", host, "Authorization", BASIC).statusCode()).isEqualTo(404);

            HttpResponse<String> ping = Http.get(gw.url("/healthz"));
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("OK");
            assertThat(Http.get(gw.url("/internal/metrics")).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = Http.get(gw.url("/internal/metrics"), "Authorization", BASIC);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("traefik_entrypoint_requests_total");

            // manualRouting: nothing on the ping/metrics entry point by itself; insecure false: no API there either.
            assertThat(Http.get(gw.url("traefik", "/ping")).statusCode()).isEqualTo(404);
            assertThat(Http.get(gw.url("traefik", "/metrics")).statusCode()).isEqualTo(404);
            assertThat(Http.get(gw.url("traefik", "/api/http/routers")).statusCode()).isEqualTo(404);
            assertThat(gw.gateway().problems()).isEmpty();
        }
    }

    @Test
    void insecureApiAndAutomaticPingFollowTraefiksRoutesAndBasePath() throws Exception {
        try (TestGateway gw = TestGateway.builder()
                .entryPoint("traefik", "")
                .staticYaml("""
                api:
                  insecure: true
                  basePath: /admin
                ping:
                  entryPoint: traefik
                """)
                .start("""
                http:
                  routers:
                    api: {rule: PathPrefix(`/admin`), service: api@internal, entryPoints: [web]}
                """)) {
            assertThat(Http.get(gw.url("traefik", "/admin/api/version")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("traefik", "/api/version")).statusCode()).as("outside the base path").isEqualTo(404);
            HttpResponse<String> post = Http.client().send(java.net.http.HttpRequest.newBuilder(gw.url("traefik", "/admin/api/version"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("the API routes are GET only").isEqualTo(405);
            HttpResponse<String> page = Http.get(gw.url("traefik", "/admin/dashboard/"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("\"/admin/api/overview\"");
            assertThat(Http.get(gw.url("traefik", "/admin")).headers().firstValue("Location")).hasValue("/admin/dashboard/");
            assertThat(Http.get(gw.url("/admin/api/version")).statusCode()).as("and through a router").isEqualTo(200);
            // Traefik's ping router is PathPrefix(`/ping`), any method.
            assertThat(Http.get(gw.url("traefik", "/ping/deep")).body()).isEqualTo("OK");
        }
    }

    @Test
    void apiInternalBehindStripPrefixServesThePathTheMiddlewaresLeft() throws Exception {
        try (TestGateway gw = TestGateway.builder()
                .entryPoint("traefik", "")
                .staticYaml("""
                api:
                  dashboard: true
                ping: {}
                """)
                .start("""
                http:
                  routers:
                    traefik-via-path: {rule: PathPrefix(`/traefik`), service: api@internal, middlewares: [strip-traefik], entryPoints: [web]}
                    ping-via-path: {rule: PathPrefix(`/health/ping`), service: ping@internal, middlewares: [strip-health], entryPoints: [web]}
                    root: {rule: Path(`/`), service: api@internal, entryPoints: [web]}
                  middlewares:
                    strip-traefik: {stripPrefix: {prefixes: [/traefik]}}
                    strip-health: {stripPrefix: {prefixes: [/health]}}
                """)) {
            HttpResponse<String> overview = Http.get(gw.url("/traefik/api/overview"));
            assertThat(overview.statusCode()).as("/api/overview after the strip").isEqualTo(200);
            assertThat(overview.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new JsonObject(overview.body()).containsKey("http")).isTrue();
            HttpResponse<String> routers = Http.get(gw.url("/traefik/api/http/routers"));
            assertThat(routers.statusCode()).isEqualTo(200);
            assertThat(new JsonArray(routers.body()).stream().map(o -> ((JsonObject) o).getString("name"))).contains("traefik-via-path@file");
            assertThat(Http.get(gw.url("/traefik/api/nope")).statusCode()).as("an API path Traefik has no route for").isEqualTo(404);
            assertThat(Http.get(gw.url("/traefik/other")).statusCode()).as("outside /api/ and /dashboard/").isEqualTo(404);

            HttpResponse<String> page = Http.get(gw.url("/traefik/dashboard/"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            // The base path redirects to the dashboard behind the stripped prefix (X-Forwarded-Prefix), as Traefik's does.
            for (String path : new String[] {"/traefik", "/traefik/"}) {
                HttpResponse<String> base = Http.get(gw.url(path));
                assertThat(base.statusCode()).as(path).isEqualTo(302);
                assertThat(base.headers().firstValue("Location")).as(path).hasValue("/traefik/dashboard/");
            }
            assertThat(Http.get(gw.url("/traefik/dashboard")).headers().firstValue("Location")).hasValue("/traefik/dashboard/");

            // A prefix that is an absolute URL is not followed (Traefik drops it too).
            HttpResponse<String> absolute = Http.get(gw.url("/"), "X-Forwarded-Prefix", "//evil.example");
            assertThat(absolute.statusCode()).isEqualTo(302);
            assertThat(absolute.headers().firstValue("Location")).hasValue("/dashboard/");

            HttpResponse<String> ping = Http.get(gw.url("/health/ping"));
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("OK");
            assertThat(gw.gateway().problems()).isEmpty();
        }
    }
}
