package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tools/list, prompts/list and resources/list filtered to what the caller may use, in JSON and in
 * server-sent events (streamed event by event), in batches, on a resumed GET stream, and refused
 * when they cannot be checked.
 */
class McpListsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static McpGateway mcp;
    static McpGateway small;
    static final String POLICIES = """
            , policies: [
                {match: "Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)", action: allow},
                {match: "Equals(`mcp.method`, `prompts/get`) && Equals(`mcp.params.name`, `summarize`)", action: allow},
                {match: "Equals(`mcp.method`, `resources/read`) && Prefix(`mcp.params.uri`, `file:///public/`)", action: allow},
                {match: "OneOf(`mcp.method`, `initialize`, `tools/list`, `prompts/list`, `resources/list`, `ping`)", action: allow}]""";
    static final String TOKEN = McpGateway.token("\"allowed_tools\":[\"get_order\",\"approve_return\"]");

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpGateway.start("{" + McpGateway.metadata("") + POLICIES + "}"));
        small = closing.add(McpGateway.start("{" + McpGateway.metadata("") + POLICIES + ", maxResponseBodySize: 200}"));
        assertThat(mcp.gateway.gateway().problems()).isEmpty();
        assertThat(small.gateway.gateway().problems()).isEmpty();
    }

    static String call(Object id, String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"}";
    }

    static List<String> names(JsonObject response, String member, String key) {
        return response.getJsonObject("result").getJsonArray(member).stream().map(e -> ((JsonObject) e).getString(key)).toList();
    }

    @Test
    void everyListIsFilteredInJson() throws Exception {
        assertThat(names(new JsonObject(mcp.post(TOKEN, call(1, "tools/list")).body()), "tools", "name"))
                .containsExactly("get_order", "approve_return");
        assertThat(names(new JsonObject(mcp.post(TOKEN, call(2, "prompts/list")).body()), "prompts", "name")).containsExactly("summarize");
        assertThat(names(new JsonObject(mcp.post(TOKEN, call(3, "resources/list")).body()), "resources", "uri"))
                .containsExactly("file:///public/readme.md");
        // The entries keep their other members.
        JsonObject tool = new JsonObject(mcp.post(TOKEN, call(4, "tools/list")).body()).getJsonObject("result").getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("description")).isEqualTo("tool get_order");
        assertThat(tool.getJsonObject("inputSchema").getString("type")).isEqualTo("object");
    }

    @Test
    void aTokenWithoutToolsSeesNone() throws Exception {
        HttpResponse<String> r = mcp.post(McpGateway.token(""), call(1, "tools/list"));
        assertThat(names(new JsonObject(r.body()), "tools", "name")).isEmpty();
    }

    @Test
    void aBatchHasItsListFilteredAndItsOtherResponsesIntact() throws Exception {
        HttpResponse<String> r = mcp.post(TOKEN, "[" + call(1, "tools/list") + ","
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}]");
        JsonArray replies = new JsonArray(r.body());
        assertThat(names(replies.getJsonObject(0), "tools", "name")).containsExactly("get_order", "approve_return");
        assertThat(replies.getJsonObject(1).encode()).contains("called get_order");
    }

    @Test
    void anEventStreamIsFilteredEventByEventAndItsOtherEventsPass() throws Exception {
        mcp.backend.release("released-before");
        HttpResponse<String> r = mcp.post(TOKEN, call(5, "tools/list"), "X-Reply", "sse", "X-Hold", "released-before");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<SseEvent> events = SseEvent.parse(r.body());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).data()).contains("notifications/progress");
        assertThat(events.get(1).id()).isEqualTo("2");
        assertThat(events.get(1).event()).isEqualTo("message");
        assertThat(names(new JsonObject(events.get(1).data()), "tools", "name")).containsExactly("get_order", "approve_return");
    }

    @Test
    void theFirstEventReachesTheClientBeforeTheServerEndsTheStream() throws Exception {
        HttpResponse<InputStream> r = mcp.postStreaming(TOKEN, call(6, "tools/list"), "X-Hold", "streamed");
        assertThat(r.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            // The server sent only this event and is waiting: it must come through now, not when the stream ends.
            List<String> first = readEvent(in);
            assertThat(String.join("\n", first)).contains("notifications/progress");
            mcp.backend.release("streamed");
            List<String> second = readEvent(in);
            String data = String.join("\n", second.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList());
            assertThat(names(new JsonObject(data), "tools", "name")).containsExactly("get_order", "approve_return");
            assertThat(in.readLine()).as("the stream ends after the server's last event").isNull();
        }
    }

    @Test
    void aResumedGetStreamHasItsReplayedListFiltered() throws Exception {
        mcp.backend.release("get");
        HttpResponse<String> r = mcp.send("GET", "/mcp", TOKEN, "Accept", "text/event-stream", "Last-Event-ID", "1");
        assertThat(r.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvent.parse(r.body());
        assertThat(names(new JsonObject(events.get(0).data()), "tools", "name")).containsExactly("get_order", "approve_return");
        assertThat(events.get(1).data()).contains("notifications/message");
    }

    @Test
    void aNewGetStreamIsNotParsed() throws Exception {
        mcp.backend.release("get");
        HttpResponse<String> r = mcp.send("GET", "/mcp", TOKEN, "Accept", "text/event-stream");
        assertThat(r.body()).startsWith("id: 1\nevent: message\ndata: ");
    }

    @Test
    void aListThatCannotBeCheckedIsNotPassedOn() throws Exception {
        HttpResponse<String> encoded = mcp.post(TOKEN, call(7, "tools/list"), "X-Encode", "gzip");
        assertThat(encoded.statusCode()).isEqualTo(502);
        assertThat(new JsonObject(encoded.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32603);
        assertThat(encoded.body()).doesNotContain("reorder");
        assertThat(mcp.backend.received).last().satisfies(r -> assertThat(r.headers().contains("Accept-Encoding")).isFalse());

        HttpResponse<String> tooLarge = small.post(TOKEN, call(8, "tools/list"));
        assertThat(tooLarge.statusCode()).isEqualTo(502);
        assertThat(tooLarge.body()).doesNotContain("reorder");

        HttpResponse<String> largeEvent = small.post(TOKEN, call(9, "tools/list"), "X-Reply", "sse");
        assertThat(largeEvent.statusCode()).isEqualTo(200);
        assertThat(largeEvent.body()).doesNotContain("reorder").contains("-32603");
    }

    @Test
    void responsesToOtherCallsAreNotHeldOrChanged() throws Exception {
        HttpResponse<String> r = mcp.post(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}",
                "X-Reply", "sse");
        assertThat(r.body()).startsWith("id: 1\nevent: message\ndata: {").contains("called get_order");
    }

    /** One event of a text/event-stream body, as a client reads it. */
    record SseEvent(String id, String event, String data) {
        static List<SseEvent> parse(String body) {
            List<SseEvent> out = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    }
                }
                if (data != null) {
                    out.add(new SseEvent(id, event, data.toString()));
                }
            }
            return out;
        }
    }

    private static List<String> readEvent(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }
}
