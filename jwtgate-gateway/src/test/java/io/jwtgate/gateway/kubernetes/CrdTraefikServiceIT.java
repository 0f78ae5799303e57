package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code TraefikService} kind through a running gateway: weighted (over Kubernetes Services and
 * another TraefikService), mirroring and failover, as the file services they become
 * ({@code namespace-name@kubernetescrd}). Mirroring and failover are served by the proxy's
 * mirroring/failover services (the {@code services} branch): without them these two tests fail.
 */
class CrdTraefikServiceIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: a, namespace: apps}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b, namespace: apps}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: c, namespace: other}
            spec: {ports: [{port: 80}]}
            """;

    @Test
    void weightedTraefikServiceSplitsByWeightAndNestsAnotherOne() throws Exception {
        Backend a = closing.add(Backend.echo("a"));
        Backend b = closing.add(Backend.echo("b"));
        Backend c = closing.add(Backend.echo("c"));
        String manifests = SERVICES + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: split, namespace: apps}
                spec:
                  weighted:
                    services:
                      - {name: a, port: 80, weight: 3}
                      - {name: inner, kind: TraefikService, weight: 1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: inner, namespace: apps}
                spec:
                  weighted:
                    services: [{name: b, port: 80}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: cross, namespace: apps}
                spec:
                  weighted:
                    services: [{name: c, namespace: other, port: 80}]
                """ + KubeGateway.ingressRoute("""
                - match: PathPrefix(`/split`)
                  kind: Rule
                  services: [{name: split, kind: TraefikService}]
                - match: PathPrefix(`/cross`)
                  kind: Rule
                  services: [{name: cross, kind: TraefikService}]
                - match: PathPrefix(`/byname`)
                  kind: Rule
                  services: [{name: split@kubernetescrd, kind: TraefikService}]
                """);
        try (KubeGateway gw = KubeGateway.crd(manifests).service("apps/a:80", a.url()).service("apps/b:80", b.url())
                .service("other/c:80", c.url()).start()) {
            Map<String, Integer> hits = new TreeMap<>();
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = get(gw, "/split");
                assertThat(r.statusCode()).isEqualTo(200);
                hits.merge(r.body().contains("\"backend\":\"a\"") ? "a" : "b", 1, Integer::sum);
            }
            assertThat(hits.get("b")).as("the nested TraefikService gets its share: " + hits).isPositive();
            assertThat(hits.get("a")).as("weight 3 against 1: " + hits).isGreaterThan(2 * hits.get("b"));
            assertThat(get(gw, "/byname").statusCode()).as("split@kubernetescrd names the same TraefikService").isEqualTo(200);
            // Service other/c is in another namespace and allowCrossNamespace is off: the TraefikService is not served.
            assertThat(get(gw, "/cross").statusCode()).isEqualTo(503);
            assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("in another namespace than apps"));
        }
    }

    @Test
    void mirroringTraefikServiceCopiesRequestsToTheMirror() throws Exception {
        Backend main = closing.add(Backend.echo("main"));
        ConcurrentLinkedQueue<String> mirrored = new ConcurrentLinkedQueue<>();
        Backend mirror = closing.add(Backend.start(request -> {
            mirrored.add(request.uri());
            request.response().end("mirror");
        }));
        String manifests = SERVICES + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: mirrored, namespace: apps}
                spec:
                  mirroring:
                    name: a
                    port: 80
                    mirrors: [{name: b, port: 80, percent: 100}]
                """ + KubeGateway.ingressRoute("""
                - match: PathPrefix(`/m`)
                  kind: Rule
                  services: [{name: mirrored, kind: TraefikService}]
                """);
        try (KubeGateway gw = KubeGateway.crd(manifests).service("apps/a:80", main.url()).service("apps/b:80", mirror.url()).start()) {
            HttpResponse<String> r = get(gw, "/m/1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"backend\":\"main\"");
            for (int i = 0; i < 100 && mirrored.isEmpty(); i++) {
                Thread.sleep(50); // the mirror's copy is sent in the background
            }
            assertThat(mirrored).containsExactly("/m/1");
        }
    }

    @Test
    void failoverTraefikServiceUsesTheFallbackWhenTheMainFails() throws Exception {
        Backend failing = closing.add(Backend.start(request -> request.response().setStatusCode(503).end("down")));
        Backend fallback = closing.add(Backend.echo("fallback"));
        String manifests = SERVICES + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: fo, namespace: apps}
                spec:
                  failover:
                    service: {name: a, port: 80}
                    fallback: {name: b, port: 80}
                    errors: {status: ["500-599"]}
                """ + KubeGateway.ingressRoute("""
                - match: PathPrefix(`/f`)
                  kind: Rule
                  services: [{name: fo, kind: TraefikService}]
                """);
        try (KubeGateway gw = KubeGateway.crd(manifests).service("apps/a:80", failing.url()).service("apps/b:80", fallback.url()).start()) {
            HttpResponse<String> r = get(gw, "/f");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"backend\":\"fallback\"");
        }
    }

    private static HttpResponse<String> get(KubeGateway gw, String path) throws Exception {
        return KubeGateway.TLS.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.gateway.port("websecure") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
