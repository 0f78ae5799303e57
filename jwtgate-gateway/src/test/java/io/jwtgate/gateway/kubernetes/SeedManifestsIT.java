package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdNames;
import io.jwtgate.gateway.provider.kubernetes.ManifestProvider;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Jose;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's three manifest files from {@code shared/examples/seed}, loaded unchanged by the
 * manifest provider, with {@code serviceAddresses} standing in for the cluster's Services. The
 * identity-provider files run on copies whose key-set URLs point at an in-process OIDC server, so
 * that nothing leaves 127.0.0.1.
 */
class SeedManifestsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static MockOAuth2Server idp;
    static Backend whoami;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        closing.add(idp::shutdown);
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        whoami = closing.add(Backend.echo("whoami"));
    }


    static String staticYaml(String source) {
        return """
                entryPoints:
                  websecure:
                    address: "127.0.0.1:0"
                    http:
                      tls: {}
                providers:
                  kubernetesCRD:
                    %s
                    throttleDuration: 100ms
                    serviceAddresses:
                      "apps/whoami:80": %s
                      "apps/mcp-server-service:80": %s
                """.formatted(source, whoami.url(), whoami.url());
    }

    @Test
    void secretExampleUnchangedAcceptsTheSecretsTokenAndRejectsAnotherSecret() throws Exception {
        Path file = SharedDir.seed().resolve("01-secret.yaml");
        try (KubeGateway gw = KubeGateway.start(staticYaml("filename: " + file))) {
            assertThat(gw.gateway.problems()).isEmpty();
            String token = Jose.hs256("mysuperlongsecret", "{\"sub\":\"alice\",\"exp\":" + (Jose.now() + 300) + "}");
            HttpResponse<String> ok = gw.get("/my-app", "Authorization", "Bearer " + token);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(new JsonObject(ok.body()).getString("uri")).isEqualTo("/my-app");

            HttpResponse<String> wrong = gw.get("/my-app", "Authorization", "Bearer " + Jose.hs256("another-secret", "{\"sub\":\"a\"}"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(gw.get("/my-app").statusCode()).isEqualTo(401);
            assertThat(gw.get("/my-app/x", "Authorization", "Bearer " + token).statusCode()).as("Path is exact").isEqualTo(404);
        }
    }

    @Test
    void wholeSeedDirectoryLoadsUnchangedLaterDocumentsWinAsWithKubectlApply() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        KubernetesCrdConfig config = new KubernetesCrdConfig(SharedDir.seed(), null, false, List.of(), null, null, null, null, false,
                false, Duration.ofMillis(100), Duration.ofMinutes(10), Map.of("apps/whoami:80", List.of(java.net.URI.create(whoami.url()))), "test");
        try (ManifestProvider provider = new ManifestProvider(config, warnings::add)) {
            // Loaded without building middlewares: their key sets (Keycloak placeholder, Azure, auth.example.com) are never fetched.
            DynamicConfig dynamic = provider.load();
            MiddlewareConfig testJwt = dynamic.middlewares().get("apps-test-jwt@kubernetescrd");
            assertThat(testJwt.type()).isEqualTo("plugin.jwt");
            assertThat(testJwt.options().get("jwksUrl").string(null)).as("02 replaces 01's test-jwt").contains("KEYCLOAK_URL");
            assertThat(warnings).anyMatch(w -> w.contains("Middleware apps/test-jwt (02-identity-provider.yaml) replaces"));
            assertThat(dynamic.middlewares()).containsKeys("apps-test-jwt-azure@kubernetescrd", "apps-oauth-jwt@kubernetescrd");
            MiddlewareConfig missing = dynamic.middlewares().get("apps-mcp-gateway@kubernetescrd");
            assertThat(missing.error().getMessage()).contains("IngressRoute apps/mcp-server (03-oauth-resource-discovery.yaml)",
                    "spec.routes[0].middlewares[1]", "Middleware apps/mcp-gateway does not exist");
            String myApp = CrdNames.route("apps", "my-app", "Path(`/my-app`)");
            assertThat(dynamic.routers().get(myApp).middlewares()).containsExactly("apps-test-jwt@kubernetescrd");
            assertThat(dynamic.routers().get(myApp).entryPoints()).containsExactly("websecure");
            // A route's one Service is a load balancer named after the router, as in Traefik.
            assertThat(dynamic.services().get(myApp)).extracting(ServiceConfig::type, ServiceConfig::error)
                    .containsExactly("loadBalancer", null);
            // No mapping and no cluster: the Service of 03 is not defined anywhere, so its route fails closed (Traefik drops it).
            assertThat(dynamic.services().values()).anySatisfy(svc -> assertThat(svc.error()).isNotNull()
                    .hasMessageContaining("Service apps/mcp-server-service does not exist"));
            assertThat(dynamic.errors()).extracting(Exception::getMessage)
                    .anyMatch(m -> m.contains("Service apps/mcp-server-service does not exist") && m.contains("serviceAddresses"));
        }
    }

    @Test
    void identityProviderExampleAgainstAnInProcessOidcServer(@TempDir Path dir) throws Exception {
        String text = Files.readString(SharedDir.seed().resolve("02-identity-provider.yaml"))
                .replace("https://KEYCLOAK_URL/realms/REALM_NAME/protocol/openid-connect/certs", idp.jwksUrl("default").toString())
                .replace("https://login.microsoftonline.com/common/discovery/v2.0/keys", idp.jwksUrl("azure").toString());
        Files.writeString(dir.resolve("02-identity-provider.yaml"), text);
        try (KubeGateway gw = KubeGateway.start(staticYaml("directory: " + dir))) {
            assertThat(gw.gateway.problems()).isEmpty();
            String admin = idp.issueToken("default", "client", "api", Map.of("grp", "admin")).serialize();
            HttpResponse<String> ok = gw.get("/my-app", "Authorization", "Bearer " + admin, "Group", "spoofed");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(new JsonObject(ok.body()).getJsonObject("headers").getJsonArray("group").getList()).containsExactly("admin");

            String dev = idp.issueToken("default", "client", "api", Map.of("grp", "dev")).serialize();
            assertThat(gw.get("/my-app", "Authorization", "Bearer " + dev).statusCode()).isEqualTo(403);
            assertThat(gw.get("/my-app", "Authorization", "Bearer " + Jose.hs256("mysuperlongsecret", "{}")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void resourceDiscoveryExampleFailsClosedUntilItsSecondMiddlewareExists(@TempDir Path dir) throws Exception {
        String text = Files.readString(SharedDir.seed().resolve("03-oauth-resource-discovery.yaml"))
                .replace("https://auth.example.com/.well-known/jwks.json", idp.jwksUrl("default").toString());
        Files.writeString(dir.resolve("03-oauth-resource-discovery.yaml"), text);
        try (KubeGateway gw = KubeGateway.start(staticYaml("directory: " + dir))) {
            String token = idp.issueToken("default", "user-42", "api", Map.of("groups", List.of("readers"))).serialize();
            HttpResponse<String> closed = gw.get("/", "Host", "api.example.com", "Authorization", "Bearer " + token);
            assertThat(closed.statusCode()).as("mcp-gateway is not defined: the route must not run without it").isEqualTo(503);
            assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("Middleware apps/mcp-gateway does not exist"));

            Files.writeString(dir.resolve("04-mcp-gateway.yaml"), """
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata:
                      name: mcp-gateway
                      namespace: apps
                    spec:
                      headers:
                        customRequestHeaders:
                          X-Mcp-Gateway: checked
                    """);
            HttpResponse<String> ok = gw.awaitStatus("/", 200, "Host", "api.example.com", "Authorization", "Bearer " + token);
            JsonObject headers = new JsonObject(ok.body()).getJsonObject("headers");
            assertThat(headers.getJsonArray("x-user-id").getList()).containsExactly("user-42");
            assertThat(headers.getJsonArray("x-mcp-gateway").getList()).containsExactly("checked");
            assertThat(headers.getJsonArray("authorization").getList()).containsExactly("Bearer " + token);

            HttpResponse<String> challenge = gw.get("/", "Host", "api.example.com");
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/mcp-server\"");
        }
    }


    /** The mcp-gateway Middleware of docs/mcp.md, as a reader copies it: the YAML block that defines it. */
    static String mcpGatewayOfTheDocs() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "mcp.md"));
        for (String block : doc.split("```yaml\n")) {
            String yaml = block.substring(0, Math.max(0, block.indexOf("```")));
            if (yaml.contains("kind: Middleware") && yaml.contains("name: mcp-gateway")) {
                return yaml;
            }
        }
        throw new AssertionError("docs/mcp.md has no mcp-gateway Middleware block");
    }

    @Test
    void resourceDiscoveryExampleRunsWithTheMcpGatewayOfTheDocs(@TempDir Path dir) throws Exception {
        String text = Files.readString(SharedDir.seed().resolve("03-oauth-resource-discovery.yaml"))
                .replace("https://auth.example.com/.well-known/jwks.json", idp.jwksUrl("default").toString());
        Files.writeString(dir.resolve("03-oauth-resource-discovery.yaml"), text);
        Files.writeString(dir.resolve("04-mcp-gateway.yaml"), mcpGatewayOfTheDocs());
        try (KubeGateway gw = KubeGateway.start(staticYaml("directory: " + dir))) {
            assertThat(gw.gateway.problems()).isEmpty();
            String host = "api.example.com";
            // Discovery: the 401 names the document, which the gateway serves without a token.
            HttpResponse<String> challenge = post(gw, "/mcp-server", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}");
            assertThat(challenge.statusCode()).isEqualTo(401);
            String metadataUrl = "https://api.example.com/.well-known/oauth-protected-resource/mcp-server";
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata=\"" + metadataUrl + "\"");
            HttpResponse<String> metadata = gw.get("/.well-known/oauth-protected-resource/mcp-server", "Host", host);
            assertThat(metadata.statusCode()).isEqualTo(200);
            JsonObject doc = new JsonObject(metadata.body());
            assertThat(doc.getString("resource")).isEqualTo("https://api.example.com/mcp-server");
            assertThat(doc.getJsonArray("authorization_servers").getList()).containsExactly("https://auth.example.com");

            String agent = idp.issueToken("default", "agent-7", "https://api.example.com/mcp-server",
                    Map.of("allowed_tools", List.of("get_order"), "groups", List.of("support"))).serialize();
            HttpResponse<String> allowed = post(gw, "/mcp-server", agent,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
            JsonObject echoed = new JsonObject(allowed.body());
            assertThat(echoed.getString("body")).contains("get_order");
            assertThat(echoed.getJsonObject("headers").getJsonArray("x-user-id").getList()).containsExactly("agent-7");

            HttpResponse<String> refused = post(gw, "/mcp-server", agent,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(new JsonObject(refused.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32001);

            String otherResource = idp.issueToken("default", "agent-7", "api", Map.of("allowed_tools", List.of("get_order"))).serialize();
            HttpResponse<String> unbound = post(gw, "/mcp-server", otherResource,
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
            assertThat(unbound.statusCode()).isEqualTo(401);
            assertThat(unbound.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer error=\"invalid_token\", resource_metadata=\"" + metadataUrl + "\"");
        }
    }

    private static HttpResponse<String> post(KubeGateway gw, String path, String token, String body) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + gw.gateway.port("websecure") + path))
                .timeout(Duration.ofSeconds(20)).header("Host", "api.example.com").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return KubeGateway.TLS.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
