package io.jwtgate.gateway.mcp;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.KeycloakServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The guide's third example deployed with real parts, for {@link McpEndToEndIT}: Keycloak (realm
 * {@code keycloak/mcp-realm.json}), the MCP SDK's server, and a gateway with entry point
 * {@code websecure} (a certificate the SDK client trusts) routing {@code Host(`127.0.0.1`)} through
 * {@code oauth-jwt} and {@code mcp-gateway} to it; and the SDK's client, run against it.
 */
final class McpDeployment implements AutoCloseable {

    static final String REALM = "mcp";
    static final String AGENT = "mcp-agent";
    static final String AGENT_SECRET = "agent-secret-" + Long.toHexString(System.nanoTime());
    static final String OTHER = "other-service";
    static final String OTHER_SECRET = "other-secret-" + Long.toHexString(System.nanoTime());

    /** A plain initialize request, for the tests that send JSON-RPC without the SDK. */
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"plain-http","version":"1"}}}""";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Path dir;
    final TestGateway gateway;
    final String resource;
    final String metadataUrl;
    KeycloakServer keycloak;
    McpSdk sdk;
    McpSdk.Server server;

    private McpDeployment(Path dir, TestGateway gateway) {
        this.dir = dir;
        this.gateway = gateway;
        parts.add(gateway);
        int port = gateway.gateway().port("websecure");
        this.resource = "https://127.0.0.1:" + port + "/mcp";
        this.metadataUrl = "https://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp";
    }

    /** Starts everything; what started is closed again when a later part fails. */
    static McpDeployment start() throws Exception {
        long begin = System.nanoTime();
        TlsCertificates.PemPair cert = SelfSignedCertificate.generate("mcp.jwtgate.test", "localhost");
        Path dir = Files.createTempDirectory("mcp-e2e");
        Files.writeString(dir.resolve("gateway.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("gateway.key"), cert.keyPem());
        // The gateway first: its port is part of the MCP resource URI that Keycloak puts into aud.
        McpDeployment d = new McpDeployment(dir, TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(tlsOnly(dir)));
        try {
            d.startParts();
        } catch (Throwable e) {
            d.close();
            throw e;
        }
        System.out.printf("McpEndToEndIT: Keycloak %s started in %d ms; everything ready in %d ms%n",
                System.getProperty("jwtgate.test.keycloakVersion"), d.keycloak.startupTime().toMillis(),
                Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return d;
    }

    private void startParts() throws Exception {
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
            server = sdk.startServer();
            parts.add(server);
        } finally {
            keycloak = await(starting);
            parts.add(keycloak);
        }
        gateway.rewriteDynamic(guideExample(dir));
        awaitRouted();
        if (!gateway.gateway().problems().isEmpty()) {
            throw new IllegalStateException("the gateway has problems: " + gateway.gateway().problems());
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable part : parts.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        TempDirs.delete(dir);
        if (failure != null) {
            throw failure;
        }
    }

    private static String tlsOnly(Path dir) {
        return """
                tls:
                  stores:
                    default:
                      defaultCertificate: {certFile: "%s", keyFile: "%s"}
                """.formatted(dir.resolve("gateway.pem"), dir.resolve("gateway.key"));
    }

    /** The policies of both mcp middlewares: the tools the token lists, with scope mcp:tools; everything but tools/call. */
    private static final String POLICIES = """
            policies:
              - match: Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)
                action: allow
                requiredScopes: [mcp:tools]
              - match: '!Equals(`mcp.method`, `tools/call`)'
                action: allow
            defaultAction: deny
            """;

    /**
     * The guide's third example in the file-provider form: {@code oauth-jwt} (Keycloak's key set)
     * then {@code mcp-gateway} on {@code Host(`127.0.0.1`)}. {@code wwwAuthenticate} is left out: the
     * challenge points to the document the mcp middleware serves. One policy allows the tools the
     * token's {@code allowed_tools} lists (with scope {@code mcp:tools}), another everything but
     * {@code tools/call}; the rest is denied. A second router, under {@code /graceful}, has the same
     * policies with {@code gracefulErrors} and is another resource whose tokens Keycloak issues for
     * {@code /mcp}: {@code audiences} accepts them, as for Entra ID's application ids.
     */
    private String guideExample(Path dir) {
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
                          %6$s
                    mcp-graceful:
                      plugin:
                        mcp:
                          resourceMetadata:
                            resource: %5$s
                            authorizationServers: [%3$s]
                            scopesSupported: [mcp:tools]
                          audiences: [%2$s]
                          gracefulErrors: true
                          %6$s
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
                """.formatted(keycloak.jwksUrl(REALM), resource, keycloak.issuer(REALM), server.url(), gracefulResource(),
                POLICIES.strip().replace("\n", "\n" + " ".repeat(10))) + tlsOnly(dir);
    }

    String gracefulResource() {
        return "https://127.0.0.1:" + gateway.gateway().port("websecure") + "/graceful/mcp";
    }

    /** Until the MCP route answers 401 to a request without a token (the dynamic file is reloaded). */
    private void awaitRouted() throws Exception {
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
        throw new AssertionError("the MCP route did not come up (last: " + last + "); problems: " + gateway.gateway().problems()
                + "\n" + keycloak.describe());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
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

    JsonObject plan(String clientId, String secret, String scope, JsonArray calls) {
        return plan(resource, clientId, secret, scope, calls);
    }

    JsonObject plan(String url, String clientId, String secret, String scope, JsonArray calls) {
        JsonObject plan = new JsonObject().put("url", url).put("clientId", clientId).put("clientSecret", secret)
                .put("issuer", keycloak.issuer(REALM).toString()).put("calls", calls);
        return scope == null ? plan : plan.put("scope", scope);
    }

    static JsonObject call(String name, JsonObject arguments) {
        return new JsonObject().put("name", name).put("arguments", arguments);
    }

    JsonObject runClient(JsonObject plan) throws Exception {
        long begin = System.nanoTime();
        JsonObject report = sdk.runClient(plan, Map.of("NODE_EXTRA_CA_CERTS", dir.resolve("gateway.pem").toString()));
        System.out.printf("McpEndToEndIT: one SDK client run took %d ms%n", Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return report;
    }

    /** "METHOD url status" of each HTTP exchange the SDK made, in order. */
    static List<String> exchanges(JsonObject report) {
        return report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .map(f -> f.getString("method") + " " + f.getString("url") + " " + f.getInteger("status")).toList();
    }

    /**
     * What the SDK client does by itself from the MCP URL alone, as {@link #exchanges} lists it: the
     * 401, the metadata document, Keycloak's RFC 8414 metadata (path-inserted form), the token
     * request; then {@code retried}, the first request again with the token.
     */
    String[] discoveryThen(String retried) {
        return new String[] {
            "POST " + resource + " 401",
            "GET " + metadataUrl + " 200",
            "GET http://127.0.0.1:" + keycloak.port() + "/.well-known/oauth-authorization-server/realms/" + REALM + " 200",
            "POST " + keycloak.tokenEndpoint(REALM) + " 200",
            retried};
    }

    /** The messages the SDK server received since {@code before} of them. */
    List<JsonObject> receivedSince(int before) throws Exception {
        List<JsonObject> all = server.received();
        return all.subList(before, all.size());
    }

    HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(resource)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return Http.insecureTls(HttpClient.Version.HTTP_1_1).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
