package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.kubernetes.KubernetesApiProvider;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Jose;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API provider against fabric8's mock API server in CRUD mode: resources created, updated and
 * deleted through the API change routing within seconds, without restart.
 */
class KubernetesApiProviderIT {

    static final String STATIC = """
            entryPoints:
              websecure:
                address: "127.0.0.1:0"
                http:
                  tls: {}
            """;

    KubernetesMockServer server;
    KubernetesClient client;
    KubeGateway gw;
    Backend a;
    Backend b;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        a = Backend.echo("a");
        b = Backend.echo("b");
        KubernetesCrdConfig config = new KubernetesCrdConfig(null, null, true, List.of("apps"), null, null, null, null, false, false,
                Duration.ofMillis(50), Duration.ofMinutes(10), Map.of(), "test");
        gw = KubeGateway.start(STATIC, new KubernetesApiProvider(config, m -> {}, client, true));
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
        server.destroy();
        a.close();
        b.close();
    }

    static String token(String secret) {
        return "Bearer " + Jose.hs256(secret, "{\"sub\":\"alice\",\"exp\":" + (Jose.now() + 300) + "}");
    }

    void apply(String yaml) {
        GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
        client.genericKubernetesResources(context(r.getApiVersion(), r.getKind())).inNamespace("apps").resource(r).createOr(op -> op.update());
    }

    void delete(String apiVersion, String kind, String name) {
        client.genericKubernetesResources(context(apiVersion, kind)).inNamespace("apps").withName(name).delete();
    }

    static ResourceDefinitionContext context(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder().withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1)).withKind(kind).withPlural(kind.toLowerCase() + "s").withNamespaced(true).build();
    }

    void secret(String value) {
        apply("""
                apiVersion: v1
                kind: Secret
                metadata: {name: jwt, namespace: apps}
                data:
                  signingSecret: %s
                """.formatted(Base64.getEncoder().encodeToString(value.getBytes())));
    }

    void slice(String name, int port, boolean ready) {
        apply("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s
                  namespace: apps
                  labels: {kubernetes.io/service-name: whoami}
                addressType: IPv4
                ports: [{name: whoami, port: %d, protocol: TCP}]
                endpoints:
                  - addresses: ["127.0.0.1"]
                    conditions: {ready: %s}
                """.formatted(name, port, ready));
    }

    void guideResources(String match) {
        apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: whoami, namespace: apps}
                spec:
                  ports: [{port: 80, name: whoami}]
                  selector: {app: whoami}
                """);
        slice("whoami-a", a.port(), true);
        secret("mysuperlongsecret");
        apply("""
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: test-jwt, namespace: apps}
                spec:
                  plugin:
                    jwt:
                      signingSecret: "urn:k8s:secret:jwt:signingSecret"
                """);
        ingressRoute(match);
    }

    void ingressRoute(String match) {
        apply("""
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: my-app, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: %s
                      kind: Rule
                      services: [{name: whoami, port: 80}]
                      middlewares: [{name: test-jwt}]
                """.formatted(match));
    }

    @Test
    void creatingUpdatingAndDeletingIngressRoutesAndMiddlewaresChangesRouting() throws Exception {
        assertThat(gw.get("/my-app").statusCode()).isEqualTo(404);
        guideResources("Path(`/my-app`)");
        gw.awaitStatus("/my-app", 200, "Authorization", token("mysuperlongsecret"));
        assertThat(gw.get("/my-app", "Authorization", token("wrong-secret")).statusCode()).isEqualTo(401);

        ingressRoute("Path(`/other`)");
        gw.awaitStatus("/my-app", 404, "Authorization", token("mysuperlongsecret"));
        gw.awaitStatus("/other", 200, "Authorization", token("mysuperlongsecret"));

        // The Middleware now reads another key, which the Secret lacks: fail closed, naming Secret, key and namespace.
        apply("""
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: test-jwt, namespace: apps}
                spec:
                  plugin:
                    jwt:
                      signingSecret: "urn:k8s:secret:jwt:otherKey"
                """);
        gw.awaitStatus("/other", 503, "Authorization", token("mysuperlongsecret"));
        assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("Secret apps/jwt has no key 'otherKey'"));

        delete("traefik.io/v1alpha1", "Middleware", "test-jwt");
        gw.await("/other", r -> r.statusCode() == 503 && gw.gateway.problems().stream()
                .anyMatch(p -> p.contains("Middleware apps/test-jwt does not exist")), "Authorization", token("mysuperlongsecret"));

        delete("traefik.io/v1alpha1", "IngressRoute", "my-app");
        gw.awaitStatus("/other", 404);
    }

    @Test
    void rotatingTheSecretSwitchesTokensAndDeletingItFailsClosed() throws Exception {
        guideResources("Path(`/my-app`)");
        gw.awaitStatus("/my-app", 200, "Authorization", token("mysuperlongsecret"));

        secret("a-rotated-secret-value-of-32-bytes");
        gw.awaitStatus("/my-app", 401, "Authorization", token("mysuperlongsecret"));
        assertThat(gw.get("/my-app", "Authorization", token("a-rotated-secret-value-of-32-bytes")).statusCode()).isEqualTo(200);

        delete("v1", "Secret", "jwt");
        gw.awaitStatus("/my-app", 503, "Authorization", token("a-rotated-secret-value-of-32-bytes"));
        assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("Secret 'jwt' does not exist in namespace 'apps'")
                && p.contains("urn:k8s:secret:jwt:signingSecret"));

        secret("mysuperlongsecret");
        gw.awaitStatus("/my-app", 200, "Authorization", token("mysuperlongsecret"));
    }

    @Test
    void endpointSlicesSendToReadyEndpointsOnly() throws Exception {
        guideResources("Path(`/my-app`)");
        slice("whoami-b", b.port(), false);
        gw.awaitStatus("/my-app", 200, "Authorization", token("mysuperlongsecret"));
        for (int i = 0; i < 6; i++) {
            assertThat(backend(gw.get("/my-app", "Authorization", token("mysuperlongsecret")).body())).isEqualTo("a");
        }
        slice("whoami-b", b.port(), true);
        gw.await("/my-app", r -> r.statusCode() == 200 && backend(r.body()).equals("b"), "Authorization", token("mysuperlongsecret"));

        slice("whoami-a", a.port(), false);
        slice("whoami-b", b.port(), false);
        gw.awaitStatus("/my-app", 503, "Authorization", token("mysuperlongsecret"));
        assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("no servers found for apps/whoami (no serving endpoint for port 80"));

        delete("discovery.k8s.io/v1", "EndpointSlice", "whoami-b");
        slice("whoami-a", a.port(), true);
        gw.await("/my-app", r -> r.statusCode() == 200 && backend(r.body()).equals("a"), "Authorization", token("mysuperlongsecret"));
    }

    @Test
    void keepsServingTheLastConfigurationWhileTheApiServerIsUnreachable() throws Exception {
        guideResources("Path(`/my-app`)");
        gw.awaitStatus("/my-app", 200, "Authorization", token("mysuperlongsecret"));
        server.destroy();
        for (int i = 0; i < 5; i++) {
            assertThat(gw.get("/my-app", "Authorization", token("mysuperlongsecret")).statusCode()).isEqualTo(200);
            Thread.sleep(200);
        }
        assertThat(gw.get("/my-app", "Authorization", token("wrong")).statusCode()).isEqualTo(401);
    }

    static String backend(String body) {
        return new JsonObject(body).getString("backend");
    }
}
