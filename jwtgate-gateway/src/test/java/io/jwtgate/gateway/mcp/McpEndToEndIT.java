package io.jwtgate.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.KeycloakServer;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.McpSdk;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guide's third example ("JWT with OAuth2 Resource Discovery") end to end with real parts: a
 * real Keycloak issuing client-credentials tokens (audience mapper, scopes, an
 * {@code allowed_tools} claim), the official MCP TypeScript SDK's server behind jwtgate over
 * Streamable HTTP with server-sent events, and the same SDK's client, which is given only the MCP
 * URL and its client credentials and finds everything else itself.
 */
class McpEndToEndIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String REALM = "mcp";
    static final String AGENT = "mcp-agent";
    static final String AGENT_SECRET = "agent-secret-" + Long.toHexString(System.nanoTime());
    static final String OTHER = "other-service";
    static final String OTHER_SECRET = "other-secret-" + Long.toHexString(System.nanoTime());

    static KeycloakServer keycloak;
    static McpSdk sdk;
    static McpSdk.Server mcpServer;
    static Backend metadataStandIn;
    static TestGateway gw;
    static Path caFile;
    static String resource;
    static String metadataUrl;

    @BeforeAll
    static void start() throws Exception {
        long begin = System.nanoTime();
        TlsCertificates.PemPair cert = SelfSignedCertificate.generate("mcp.jwtgate.test", "localhost");
        Path dir = Files.createTempDirectory("mcp-e2e");
        closing.add(() -> TempDirs.delete(dir));
        caFile = Files.writeString(dir.resolve("gateway.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("gateway.key"), cert.keyPem());
        // The gateway first: its port is part of the MCP resource URI that Keycloak puts into aud.
        gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(tlsOnly(dir)));
        resource = "https://127.0.0.1:" + gw.gateway().port("websecure") + "/mcp";
        metadataUrl = "https://127.0.0.1:" + gw.gateway().port("websecure") + "/.well-known/oauth-protected-resource/mcp";
        CompletableFuture<KeycloakServer> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return KeycloakServer.start("keycloak/mcp-realm.json",
                        Map.of("MCP_RESOURCE", resource, "MCP_AGENT_SECRET", AGENT_SECRET, "OTHER_SERVICE_SECRET", OTHER_SECRET));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            sdk = McpSdk.install(); // while Keycloak boots
            mcpServer = closing.add(sdk.startServer());
        } finally {
            keycloak = closing.add(await(starting));
        }
        metadataStandIn = closing.add(Backend.start(req -> req.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("resource", resource)
                        .put("authorization_servers", new JsonArray().add(keycloak.issuer(REALM).toString()))
                        .put("scopes_supported", new JsonArray().add("mcp:tools"))
                        .put("bearer_methods_supported", new JsonArray().add("header")).encode())));
        gw.rewriteDynamic(jwtOnly(dir));
        awaitRouted();
        assertThat(gw.gateway().problems()).isEmpty();
        System.out.printf("McpEndToEndIT: Keycloak %s started in %d ms; everything ready in %d ms%n",
                System.getProperty("jwtgate.test.keycloakVersion"), keycloak.startupTime().toMillis(),
                Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    static String tlsOnly(Path dir) {
        return """
                tls:
                  stores:
                    default:
                      defaultCertificate: {certFile: "%s", keyFile: "%s"}
                """.formatted(dir.resolve("gateway.pem"), dir.resolve("gateway.key"));
    }

    /** The guide's third example with the JWT middleware alone; the metadata comes from a stand-in backend. */
    static String jwtOnly(Path dir) {
        return """
                http:
                  middlewares:
                    oauth-jwt:
                      plugin:
                        jwt:
                          jwksUrl: %s
                          wwwAuthenticate: %s
                          forwardAuthorization: true
                          forwardHeaders:
                            X-User-ID: sub
                  routers:
                    mcp-server:
                      entryPoints: [websecure]
                      rule: Host(`127.0.0.1`)
                      service: mcp-server-service
                      middlewares: [oauth-jwt]
                      tls: {}
                    metadata-stand-in:
                      entryPoints: [websecure]
                      rule: Host(`127.0.0.1`) && PathPrefix(`/.well-known/oauth-protected-resource`)
                      service: metadata
                      tls: {}
                  services:
                    mcp-server-service:
                      loadBalancer:
                        servers: [{url: "%s"}]
                    metadata:
                      loadBalancer:
                        servers: [{url: "%s"}]
                """.formatted(keycloak.jwksUrl(REALM), metadataUrl, mcpServer.url(), metadataStandIn.url()) + tlsOnly(dir);
    }

    static void awaitRouted() throws Exception {
        HttpClient client = Http.insecureTls(HttpClient.Version.HTTP_1_1);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = client.send(HttpRequest.newBuilder(URI.create(resource)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the MCP route did not come up (last status " + status + ")");
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    static JsonObject plan(String clientId, String secret, String scope, JsonArray calls) {
        JsonObject plan = new JsonObject().put("url", resource).put("clientId", clientId).put("clientSecret", secret)
                .put("issuer", keycloak.issuer(REALM).toString()).put("calls", calls);
        return scope == null ? plan : plan.put("scope", scope);
    }

    static JsonObject call(String name, JsonObject arguments) {
        return new JsonObject().put("name", name).put("arguments", arguments);
    }

    static JsonObject runClient(JsonObject plan) throws Exception {
        long begin = System.nanoTime();
        JsonObject report = sdk.runClient(plan, Map.of("NODE_EXTRA_CA_CERTS", caFile.toString()));
        System.out.printf("McpEndToEndIT: one SDK client run took %d ms%n", Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return report;
    }

    /** "METHOD url status" of each HTTP exchange the SDK made, in order. */
    static List<String> exchanges(JsonObject report) {
        return report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .map(f -> f.getString("method") + " " + f.getString("url") + " " + f.getInteger("status")).toList();
    }

    // ---- Keycloak as the test configured it ------------------------------------------------------

    @Test
    void keycloakIssuesClientCredentialsTokensForTheMcpResourceWithScopeAndToolClaim() throws Exception {
        JsonObject agent = KeycloakServer.claims(keycloak.accessToken(REALM, AGENT, AGENT_SECRET, "mcp:tools"));
        assertThat(agent.getString("iss")).isEqualTo(keycloak.issuer(REALM).toString());
        assertThat(agent.getValue("aud")).isEqualTo(resource);
        assertThat(agent.getString("scope")).isEqualTo("mcp:tools");
        assertThat(agent.getJsonArray("allowed_tools")).containsExactly("echo", "whoami");
        assertThat(agent.getString("sub")).isNotBlank();

        JsonObject unscoped = KeycloakServer.claims(keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null));
        assertThat(unscoped.getString("scope", "")).doesNotContain("mcp:tools");

        JsonObject other = KeycloakServer.claims(keycloak.accessToken(REALM, OTHER, OTHER_SECRET, "mcp:tools"));
        assertThat(other.getValue("aud")).isEqualTo("https://other.example/api");
        assertThat(other.getJsonArray("allowed_tools")).containsExactly("echo", "whoami");
    }

    // ---- the JWT middleware alone (what the mcp middleware adds is shown below) ----------------------

    @Test
    void theSdkClientFindsKeycloakFromThe401AndReachesTheSdkServerThroughTheJwtRoute() throws Exception {
        int before = mcpServer.received().size();
        JsonObject report = runClient(plan(AGENT, AGENT_SECRET, "mcp:tools", new JsonArray()
                .add(call("echo", new JsonObject().put("text", "hello")))
                .add(call("whoami", new JsonObject()))));
        assertThat(report.getValue("error")).as(report.encodePrettily()).isNull();
        String kc = "http://127.0.0.1:" + keycloak.port();
        assertThat(exchanges(report)).as(report.encodePrettily()).startsWith(
                "POST " + resource + " 401",
                "GET " + metadataUrl + " 200",
                "GET " + kc + "/.well-known/oauth-authorization-server/realms/" + REALM + " 200",
                "POST " + keycloak.tokenEndpoint(REALM) + " 200",
                "POST " + resource + " 200");
        JsonObject challenge = report.getJsonArray("fetches").getJsonObject(0);
        assertThat(challenge.getString("wwwAuthenticate")).isEqualTo("Bearer resource_metadata=\"" + metadataUrl + "\"");
        JsonObject tokenRequest = report.getJsonArray("fetches").getJsonObject(3);
        assertThat(tokenRequest.getJsonObject("form").getMap())
                .containsEntry("grant_type", "client_credentials").containsEntry("resource", resource).containsEntry("scope", "mcp:tools");
        JsonObject initialize = report.getJsonArray("fetches").getJsonObject(4);
        assertThat(initialize.getString("jsonrpc")).isEqualTo("initialize");
        assertThat(initialize.getBoolean("bearer")).isTrue();
        assertThat(initialize.getString("contentType")).startsWith("text/event-stream");

        assertThat(report.getJsonObject("initialize").getJsonObject("serverInfo").getString("name")).isEqualTo("jwtgate-e2e-tools");
        assertThat(report.getJsonArray("tools")).as("no mcp middleware: nothing is filtered").containsExactly("echo", "whoami", "delete_records");
        JsonArray calls = report.getJsonArray("calls");
        assertThat(calls.getJsonObject(0).getString("text")).isEqualTo("echo: hello");
        String sub = KeycloakServer.claims(keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null)).getString("sub");
        assertThat(calls.getJsonObject(1).getString("text")).as("X-User-ID from the verified sub").isEqualTo("user: " + sub);

        List<JsonObject> received = mcpServer.received().subList(before, mcpServer.received().size());
        assertThat(received).extracting(r -> r.getString("method")).contains("initialize", "tools/list", "tools/call");
        assertThat(received).allSatisfy(r -> {
            assertThat(r.getBoolean("authorization")).as("forwardAuthorization: true").isTrue();
            assertThat(r.getString("user")).isEqualTo(sub);
        });
    }
}
