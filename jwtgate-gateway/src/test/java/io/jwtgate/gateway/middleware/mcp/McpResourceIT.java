package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resource-server duties on an MCP route: audience binding, scope challenges (the JWT
 * middleware's included), and the protected-resource metadata document served ahead of the chain.
 */
class McpResourceIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String METADATA_URL = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
    static McpGateway mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpGateway.start("{" + McpGateway.metadata(", scopesSupported: [\"mcp:connect\", \"tools:call\"],"
                + " resourceDocumentation: https://docs.example.com/mcp, resourceName: Orders MCP") + """
                , requiredScopes: ["mcp:connect", offline_access],
                  audiences: [11111111-1111-1111-1111-111111111111],
                  policies: [{match: "Equals(`mcp.method`, `tools/call`)", action: allow, requiredScopes: ["tools:call"]},
                             {match: "!Equals(`mcp.method`, `tools/call`)", action: allow}]}""", "",
                TestGateway.builder().entryPoint("other", "")));
        assertThat(mcp.gateway.gateway().problems()).isEmpty();
    }

    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @ParameterizedTest(name = "aud {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            '"https://mcp.example.com/mcp"'                          | 200
            '"HTTPS://MCP.Example.com:443/mcp/"'                     | 200
            '["https://other.example.com", "https://mcp.example.com/mcp"]' | 200
            '"11111111-1111-1111-1111-111111111111"'                 | 200
            '"https://other.example.com/mcp"'                        | 401
            '"https://mcp.example.com/mcp/tools"'                    | 401
            '"https://mcp.example.com"'                              | 401
            '"https://mcp.example.com/MCP"'                          | 401
            '"http://mcp.example.com/mcp"'                           | 401
            '"11111111-1111-1111-1111-11111111111X"'                 | 401
            '[]'                                                     | 401
            '7'                                                      | 401
            '{"uri":"https://mcp.example.com/mcp"}'                  | 401
            """)
    void theTokenMustBeIssuedForThisResource(String aud, int status) throws Exception {
        int before = mcp.backend.posted().size();
        HttpResponse<String> r = mcp.post(McpGateway.token("\"aud\":" + aud + ",\"scope\":\"mcp:connect\""), CALL);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer error=\"invalid_token\", scope=\"mcp:connect\", resource_metadata=\"" + METADATA_URL + "\"");
            assertThat(mcp.backend.posted()).as("nothing forwarded").hasSize(before);
        }
    }

    @Test
    void aTokenWithoutAudIsRefused() throws Exception {
        String token = io.jwtgate.gateway.support.Jose.hs256(McpGateway.SECRET,
                "{\"sub\":\"a\",\"scope\":\"mcp:connect\",\"exp\":" + (io.jwtgate.gateway.support.Jose.now() + 60) + "}");
        assertThat(mcp.post(token, CALL).statusCode()).isEqualTo(401);
    }

    @Test
    void theJwtMiddlewaresChallengesPointToTheServedDocumentAndListTheRouteScopes() throws Exception {
        HttpResponse<String> none = mcp.post(null, CALL);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer scope=\"mcp:connect\", resource_metadata=\"" + METADATA_URL + "\"");
        HttpResponse<String> bad = mcp.post("not.a.token", CALL);
        assertThat(bad.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"invalid_token\", scope=\"mcp:connect\", resource_metadata=\"" + METADATA_URL + "\"");
    }

    @Test
    void theRouteScopesAreNeededForEveryRequestAndAskedForInOneChallenge() throws Exception {
        HttpResponse<String> r = mcp.post(McpGateway.token("\"scope\":\"openid\""), CALL);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp:connect\", resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(mcp.send("GET", "/mcp", McpGateway.token("\"scope\":\"openid\"")).statusCode()).isEqualTo(403);

        HttpResponse<String> call = mcp.post(McpGateway.token("\"scope\":\"mcp:connect offline_access\""),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
        assertThat(call.statusCode()).isEqualTo(403);
        assertThat(call.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp:connect tools:call\", resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(new JsonObject(call.body()).getJsonObject("error").getString("message")).contains("mcp:connect tools:call");
        assertThat(mcp.post(McpGateway.token("\"scope\":\"mcp:connect tools:call offline_access\""),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}").statusCode()).isEqualTo(200);
    }

    @Test
    void theDocumentIsServedFromTheConfigurationWithoutAToken() throws Exception {
        for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/mcp/",
                "/.well-known/oauth-protected-resource"}) {
            HttpResponse<String> r = mcp.send("GET", path, null, "Origin", "https://inspector.example");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            JsonObject doc = new JsonObject(r.body());
            assertThat(doc.getString("resource")).isEqualTo(McpGateway.RESOURCE);
            assertThat(doc.getJsonArray("authorization_servers").getList()).containsExactly("https://idp.example.com/realms/mcp");
            assertThat(doc.getJsonArray("scopes_supported").getList()).containsExactly("mcp:connect", "tools:call");
            assertThat(doc.getJsonArray("bearer_methods_supported").getList()).containsExactly("header");
            assertThat(doc.getString("resource_documentation")).isEqualTo("https://docs.example.com/mcp");
            assertThat(doc.getString("resource_name")).isEqualTo("Orders MCP");
        }
        assertThat(mcp.backend.received).noneMatch(r -> r.method().equals("GET") && r.headers().get("Accept") != null
                && r.headers().get("Accept").contains("json") && r.headers().contains("Origin"));
    }

    @Test
    void headPreflightAndOtherMethods() throws Exception {
        String path = "/.well-known/oauth-protected-resource/mcp";
        HttpResponse<String> head = mcp.send("HEAD", path, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length").orElse(0)).isGreaterThan(50);

        HttpResponse<String> preflight = mcp.send("OPTIONS", path, null, "Origin", "https://inspector.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "mcp-protocol-version");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("mcp-protocol-version");
        HttpResponse<String> odd = mcp.send("OPTIONS", path, null, "Access-Control-Request-Headers", "a b\"c");
        assertThat(odd.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();

        HttpResponse<String> post = mcp.send("POST", path, null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void onlyTheMetadataPathsAreServedAndOnlyWhereTheRouterServes() throws Exception {
        assertThat(mcp.send("GET", "/.well-known/oauth-protected-resource/other", null).statusCode())
                .as("another path goes through the chain").isEqualTo(401);
        HttpResponse<String> otherHost = Http.client().send(HttpRequest.newBuilder(mcp.uri("/.well-known/oauth-protected-resource/mcp"))
                .header("Host", "evil.example").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherHost.statusCode()).as("the router's Host rule applies").isEqualTo(404);
        URI otherEntryPoint = mcp.gateway.url("other", "/.well-known/oauth-protected-resource/mcp");
        HttpResponse<String> elsewhere = Http.client().send(HttpRequest.newBuilder(otherEntryPoint).header("Host", McpGateway.HOST)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).as("every entry point of the router, here all").isEqualTo(200);
    }

    @Test
    void theDocumentNeverReflectsTheHostAndFollowsARouteWithAPath() throws Exception {
        try (Backend backend = Backend.echo("mcp"); TestGateway gw = TestGateway.builder().entryPoint("other", "").start("""
                http:
                  middlewares:
                    jwt: {plugin: {jwt: {signingSecret: "%s", wwwAuthenticate: "https://api.example.com/.well-known/oauth-protected-resource/tools/mcp"}}}
                    m: {plugin: {mcp: {resourceMetadata: {resource: "https://api.example.com/tools/mcp", authorizationServers: [https://idp.example.com]},
                                       requiredScopes: [mcp]}}}
                    orphan: {plugin: {mcp: {resourceMetadata: {resource: "https://api.example.com/orphan", authorizationServers: [https://idp.example.com]}}}}
                  routers:
                    any-host: {rule: "PathPrefix(`/tools`)", entryPoints: [web], service: b, middlewares: [jwt, m]}
                    no-jwt: {rule: "PathPrefix(`/orphan`)", service: b, middlewares: [orphan]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(McpGateway.SECRET, backend.url()))) {
            HttpResponse<String> r = Http.get(gw.url("/.well-known/oauth-protected-resource/tools/mcp"), "Host", "evil.example", "X-Forwarded-Host", "evil.example");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"resource\":\"https://api.example.com/tools/mcp\"").doesNotContain("evil");
            assertThat(Http.get(gw.url("other", "/.well-known/oauth-protected-resource/tools/mcp")).statusCode())
                    .as("not on an entry point the router is not on").isEqualTo(404);
            HttpResponse<String> challenge = Http.get(gw.url("/tools/mcp"));
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).as("the JWT middleware's own URL is kept, the route's scopes added")
                    .hasValue("Bearer scope=\"mcp\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/tools/mcp\"");

            assertThat(Http.get(gw.url("/orphan")).statusCode()).as("an mcp middleware without a JWT middleware before it").isEqualTo(503);
            assertThat(gw.gateway().problems()).anyMatch(p -> p.contains("put a plugin.jwt (or plugin.oAuthIntrospection) middleware before it"));
            assertThat(Http.get(gw.url("/.well-known/oauth-protected-resource/orphan")).statusCode()).isEqualTo(404);
        }
    }
}
