package io.jwtgate.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.KeycloakServer;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.McpSdk;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
        gw.rewriteDynamic(guideExample(dir));
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

    /**
     * The guide's third example in the file-provider form: {@code oauth-jwt} (Keycloak's key set)
     * then {@code mcp-gateway} on {@code Host(`127.0.0.1`)}. {@code wwwAuthenticate} is left out: the
     * challenge points to the document the mcp middleware serves. One policy allows the tools the
     * token's {@code allowed_tools} lists (with scope {@code mcp:tools}), another everything but
     * {@code tools/call}; the rest is denied. A second router, under {@code /graceful}, has the same
     * policies with {@code gracefulErrors} and is another resource whose tokens Keycloak issues for
     * {@code /mcp}: {@code audiences} accepts them, as for Entra ID's application ids.
     */
    static String guideExample(Path dir) {
        return """
                http:
                  middlewares:
                    oauth-jwt:
                      plugin:
                        jwt:
                          jwksUrl: %1$s
                          forwardAuthorization: true
                          forwardHeaders:
                            X-User-ID: sub
                    mcp-gateway:
                      plugin:
                        mcp:
                          resourceMetadata:
                            resource: %2$s
                            authorizationServers: [%3$s]
                            scopesSupported: [mcp:tools]
                            resourceDocumentation: https://docs.jwtgate.test/mcp
                          policies:
                            - match: Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)
                              action: allow
                              requiredScopes: [mcp:tools]
                            - match: '!Equals(`mcp.method`, `tools/call`)'
                              action: allow
                          defaultAction: deny
                    mcp-graceful:
                      plugin:
                        mcp:
                          resourceMetadata:
                            resource: %5$s
                            authorizationServers: [%3$s]
                            scopesSupported: [mcp:tools]
                          audiences: [%2$s]
                          gracefulErrors: true
                          policies:
                            - match: Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)
                              action: allow
                              requiredScopes: [mcp:tools]
                            - match: '!Equals(`mcp.method`, `tools/call`)'
                              action: allow
                          defaultAction: deny
                  routers:
                    mcp-server:
                      entryPoints: [websecure]
                      rule: Host(`127.0.0.1`)
                      service: mcp-server-service
                      middlewares: [oauth-jwt, mcp-gateway]
                      tls: {}
                    mcp-graceful:
                      entryPoints: [websecure]
                      rule: Host(`127.0.0.1`) && PathPrefix(`/graceful`)
                      service: mcp-server-service
                      middlewares: [oauth-jwt, mcp-graceful]
                      tls: {}
                  services:
                    mcp-server-service:
                      loadBalancer:
                        servers: [{url: "%4$s"}]
                """.formatted(keycloak.jwksUrl(REALM), resource, keycloak.issuer(REALM), mcpServer.url(), gracefulResource()) + tlsOnly(dir);
    }

    static String gracefulResource() {
        return "https://127.0.0.1:" + gw.gateway().port("websecure") + "/graceful/mcp";
    }

    /** Until the MCP route answers 401 to a request without a token (the dynamic file is reloaded). */
    static void awaitRouted() throws Exception {
        HttpClient client = Http.insecureTls(HttpClient.Version.HTTP_1_1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                int status = client.send(HttpRequest.newBuilder(URI.create(resource)).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.toString(); // a loaded machine: try again until the deadline
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the MCP route did not come up (last: " + last + "); problems: " + gw.gateway().problems()
                + "\n" + keycloak.describe());
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
        return plan(resource, clientId, secret, scope, calls);
    }

    static JsonObject plan(String url, String clientId, String secret, String scope, JsonArray calls) {
        JsonObject plan = new JsonObject().put("url", url).put("clientId", clientId).put("clientSecret", secret)
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

        // Keycloak does not implement RFC 8707: the resource parameter changes nothing, the audience mapper decides.
        JsonObject indicated = KeycloakServer.claims(keycloak.clientCredentials(REALM, AGENT, AGENT_SECRET, "mcp:tools",
                "resource", "https://elsewhere.example/mcp").getString("access_token"));
        assertThat(indicated.getValue("aud")).isEqualTo(resource);

        JsonObject other = KeycloakServer.claims(keycloak.accessToken(REALM, OTHER, OTHER_SECRET, "mcp:tools"));
        assertThat(other.getValue("aud")).isEqualTo("https://other.example/api");
        assertThat(other.getJsonArray("allowed_tools")).containsExactly("echo", "whoami");
    }

    /** The messages the SDK server received since {@code before} of them. */
    static List<JsonObject> receivedSince(int before) throws Exception {
        List<JsonObject> all = mcpServer.received();
        return all.subList(before, all.size());
    }

    static HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(resource)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return Http.insecureTls(HttpClient.Version.HTTP_1_1).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"plain-http","version":"1"}}}""";

    // ---- the flow of the issue: discovery, token, initialize, filtered list, allowed and refused calls ----

    @Test
    void theSdkClientDiscoversKeycloakGetsATokenAndOnlyTheAllowedToolsReachTheSdkServer() throws Exception {
        int before = mcpServer.received().size();
        JsonObject report = runClient(plan(AGENT, AGENT_SECRET, "mcp:tools", new JsonArray()
                .add(call("echo", new JsonObject().put("text", "hello through jwtgate")))
                .add(call("whoami", new JsonObject()))
                .add(call("delete_records", new JsonObject().put("table", "customers")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();

        // What the SDK did by itself, from the MCP URL alone.
        assertThat(exchanges(report)).as(pretty).startsWith(
                "POST " + resource + " 401",
                "GET " + metadataUrl + " 200",
                "GET http://127.0.0.1:" + keycloak.port() + "/.well-known/oauth-authorization-server/realms/" + REALM + " 200",
                "POST " + keycloak.tokenEndpoint(REALM) + " 200",
                "POST " + resource + " 200");
        JsonArray fetches = report.getJsonArray("fetches");
        assertThat(fetches.getJsonObject(0).getString("jsonrpc")).isEqualTo("initialize");
        assertThat(fetches.getJsonObject(0).getBoolean("bearer")).isFalse();
        assertThat(fetches.getJsonObject(0).getString("wwwAuthenticate")).as("the JWT middleware's challenge points to the served document")
                .isEqualTo("Bearer resource_metadata=\"" + metadataUrl + "\"");
        assertThat(fetches.getJsonObject(3).getJsonObject("form").getMap()).as("RFC 8707 resource indicator from the metadata")
                .containsEntry("grant_type", "client_credentials").containsEntry("resource", resource).containsEntry("scope", "mcp:tools");
        JsonObject initialize = fetches.getJsonObject(4);
        assertThat(initialize.getString("jsonrpc")).isEqualTo("initialize");
        assertThat(initialize.getBoolean("bearer")).isTrue();
        assertThat(initialize.getString("contentType")).as("Streamable HTTP with server-sent events").startsWith("text/event-stream");
        assertThat(exchanges(report)).as("the session's own event stream and its end").contains(
                "POST " + resource + " 202", "GET " + resource + " 200", "DELETE " + resource + " 200");

        // initialize, tools/list filtered to what allowed_tools lists, the calls.
        assertThat(report.getJsonObject("initialize").getJsonObject("serverInfo").getString("name")).isEqualTo("jwtgate-e2e-tools");
        assertThat(report.getJsonArray("tools")).as("delete_records is not in the token's allowed_tools").containsExactly("echo", "whoami");
        JsonArray calls = report.getJsonArray("calls");
        assertThat(calls.getJsonObject(0).getBoolean("ok")).as(pretty).isTrue();
        assertThat(calls.getJsonObject(0).getString("text")).isEqualTo("echo: hello through jwtgate");
        String sub = KeycloakServer.claims(keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null)).getString("sub");
        assertThat(calls.getJsonObject(1).getString("text")).as("X-User-ID from the verified sub").isEqualTo("user: " + sub);
        JsonObject refused = calls.getJsonObject(2);
        assertThat(refused.getBoolean("ok")).isFalse();
        // Hub's status for a refused call (403) with the JSON-RPC error as body: the SDK reports it as a transport error of that call.
        assertThat(refused.getJsonObject("error").getValue("code")).as(pretty).isEqualTo(403);
        assertThat(refused.getJsonObject("error").getString("message")).contains("\"code\":-32001").contains("Forbidden");

        List<JsonObject> received = receivedSince(before);
        assertThat(received).extracting(r -> r.getString("method") + (r.getString("name") == null ? "" : " " + r.getString("name")))
                .as("the refused call never reached the MCP server")
                .containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call echo", "tools/call whoami");
        assertThat(received).allSatisfy(r -> {
            assertThat(r.getBoolean("authorization")).as("forwardAuthorization: true").isTrue();
            assertThat(r.getString("user")).isEqualTo(sub);
        });
    }

    @Test
    void theServedMetadataDocumentIsBuiltFromTheConfiguration() throws Exception {
        HttpResponse<String> doc = Http.insecureTls(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(URI.create(metadataUrl))
                .header("Host", "attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        // Host(`127.0.0.1`) does not match another Host: the document is served on the router's own host only.
        assertThat(doc.statusCode()).isEqualTo(404);
        doc = Http.insecureTls(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(URI.create(metadataUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(doc.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        JsonObject json = new JsonObject(doc.body());
        assertThat(json.getString("resource")).isEqualTo(resource);
        assertThat(json.getJsonArray("authorization_servers")).containsExactly(keycloak.issuer(REALM).toString());
        assertThat(json.getJsonArray("scopes_supported")).containsExactly("mcp:tools");
        assertThat(json.getJsonArray("bearer_methods_supported")).containsExactly("header");
        assertThat(json.getString("resource_documentation")).isEqualTo("https://docs.jwtgate.test/mcp");
    }

    // ---- audience binding -------------------------------------------------------------------------

    @Test
    void aKeycloakTokenForAnotherAudienceGets401InvalidTokenAndNothingIsForwarded() throws Exception {
        int before = mcpServer.received().size();
        String token = keycloak.accessToken(REALM, OTHER, OTHER_SECRET, "mcp:tools");
        HttpResponse<String> plain = post(token, INITIALIZE);
        assertThat(plain.statusCode()).isEqualTo(401);
        assertThat(plain.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"").contains("resource_metadata=\"" + metadataUrl + "\"");

        // The SDK client with the other service's credentials: discovery and token work, the gateway refuses the token.
        JsonObject report = runClient(plan(OTHER, OTHER_SECRET, "mcp:tools", new JsonArray()));
        String pretty = report.encodePrettily();
        assertThat(report.getJsonObject("error").getString("message")).as(pretty).contains("401 after successful authentication");
        assertThat(exchanges(report)).as(pretty).containsExactly(
                "POST " + resource + " 401",
                "GET " + metadataUrl + " 200",
                "GET http://127.0.0.1:" + keycloak.port() + "/.well-known/oauth-authorization-server/realms/" + REALM + " 200",
                "POST " + keycloak.tokenEndpoint(REALM) + " 200",
                "POST " + resource + " 401");
        JsonObject second = report.getJsonArray("fetches").getJsonObject(4);
        assertThat(second.getBoolean("bearer")).isTrue();
        assertThat(second.getString("wwwAuthenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(receivedSince(before)).as("nothing reached the MCP server").isEmpty();
    }

    // ---- scope challenge ------------------------------------------------------------------------------

    @Test
    void aKeycloakTokenWithoutTheNeededScopeGetsAChallengeNamingIt() throws Exception {
        int before = mcpServer.received().size();
        String unscoped = keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null);
        String initialized = post(unscoped, INITIALIZE).body();
        assertThat(initialized).as("the scope is needed for tools/call only").contains("jwtgate-e2e-tools");
        HttpResponse<String> call = post(unscoped, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}""");
        assertThat(call.statusCode()).isEqualTo(403);
        assertThat(call.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"insufficient_scope\", scope=\"mcp:tools\", resource_metadata=\"" + metadataUrl + "\"");
        assertThat(new JsonObject(call.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32001);

        // The SDK client configured without the scope: it connects, sees no tool it could use, and a call gets the
        // challenge; the SDK (1.32.2) tries once more for a token, but its client-credentials provider asks Keycloak
        // for its configured scope, not the challenge's, so the second answer is the same 403.
        JsonObject report = runClient(plan(AGENT, AGENT_SECRET, null, new JsonArray().add(call("echo", new JsonObject().put("text", "x")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();
        assertThat(report.getJsonArray("tools")).as("every tool needs mcp:tools").isEmpty();
        JsonObject refused = report.getJsonArray("calls").getJsonObject(0);
        assertThat(refused.getJsonObject("error").getValue("code")).as(pretty).isEqualTo(403);
        assertThat(refused.getJsonObject("error").getString("message")).contains("upscoping");
        List<JsonObject> challenged = report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .filter(f -> Integer.valueOf(403).equals(f.getInteger("status"))).toList();
        assertThat(challenged).hasSize(2).allSatisfy(f -> assertThat(f.getString("wwwAuthenticate")).isEqualTo(
                "Bearer error=\"insufficient_scope\", scope=\"mcp:tools\", resource_metadata=\"" + metadataUrl + "\""));
        assertThat(exchanges(report).stream().filter(e -> e.startsWith("POST " + keycloak.tokenEndpoint(REALM)))).hasSize(2);

        assertThat(receivedSince(before)).extracting(r -> r.getString("method")).as("no tools/call reached the MCP server")
                .doesNotContain("tools/call").contains("initialize", "tools/list");
    }

    // ---- gracefulErrors ---------------------------------------------------------------------------

    @Test
    void withGracefulErrorsTheSdkReportsTheRefusedCallAsAnMcpErrorAndTheSessionGoesOn() throws Exception {
        int before = mcpServer.received().size();
        JsonObject report = runClient(plan(gracefulResource(), AGENT, AGENT_SECRET, "mcp:tools", new JsonArray()
                .add(call("delete_records", new JsonObject().put("table", "customers")))
                .add(call("echo", new JsonObject().put("text", "still connected")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();
        assertThat(exchanges(report)).as(pretty).contains("GET https://127.0.0.1:" + gw.gateway().port("websecure")
                + "/.well-known/oauth-protected-resource/graceful/mcp 200");
        JsonObject tokenRequest = report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .filter(f -> f.containsKey("form")).findFirst().orElseThrow();
        assertThat(tokenRequest.getJsonObject("form").getString("resource")).isEqualTo(gracefulResource());
        assertThat(report.getJsonArray("tools")).containsExactly("echo", "whoami");
        JsonObject refused = report.getJsonArray("calls").getJsonObject(0);
        assertThat(refused.getJsonObject("error").getString("kind")).as(pretty).isEqualTo("McpError");
        assertThat(refused.getJsonObject("error").getValue("code")).isEqualTo(-32001);
        assertThat(report.getJsonArray("calls").getJsonObject(1).getString("text")).isEqualTo("echo: still connected");
        assertThat(receivedSince(before)).extracting(r -> r.getString("name")).doesNotContain("delete_records").contains("echo");
    }
}
