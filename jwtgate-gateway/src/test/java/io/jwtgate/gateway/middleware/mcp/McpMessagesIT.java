package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON-RPC bodies through the gateway: malformed ones, batches, replies, the body limit, and GET/DELETE of the transport. */
class McpMessagesIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static McpGateway mcp;
    static final String TOKEN = McpGateway.token("\"allowed_tools\":[\"get_order\"]");

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpGateway.start("{" + McpGateway.metadata("") + """
                , maxRequestBodySize: 2048,
                  policies: [
                    {match: "Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)", action: allow},
                    {match: "!Equals(`mcp.method`, `tools/call`)", action: allow}]}"""));
        assertThat(mcp.gateway.gateway().problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                          | hello                                                              | -32700 |
            truncated JSON                    | '{"jsonrpc":"2.0","id":1,'                                         | -32700 |
            trailing data                     | '{"jsonrpc":"2.0","id":1,"method":"ping"} {}'                      | -32700 |
            duplicate member                  | '{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/call"}'   | -32700 |
            NaN                               | '{"jsonrpc":"2.0","id":NaN,"method":"ping"}'                       | -32700 |
            empty body                        | ''                                                                 | -32700 |
            a string                          | '"ping"'                                                           | -32600 |
            empty batch                       | '[]'                                                               | -32600 |
            no jsonrpc member                 | '{"id":1,"method":"ping"}'                                         | -32600 | 1
            wrong jsonrpc version             | '{"jsonrpc":"1.0","id":"a","method":"ping"}'                       | -32600 | a
            null id                           | '{"jsonrpc":"2.0","id":null,"method":"ping"}'                      | -32600 |
            fractional id                     | '{"jsonrpc":"2.0","id":1.5,"method":"ping"}'                       | -32600 |
            object id                         | '{"jsonrpc":"2.0","id":{},"method":"ping"}'                        | -32600 |
            method not a string               | '{"jsonrpc":"2.0","id":2,"method":7}'                              | -32600 | 2
            params a string                   | '{"jsonrpc":"2.0","id":3,"method":"ping","params":"x"}'            | -32600 | 3
            call with a result                | '{"jsonrpc":"2.0","id":4,"method":"ping","result":{}}'             | -32600 | 4
            neither call nor reply            | '{"jsonrpc":"2.0","id":5}'                                         | -32600 | 5
            reply with result and error       | '{"jsonrpc":"2.0","id":6,"result":{},"error":{}}'                  | -32600 | 6
            batch with a bad member           | '[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0"}]'    | -32600 |
            batch with a non-object           | '[{"jsonrpc":"2.0","id":1,"method":"ping"},1]'                    | -32600 |
            """)
    void malformedBodiesGetAJsonRpcErrorAndNothingIsForwarded(String desc, String body, int code, String id) throws Exception {
        int before = mcp.backend.posted().size();
        HttpResponse<String> r = mcp.post(TOKEN, body == null ? "" : body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("jsonrpc")).isEqualTo("2.0");
        assertThat(error.getJsonObject("error").getInteger("code")).isEqualTo(code);
        assertThat(error.containsKey("id")).isTrue();
        assertThat(error.getValue("id") == null ? null : String.valueOf(error.getValue("id"))).isEqualTo(id);
        assertThat(mcp.backend.posted()).as("nothing forwarded").hasSize(before);
    }

    @Test
    void aBatchOfAllowedCallsIsForwardedUnchanged() throws Exception {
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}]";
        HttpResponse<String> r = mcp.post(TOKEN, batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray replies = new JsonArray(r.body());
        assertThat(replies).hasSize(2);
        assertThat(mcp.backend.posted()).last().isEqualTo(batch);
    }

    @Test
    void aBatchWithOneRefusedCallIsNotForwardedAndEachRequestGetsAnError() throws Exception {
        int before = mcp.backend.posted().size();
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}]";
        HttpResponse<String> r = mcp.post(TOKEN, batch);
        assertThat(r.statusCode()).isEqualTo(403);
        JsonArray errors = new JsonArray(r.body());
        assertThat(errors).hasSize(2);
        assertThat(errors.getJsonObject(0).getInteger("id")).isEqualTo(1);
        assertThat(errors.getJsonObject(0).getJsonObject("error").getString("message")).contains("another call of the batch was refused");
        assertThat(errors.getJsonObject(1).getInteger("id")).isEqualTo(2);
        assertThat(errors.getJsonObject(1).getJsonObject("error").getString("message")).contains("policy does not allow");
        assertThat(mcp.backend.posted()).hasSize(before);
    }

    @Test
    void theClientsRepliesToTheServerAreNotCallsAndPass() throws Exception {
        HttpResponse<String> r = mcp.post(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"roots\":[]}}");
        assertThat(r.statusCode()).isEqualTo(202);
    }

    @Test
    void aBodyOverTheLimitGets413AndIsNotForwarded() throws Exception {
        int before = mcp.backend.posted().size();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\",\"arguments\":{\"x\":\""
                + "y".repeat(3000) + "\"}}}";
        HttpResponse<String> r = mcp.post(TOKEN, big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
        assertThat(mcp.backend.posted()).hasSize(before);
    }

    @Test
    void getAndDeleteOfTheTransportPassAfterTheTokenChecks() throws Exception {
        mcp.backend.release("get");
        HttpResponse<String> get = mcp.send("GET", "/mcp", TOKEN, "Accept", "text/event-stream");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("notifications/message");
        assertThat(mcp.send("DELETE", "/mcp", TOKEN, "Mcp-Session-Id", "s1").statusCode()).isEqualTo(200);
        assertThat(mcp.backend.received).anyMatch(r -> r.method().equals("DELETE") && "s1".equals(r.headers().get("Mcp-Session-Id")));
        HttpResponse<String> put = mcp.send("PUT", "/mcp", TOKEN);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
        String otherResource = McpGateway.token("\"aud\":\"https://other.example.com/mcp\"");
        assertThat(mcp.send("GET", "/mcp", otherResource).statusCode()).as("audience binding holds for GET too").isEqualTo(401);
    }

    @Test
    void decisionsAreTheSameForEveryIdType() throws Exception {
        for (String id : List.of("7", "\"seven\"", "12345678901234567890")) {
            HttpResponse<String> r = mcp.post(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("\"id\":" + id);
        }
    }

    @Test
    void gracefulErrorsAnswerRefusedCallsWith200ButNotMissingScopes() throws Exception {
        try (McpGateway graceful = McpGateway.start("{" + McpGateway.metadata("") + """
                , gracefulErrors: true,
                  policies: [{match: "Equals(`mcp.params.name`, `reorder`)", action: allow, requiredScopes: [write]},
                             {match: "Equals(`mcp.params.name`, `get_order`)", action: deny}]}""")) {
            HttpResponse<String> denied = graceful.post(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
            assertThat(denied.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(denied.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32001);
            HttpResponse<String> scope = graceful.post(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}");
            assertThat(scope.statusCode()).as("the client needs the challenge to ask for the scope").isEqualTo(403);
            assertThat(scope.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("scope=\"write\""));
            assertThat(graceful.backend.posted()).isEmpty();
        }
    }

    @Test
    void aJwtClaimsRefusalOnAnMcpRouteAsksForTheRouteScopes() throws Exception {
        try (McpGateway strict = McpGateway.start("{" + McpGateway.metadata("") + ", requiredScopes: [mcp], defaultAction: allow}",
                ", claims: \"Equals(`grp`, `agents`)\"", io.jwtgate.gateway.support.TestGateway.builder())) {
            HttpResponse<String> r = strict.post(McpGateway.token("\"grp\":\"humans\",\"scope\":\"mcp\""), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp\", "
                    + "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
            assertThat(strict.post(McpGateway.token("\"grp\":\"agents\",\"scope\":\"mcp\""), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                    .statusCode()).isEqualTo(200);
        }
    }
}
