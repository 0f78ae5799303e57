package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mcp middleware through a running gateway in front of a small MCP server: calls, refusals, lists, malformed bodies. */
class McpMiddlewareIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static McpGateway mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpGateway.start("{" + McpGateway.metadata("") + """
                , policies: [
                    {match: "Equals(`mcp.method`, `initialize`) || Equals(`mcp.method`, `tools/list`)", action: allow},
                    {match: "Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)", action: allow}],
                  defaultAction: deny}"""));
        assertThat(mcp.gateway.gateway().problems()).isEmpty();
    }

    static final String SUPPORT = McpGateway.token("\"allowed_tools\":[\"get_order\",\"list_inventory\"]");

    @Test
    void anAllowedCallReachesTheServer() throws Exception {
        HttpResponse<String> r = mcp.post(SUPPORT, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("result").encode()).contains("called get_order");
    }

    @Test
    void aRefusedCallNeverReachesTheServerAndGetsAJsonRpcError() throws Exception {
        int before = mcp.backend.posted().size();
        HttpResponse<String> r = mcp.post(SUPPORT, "{\"jsonrpc\":\"2.0\",\"id\":\"c-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("id")).isEqualTo("c-7");
        assertThat(error.getJsonObject("error").getInteger("code")).isEqualTo(-32001);
        assertThat(mcp.backend.posted()).hasSize(before);
    }

    @Test
    void toolsListIsFilteredToTheCallersTools() throws Exception {
        HttpResponse<String> r = mcp.post(SUPPORT, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray tools = new JsonObject(r.body()).getJsonObject("result").getJsonArray("tools");
        assertThat(tools.stream().map(t -> ((JsonObject) t).getString("name")).toList()).containsExactly("get_order", "list_inventory");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length());
    }

    @Test
    void malformedBodiesGetAParseErrorAndAreNotForwarded() throws Exception {
        int before = mcp.backend.posted().size();
        HttpResponse<String> r = mcp.post(SUPPORT, "{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32700);
        assertThat(mcp.backend.posted()).hasSize(before);
    }

    @Test
    void metadataIsServedWithoutAToken() throws Exception {
        HttpResponse<String> r = mcp.send("GET", "/.well-known/oauth-protected-resource/mcp", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("resource")).isEqualTo(McpGateway.RESOURCE);
        HttpResponse<String> challenge = mcp.post(null, "{}");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
    }
}
