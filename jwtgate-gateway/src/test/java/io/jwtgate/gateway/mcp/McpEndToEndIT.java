package io.jwtgate.gateway.mcp;

import static io.jwtgate.gateway.mcp.McpDeployment.AGENT;
import static io.jwtgate.gateway.mcp.McpDeployment.AGENT_SECRET;
import static io.jwtgate.gateway.mcp.McpDeployment.INITIALIZE;
import static io.jwtgate.gateway.mcp.McpDeployment.OTHER;
import static io.jwtgate.gateway.mcp.McpDeployment.OTHER_SECRET;
import static io.jwtgate.gateway.mcp.McpDeployment.REALM;
import static io.jwtgate.gateway.mcp.McpDeployment.call;
import static io.jwtgate.gateway.mcp.McpDeployment.exchanges;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.KeycloakServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guide's third example ("JWT with OAuth2 Resource Discovery") end to end with real parts
 * ({@link McpDeployment}): a real Keycloak issuing client-credentials tokens (audience mapper,
 * scopes, an {@code allowed_tools} claim), the official MCP TypeScript SDK's server behind jwtgate
 * over Streamable HTTP with server-sent events, and the same SDK's client, which is given only the
 * MCP URL and its client credentials and finds everything else itself.
 */
class McpEndToEndIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static McpDeployment mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpDeployment.start());
    }

    // ---- Keycloak as the test configured it ------------------------------------------------------

    @Test
    void keycloakIssuesClientCredentialsTokensForTheMcpResourceWithScopeAndToolClaim() throws Exception {
        JsonObject agent = KeycloakServer.claims(mcp.keycloak.accessToken(REALM, AGENT, AGENT_SECRET, "mcp:tools"));
        assertThat(agent.getString("iss")).isEqualTo(mcp.keycloak.issuer(REALM).toString());
        assertThat(agent.getValue("aud")).isEqualTo(mcp.resource);
        assertThat(agent.getString("scope")).isEqualTo("mcp:tools");
        assertThat(agent.getJsonArray("allowed_tools")).containsExactly("echo", "whoami");
        assertThat(agent.getString("sub")).isNotBlank();

        JsonObject unscoped = KeycloakServer.claims(mcp.keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null));
        assertThat(unscoped.getString("scope", "")).doesNotContain("mcp:tools");

        // Keycloak does not implement RFC 8707: the resource parameter changes nothing, the audience mapper decides.
        JsonObject indicated = KeycloakServer.claims(mcp.keycloak.clientCredentials(REALM, AGENT, AGENT_SECRET, "mcp:tools",
                "resource", "https://elsewhere.example/mcp").getString("access_token"));
        assertThat(indicated.getValue("aud")).isEqualTo(mcp.resource);

        JsonObject other = KeycloakServer.claims(mcp.keycloak.accessToken(REALM, OTHER, OTHER_SECRET, "mcp:tools"));
        assertThat(other.getValue("aud")).isEqualTo("https://other.example/api");
        assertThat(other.getJsonArray("allowed_tools")).containsExactly("echo", "whoami");
    }

    // ---- the flow of the issue: discovery, token, initialize, filtered list, allowed and refused calls ----

    @Test
    void theSdkClientDiscoversKeycloakGetsATokenAndOnlyTheAllowedToolsReachTheSdkServer() throws Exception {
        int before = mcp.server.received().size();
        JsonObject report = mcp.runClient(mcp.plan(AGENT, AGENT_SECRET, "mcp:tools", new JsonArray()
                .add(call("echo", new JsonObject().put("text", "hello through jwtgate")))
                .add(call("whoami", new JsonObject()))
                .add(call("delete_records", new JsonObject().put("table", "customers")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();

        // What the SDK did by itself, from the MCP URL alone.
        assertThat(exchanges(report)).as(pretty).startsWith(mcp.discoveryThen("POST " + mcp.resource + " 200"));
        JsonArray fetches = report.getJsonArray("fetches");
        assertThat(fetches.getJsonObject(0).getString("jsonrpc")).isEqualTo("initialize");
        assertThat(fetches.getJsonObject(0).getBoolean("bearer")).isFalse();
        assertThat(fetches.getJsonObject(0).getString("wwwAuthenticate")).as("the JWT middleware's challenge points to the served document")
                .isEqualTo("Bearer resource_metadata=\"" + mcp.metadataUrl + "\"");
        assertThat(fetches.getJsonObject(3).getJsonObject("form").getMap()).as("RFC 8707 resource indicator from the metadata")
                .containsEntry("grant_type", "client_credentials").containsEntry("resource", mcp.resource).containsEntry("scope", "mcp:tools");
        JsonObject initialize = fetches.getJsonObject(4);
        assertThat(initialize.getString("jsonrpc")).isEqualTo("initialize");
        assertThat(initialize.getBoolean("bearer")).isTrue();
        assertThat(initialize.getString("contentType")).as("Streamable HTTP with server-sent events").startsWith("text/event-stream");
        assertThat(exchanges(report)).as("the session's own event stream and its end").contains(
                "POST " + mcp.resource + " 202", "DELETE " + mcp.resource + " 200");
        // The event stream carries no event in this flow, so its head may still be on its way when the client reports
        // (null); what must never happen is a refusal.
        assertThat(exchanges(report)).as(pretty).filteredOn(e -> e.startsWith("GET " + mcp.resource + " "))
                .isNotEmpty().allMatch(e -> e.endsWith(" 200") || e.endsWith(" null"));

        // initialize, tools/list filtered to what allowed_tools lists, the calls.
        assertThat(report.getJsonObject("initialize").getJsonObject("serverInfo").getString("name")).isEqualTo("jwtgate-e2e-tools");
        assertThat(report.getJsonArray("tools")).as("delete_records is not in the token's allowed_tools").containsExactly("echo", "whoami");
        JsonArray calls = report.getJsonArray("calls");
        assertThat(calls.getJsonObject(0).getBoolean("ok")).as(pretty).isTrue();
        assertThat(calls.getJsonObject(0).getString("text")).isEqualTo("echo: hello through jwtgate");
        String sub = KeycloakServer.claims(mcp.keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null)).getString("sub");
        assertThat(calls.getJsonObject(1).getString("text")).as("X-User-ID from the verified sub").isEqualTo("user: " + sub);
        JsonObject refused = calls.getJsonObject(2);
        assertThat(refused.getBoolean("ok")).isFalse();
        // Hub's status for a refused call (403) with the JSON-RPC error as body: the SDK reports it as a transport error of that call.
        assertThat(refused.getJsonObject("error").getValue("code")).as(pretty).isEqualTo(403);
        assertThat(refused.getJsonObject("error").getString("message")).contains("\"code\":-32001").contains("Forbidden");

        List<JsonObject> received = mcp.receivedSince(before);
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
        HttpResponse<String> doc = Http.insecureTls(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(URI.create(mcp.metadataUrl))
                .header("Host", "attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        // Host(`127.0.0.1`) does not match another Host: the document is served on the router's own host only.
        assertThat(doc.statusCode()).isEqualTo(404);
        doc = Http.insecureTls(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(URI.create(mcp.metadataUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(doc.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        JsonObject json = new JsonObject(doc.body());
        assertThat(json.getString("resource")).isEqualTo(mcp.resource);
        assertThat(json.getJsonArray("authorization_servers")).containsExactly(mcp.keycloak.issuer(REALM).toString());
        assertThat(json.getJsonArray("scopes_supported")).containsExactly("mcp:tools");
        assertThat(json.getJsonArray("bearer_methods_supported")).containsExactly("header");
        assertThat(json.getString("resource_documentation")).isEqualTo("https://docs.jwtgate.test/mcp");
    }

    // ---- audience binding -------------------------------------------------------------------------

    @Test
    void aKeycloakTokenForAnotherAudienceGets401InvalidTokenAndNothingIsForwarded() throws Exception {
        int before = mcp.server.received().size();
        String token = mcp.keycloak.accessToken(REALM, OTHER, OTHER_SECRET, "mcp:tools");
        HttpResponse<String> plain = mcp.post(token, INITIALIZE);
        assertThat(plain.statusCode()).isEqualTo(401);
        assertThat(plain.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"").contains("resource_metadata=\"" + mcp.metadataUrl + "\"");

        // The SDK client with the other service's credentials: discovery and token work, the gateway refuses the token.
        JsonObject report = mcp.runClient(mcp.plan(OTHER, OTHER_SECRET, "mcp:tools", new JsonArray()));
        String pretty = report.encodePrettily();
        assertThat(report.getJsonObject("error").getString("message")).as(pretty).contains("401 after successful authentication");
        assertThat(exchanges(report)).as(pretty).containsExactly(mcp.discoveryThen("POST " + mcp.resource + " 401"));
        JsonObject second = report.getJsonArray("fetches").getJsonObject(4);
        assertThat(second.getBoolean("bearer")).isTrue();
        assertThat(second.getString("wwwAuthenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(mcp.receivedSince(before)).as("nothing reached the MCP server").isEmpty();
    }

    // ---- scope challenge ------------------------------------------------------------------------------

    @Test
    void aKeycloakTokenWithoutTheNeededScopeGetsAChallengeNamingIt() throws Exception {
        int before = mcp.server.received().size();
        String unscoped = mcp.keycloak.accessToken(REALM, AGENT, AGENT_SECRET, null);
        String initialized = mcp.post(unscoped, INITIALIZE).body();
        assertThat(initialized).as("the scope is needed for tools/call only").contains("jwtgate-e2e-tools");
        HttpResponse<String> call = mcp.post(unscoped, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}""");
        assertThat(call.statusCode()).isEqualTo(403);
        assertThat(call.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"insufficient_scope\", scope=\"mcp:tools\", resource_metadata=\"" + mcp.metadataUrl + "\"");
        assertThat(new JsonObject(call.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32001);

        // The SDK client configured without the scope: it connects, sees no tool it could use, and a call gets the
        // challenge; the SDK (1.32.2) tries once more for a token, but its client-credentials provider asks Keycloak
        // for its configured scope, not the challenge's, so the second answer is the same 403.
        JsonObject report = mcp.runClient(mcp.plan(AGENT, AGENT_SECRET, null, new JsonArray().add(call("echo", new JsonObject().put("text", "x")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();
        assertThat(report.getJsonArray("tools")).as("every tool needs mcp:tools").isEmpty();
        JsonObject refused = report.getJsonArray("calls").getJsonObject(0);
        assertThat(refused.getJsonObject("error").getValue("code")).as(pretty).isEqualTo(403);
        assertThat(refused.getJsonObject("error").getString("message")).contains("upscoping");
        List<JsonObject> challenged = report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .filter(f -> Integer.valueOf(403).equals(f.getInteger("status"))).toList();
        assertThat(challenged).hasSize(2).allSatisfy(f -> assertThat(f.getString("wwwAuthenticate")).isEqualTo(
                "Bearer error=\"insufficient_scope\", scope=\"mcp:tools\", resource_metadata=\"" + mcp.metadataUrl + "\""));
        assertThat(exchanges(report).stream().filter(e -> e.startsWith("POST " + mcp.keycloak.tokenEndpoint(REALM)))).hasSize(2);

        assertThat(mcp.receivedSince(before)).extracting(r -> r.getString("method")).as("no tools/call reached the MCP server")
                .doesNotContain("tools/call").contains("initialize", "tools/list");
    }

    // ---- gracefulErrors ---------------------------------------------------------------------------

    @Test
    void withGracefulErrorsTheSdkReportsTheRefusedCallAsAnMcpErrorAndTheSessionGoesOn() throws Exception {
        int before = mcp.server.received().size();
        JsonObject report = mcp.runClient(mcp.plan(mcp.gracefulResource(), AGENT, AGENT_SECRET, "mcp:tools", new JsonArray()
                .add(call("delete_records", new JsonObject().put("table", "customers")))
                .add(call("echo", new JsonObject().put("text", "still connected")))));
        String pretty = report.encodePrettily();
        assertThat(report.getValue("error")).as(pretty).isNull();
        assertThat(exchanges(report)).as(pretty).contains("GET https://127.0.0.1:" + mcp.gateway.gateway().port("websecure")
                + "/.well-known/oauth-protected-resource/graceful/mcp 200");
        JsonObject tokenRequest = report.getJsonArray("fetches").stream().map(JsonObject.class::cast)
                .filter(f -> f.containsKey("form")).findFirst().orElseThrow();
        assertThat(tokenRequest.getJsonObject("form").getString("resource")).isEqualTo(mcp.gracefulResource());
        assertThat(report.getJsonArray("tools")).containsExactly("echo", "whoami");
        JsonObject refused = report.getJsonArray("calls").getJsonObject(0);
        assertThat(refused.getJsonObject("error").getString("kind")).as(pretty).isEqualTo("McpError");
        assertThat(refused.getJsonObject("error").getValue("code")).isEqualTo(-32001);
        assertThat(report.getJsonArray("calls").getJsonObject(1).getString("text")).isEqualTo("echo: still connected");
        assertThat(mcp.receivedSince(before)).extracting(r -> r.getString("name")).doesNotContain("delete_records").contains("echo");
    }
}
