package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.TempDirs;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Traefik middlewares in their {@code Middleware} CRD form, loaded by the manifest provider and used by an IngressRoute. */
class CrdMiddlewaresIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: security, namespace: apps}
            spec:
              headers:
                frameDeny: true
                accessControlAllowOriginList: ["https://app.example"]
                customRequestHeaders: {X-From: crd}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: local-only, namespace: apps}
            spec:
              ipAllowList: {sourceRange: ["127.0.0.1/32"]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip, namespace: apps}
            spec:
              stripPrefixRegex: {regex: ["/tenants/[a-z]+"]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: limit, namespace: apps}
            spec:
              rateLimit: {average: 100, burst: 100}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: admins, namespace: apps}
            spec:
              basicAuth: {users: ["test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: to-https, namespace: apps}
            spec:
              redirectScheme: {scheme: https, permanent: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: app, namespace: apps}
            spec:
              entryPoints: [websecure]
              routes:
                - match: PathPrefix(`/tenants`)
                  kind: Rule
                  middlewares: [{name: security}, {name: local-only}, {name: limit}, {name: admins}, {name: strip}]
                  services: [{name: whoami, port: 80}]
            """;

    @Test
    void crdMiddlewaresBehaveAsTheirFileForms() throws Exception {
        Backend whoami = closing.add(Backend.echo("whoami"));
        Path file = TempDirs.create("crd-middlewares").resolve("manifests.yaml");
        Files.writeString(file, MANIFESTS);
        try (KubeGateway gw = KubeGateway.start("""
                entryPoints:
                  web: {address: "127.0.0.1:0"}
                  websecure: {address: "127.0.0.1:0", http: {tls: {}}}
                providers:
                  kubernetesCRD:
                    filename: %s
                    throttleDuration: 100ms
                    serviceAddresses: {"apps/whoami:80": %s}
                """.formatted(file, whoami.url()))) {
            assertThat(gw.gateway.problems()).isEmpty();
            String auth = "Basic " + Base64.getEncoder().encodeToString("test:test".getBytes());
            HttpResponse<String> ok = gw.get("/tenants/acme/orders", "Authorization", auth, "Origin", "https://app.example");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
            JsonObject seen = new JsonObject(ok.body());
            assertThat(seen.getString("uri")).isEqualTo("/orders");
            assertThat(seen.getJsonObject("headers").getJsonArray("x-from").getString(0)).isEqualTo("crd");
            assertThat(seen.getJsonObject("headers").getJsonArray("x-forwarded-prefix").getString(0)).isEqualTo("/tenants/acme");
            assertThat(gw.get("/tenants/acme/orders").statusCode()).as("basicAuth").isEqualTo(401);
        }
    }
}
