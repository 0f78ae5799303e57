package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A gateway in front of a {@link McpBackend}: entry point {@code web}, a JWT middleware (HS256, a
 * test secret) and an {@code mcp} middleware whose options the test gives, on router {@code mcp}
 * ({@code Host(`mcp.example.com`)}). Tokens are minted with {@link #token}; the resource is
 * {@link #RESOURCE}.
 */
final class McpGateway implements AutoCloseable {

    static final String SECRET = "an-mcp-test-secret-of-at-least-32-bytes";
    static final String HOST = "mcp.example.com";
    static final String RESOURCE = "https://mcp.example.com/mcp";

    final McpBackend backend;
    final TestGateway gateway;

    private McpGateway(McpBackend backend, TestGateway gateway) {
        this.backend = backend;
        this.gateway = gateway;
    }

    /** @param mcpOptions the mcp middleware's options as a YAML flow map, e.g. {@code {resourceMetadata: ..., policies: [...]}} */
    static McpGateway start(String mcpOptions) throws Exception {
        return start(mcpOptions, "", TestGateway.builder());
    }

    /** @param jwtExtra more JWT options as flow-map members, e.g. {@code , wwwAuthenticate: https://...} */
    static McpGateway start(String mcpOptions, String jwtExtra, TestGateway.Builder builder) throws Exception {
        McpBackend backend = new McpBackend();
        try {
            TestGateway gw = builder.start(dynamic(mcpOptions, jwtExtra, backend.url()));
            return new McpGateway(backend, gw);
        } catch (Exception e) {
            backend.close();
            throw e;
        }
    }

    static String dynamic(String mcpOptions, String jwtExtra, String backendUrl) {
        return """
                http:
                  middlewares:
                    oauth-jwt: {plugin: {jwt: {signingSecret: "%s", forwardAuthorization: true%s}}}
                    mcp-gateway: {plugin: {mcp: %s}}
                  routers:
                    mcp: {rule: "Host(`%s`)", service: mcp-server, middlewares: [oauth-jwt, mcp-gateway]}
                  services:
                    mcp-server: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, jwtExtra, mcpOptions, HOST, backendUrl);
    }

    /** The usual metadata block, with {@code more} flow-map members appended (e.g. {@code , scopesSupported: [mcp]}). */
    static String metadata(String more) {
        return "resourceMetadata: {resource: \"" + RESOURCE + "\", authorizationServers: [\"https://idp.example.com/realms/mcp\"]" + more + "}";
    }

    /** A token with these claims (a JSON object's members) and {@code aud} the resource unless the claims set one. */
    static String token(String claimsMembers) {
        String members = claimsMembers.isBlank() ? "" : claimsMembers + ",";
        String aud = claimsMembers.contains("\"aud\"") ? "" : "\"aud\":\"" + RESOURCE + "\",";
        return Jose.hs256(SECRET, "{" + members + aud + "\"sub\":\"agent-1\",\"exp\":" + (Jose.now() + 600) + "}");
    }

    URI uri(String path) {
        return gateway.url(path);
    }

    HttpResponse<String> post(String token, String body, String... headers) throws Exception {
        return Http.client().send(request("/mcp", token, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> postStreaming(String token, String body, String... headers) throws Exception {
        return Http.client().send(request("/mcp", token, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> send(String method, String path, String token, String... headers) throws Exception {
        return Http.client().send(request(path, token, headers).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("Host", HOST)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            backend.close();
        }
    }
}
