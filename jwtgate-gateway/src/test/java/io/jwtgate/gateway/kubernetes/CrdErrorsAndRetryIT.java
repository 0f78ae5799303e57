package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.ClosedPort;
import io.jwtgate.gateway.support.Closing;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code errors} and {@code retry} middlewares in their {@code Middleware} CRD form: the error
 * page's {@code service} is a Kubernetes Service reference, made into a load balancer of its own
 * as Traefik's createErrorPageMiddleware does; {@code retry} keeps the file provider's options.
 */
class CrdErrorsAndRetryIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: pages, namespace: apps}
            spec:
              errors:
                status: ["500-599"]
                statusRewrites: {"502-504": 500}
                query: "/{status}-{originalStatus}.html"
                service: {name: error-pages, port: 80}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: missing-pages, namespace: apps}
            spec:
              errors:
                status: ["500-599"]
                service: {name: nowhere, port: 80}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: retry, namespace: apps}
            spec:
              retry:
                attempts: 3
                initialInterval: 10ms
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/fail`)
              kind: Rule
              middlewares: [{name: pages}]
              services: [{name: failing, port: 80}]
            - match: PathPrefix(`/flaky`)
              kind: Rule
              middlewares: [{name: retry}]
              services: [{name: flaky, port: 80}]
            - match: PathPrefix(`/broken`)
              kind: Rule
              middlewares: [{name: missing-pages}]
              services: [{name: flaky, port: 80}]
            """);

    @Test
    void crdErrorsAndRetryBehaveAsTheirFileForms() throws Exception {
        List<String> pageRequests = new CopyOnWriteArrayList<>();
        Backend pages = closing.add(Backend.start(request -> {
            pageRequests.add(request.method() + " " + request.uri() + " Host=" + request.getHeader("Host"));
            request.response().putHeader("Content-Type", "text/html").end("<h1>sorry</h1>");
        }));
        Backend failing = closing.add(Backend.start(request -> request.response().setStatusCode(503).end("stack trace")));
        Backend whoami = closing.add(Backend.echo("whoami"));
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).service("apps/error-pages:80", pages.url()).service("apps/failing:80", failing.url())
                .service("apps/flaky:80", ClosedPort.url(), whoami.url()).start()) {
            HttpResponse<String> page = gw.get("/fail/x?secret=1");
            assertThat(page.statusCode()).as("502-504 rewritten to 500").isEqualTo(500);
            assertThat(page.body()).isEqualTo("<h1>sorry</h1>");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
            assertThat(pageRequests).containsExactly("GET /500-503.html Host=127.0.0.1:" + gw.gateway.port("websecure"));

            HttpResponse<String> retried = gw.get("/flaky/y");
            assertThat(retried.statusCode()).as("the refused server is retried on the next one").isEqualTo(200);
            assertThat(retried.body()).contains("\"backend\":\"whoami\"");

            assertThat(gw.get("/broken").statusCode()).isEqualTo(503);
            assertThat(gw.gateway.problems()).anySatisfy(p -> assertThat(p).contains("Service apps/nowhere does not exist"));
        }
    }

    @Test
    void theErrorPageServiceIsALoadBalancerNamedAsTraefikNamesIt() throws Exception {
        CrdSnapshot snapshot = CrdTranslationTest.translate("""
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: pages, namespace: apps}
                spec:
                  errors:
                    status: ["404"]
                    query: /{status}.html
                    errorRequestHeaders: [X-Request-Id]
                    service: {name: mapped, port: http, passHostHeader: false}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: other-provider, namespace: apps}
                spec:
                  errors:
                    status: ["404"]
                    service: {name: pages@file, kind: TraefikService}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: elsewhere, namespace: apps}
                spec:
                  errors:
                    status: ["404"]
                    service: {name: mapped, namespace: other, port: http}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: ts, namespace: apps}
                spec:
                  errors:
                    status: ["404"]
                    service: {name: a-traefik-service, kind: TraefikService}
                """, false, null);
        DynamicConfig config = snapshot.config();
        MiddlewareConfig pages = config.middlewares().get("apps-pages@kubernetescrd");
        assertThat(pages.error()).isNull();
        assertThat(pages.type()).isEqualTo("errors");
        assertThat(pages.options().toPlain()).isEqualTo(Map.of("status", List.of("404"), "query", "/{status}.html",
                "errorRequestHeaders", List.of("X-Request-Id"), "service", "apps-pages-errorpage-service@kubernetescrd"));
        ServiceConfig lb = config.services().get("apps-pages-errorpage-service@kubernetescrd");
        assertThat(lb.type()).isEqualTo("loadBalancer");
        assertThat(lb.options().toPlain()).isEqualTo(Map.of("servers", List.of(Map.of("url", "http://127.0.0.1:9000")),
                "passHostHeader", false));

        assertThat(config.middlewares().get("apps-other-provider@kubernetescrd").options().get("service").string(null))
                .isEqualTo("pages@file");
        assertThat(config.middlewares().get("apps-elsewhere@kubernetescrd").error()).hasMessageContaining("in another namespace");
        // A TraefikService of the namespace is named as Traefik names it (namespace-name@kubernetescrd).
        assertThat(config.middlewares().get("apps-ts@kubernetescrd").options().get("service").string(null))
                .isEqualTo("apps-a-traefik-service@kubernetescrd");
    }
}
