package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.DigestClient;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
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
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/tenants`)
              kind: Rule
              middlewares: [{name: security}, {name: local-only}, {name: limit}, {name: admins}, {name: strip}]
              services: [{name: whoami, port: 80}]
            """);

    @Test
    void crdMiddlewaresBehaveAsTheirFileForms() throws Exception {
        Backend whoami = closing.add(Backend.echo("whoami"));
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).entryPoint("web", "").service("apps/whoami:80", whoami.url()).start()) {
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

    static final String AUTH_MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: basic-typed, namespace: apps}
            spec:
              basicAuth: {secret: admin, headerField: X-User}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: basic-lines, namespace: apps}
            spec:
              basicAuth: {secret: htpasswd, realm: ops}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: digest, namespace: apps}
            spec:
              digestAuth: {secret: htdigest, removeHeader: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: auth, namespace: apps}
            spec:
              entryPoints: [web]
              routes:
                - {match: PathPrefix(`/typed`), kind: Rule, middlewares: [{name: basic-typed}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/lines`), kind: Rule, middlewares: [{name: basic-lines}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/digest`), kind: Rule, middlewares: [{name: digest}], services: [{name: whoami, port: 80}]}
            """;

    static String secrets(String adminPassword) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: admin, namespace: apps}
                type: kubernetes.io/basic-auth
                stringData: {username: alice, password: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: htpasswd, namespace: apps}
                stringData:
                  users: |
                    test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/
                    test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: htdigest, namespace: apps}
                data: {htdigest: %s}
                """.formatted(adminPassword, Base64.getEncoder().encodeToString(
                "test:traefik:a2688e031edb4be6a3797f3882655c05\r\ntest2:traefik:518845800f9e2bfb1f1f740ec24f074e\r\n".getBytes()));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void basicAuthAndDigestAuthTakeTheirUsersFromSecretsAndFollowTheirChanges() throws Exception {
        Backend whoami = closing.add(Backend.echo("whoami"));
        Path dir = TempDirs.create("crd-auth-secrets");
        Files.writeString(dir.resolve("middlewares.yaml"), AUTH_MANIFESTS);
        Files.writeString(dir.resolve("secrets.yaml"), secrets("wonderland"));
        try (KubeGateway gw = KubeGateway.start("""
                entryPoints:
                  web: {address: "127.0.0.1:0"}
                providers:
                  kubernetesCRD:
                    directory: %s
                    throttleDuration: 100ms
                    serviceAddresses: {"apps/whoami:80": %s}
                """.formatted(dir, whoami.url()))) {
            assertThat(gw.gateway.problems()).isEmpty();
            Function<String, URI> url = path -> URI.create("http://127.0.0.1:" + gw.gateway.port("web") + path);

            HttpResponse<String> typed = Http.get(url.apply("/typed"), "Authorization", basic("alice", "wonderland"));
            assertThat(typed.statusCode()).as("kubernetes.io/basic-auth Secret").isEqualTo(200);
            assertThat(new JsonObject(typed.body()).getJsonObject("headers").getJsonArray("x-user").getList()).containsExactly("alice");
            assertThat(Http.get(url.apply("/typed"), "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
            assertThat(Http.get(url.apply("/lines"), "Authorization", basic("test2", "test2")).statusCode()).as("htpasswd lines").isEqualTo(200);
            HttpResponse<String> refused = Http.get(url.apply("/lines"), "Authorization", basic("test", "wrong"));
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"ops\"");
            HttpResponse<String> digest = DigestClient.get(url.apply("/digest/x"), "test", "test");
            assertThat(digest.statusCode()).as("htdigest lines with CRLF").isEqualTo(200);
            assertThat(new JsonObject(digest.body()).getJsonObject("headers").containsKey("authorization")).isFalse();
            assertThat(DigestClient.get(url.apply("/digest/x"), "test2", "test2").statusCode()).isEqualTo(200);

            Files.writeString(dir.resolve("secrets.yaml"), secrets("looking-glass"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Http.get(url.apply("/typed"), "Authorization", basic("alice", "looking-glass")).statusCode() != 200) {
                assertThat(System.nanoTime()).as("the changed Secret is picked up").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(Http.get(url.apply("/typed"), "Authorization", basic("alice", "wonderland")).statusCode()).isEqualTo(401);

            Files.delete(dir.resolve("secrets.yaml"));
            while (Http.get(url.apply("/typed"), "Authorization", basic("alice", "looking-glass")).statusCode() != 503) {
                assertThat(System.nanoTime()).as("a deleted Secret disables the routes").isLessThan(deadline + Duration.ofSeconds(20).toNanos());
                Thread.sleep(50);
            }
            assertThat(Http.get(url.apply("/digest/x")).statusCode()).isEqualTo(503);
            assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("Middleware apps/digest") && p.contains("Secret apps/htdigest does not exist"));
        }
    }
}
