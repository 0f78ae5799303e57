package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access-log fields and the Prometheus counter of MCP decisions, after known traffic. */
class McpObservabilityIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final ObjectMapper JSON = new ObjectMapper();
    static McpGateway mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = closing.add(McpGateway.start("{" + McpGateway.metadata("") + """
                , policies: [
                    {match: "Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)", action: allow},
                    {match: "Equals(`mcp.method`, `tools/list`)", action: allow}]}""", "",
                TestGateway.builder().entryPoint("traefik", "").staticYaml("""
                        accessLog: {filePath: access.log, format: json}
                        metrics: {prometheus: {entryPoint: traefik}}
                        """)));
        String agent = McpGateway.token("\"allowed_tools\":[\"get_order\"]");
        mcp.post(agent, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}");
        mcp.post(agent, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}");
        mcp.post(agent, "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"},{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"made/up\"}]");
        mcp.post(agent, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
        mcp.post(agent, "not json");
        mcp.post(McpGateway.token("\"aud\":\"https://elsewhere.example/mcp\""), "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
    }

    @Test
    void theAccessLogSaysWhatWasDecidedAndByWhichPolicy() throws Exception {
        List<JsonNode> lines = awaitLines(6);
        assertThat(lines).extracting(l -> l.path("MCPMethod").asText() + " " + l.path("MCPTool").asText() + " " + l.path("MCPDecision").asText()
                        + " " + l.path("MCPPolicy").asText() + " " + l.path("DownstreamStatus").asInt())
                .containsExactly(
                        "tools/call get_order allow 0 200",
                        "tools/call reorder deny default 403",
                        "tools/list,made/up -,- allow,deny 1,default 403",
                        "tools/list - allow 1 200",
                        " - malformed - 400",
                        "POST - invalid_audience - 401");
        assertThat(lines.get(3).path("MCPFiltered").asInt()).as("tools the token does not list").isEqualTo(3);
        assertThat(lines.get(5).path("JwtReason").asText()).isEqualTo("AUDIENCE_MISMATCH");
    }

    @Test
    void theCounterIsByRouterMethodAndDecisionWithBoundedMethods() throws Exception {
        awaitLines(6);
        String metrics = Http.get(mcp.gateway.url("traefik", "/metrics")).body();
        List<String> mcpLines = metrics.lines().filter(l -> l.startsWith("jwtgate_mcp_requests_total{")).toList();
        assertThat(mcpLines).anyMatch(l -> l.contains("router=\"mcp@file\"") && l.contains("method=\"tools/call\"") && l.contains("decision=\"allow\"") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.contains("method=\"tools/call\"") && l.contains("decision=\"deny\"") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.contains("method=\"tools/list\"") && l.contains("decision=\"allow\"") && l.endsWith(" 2.0"))
                .anyMatch(l -> l.contains("method=\"other\"") && l.contains("decision=\"deny\""))
                .anyMatch(l -> l.contains("method=\"none\"") && l.contains("decision=\"malformed\""))
                .anyMatch(l -> l.contains("method=\"POST\"") && l.contains("decision=\"invalid_audience\""))
                .noneMatch(l -> l.contains("made/up"));
    }

    private static List<JsonNode> awaitLines(int count) throws Exception {
        Path log = mcp.gateway.dir().resolve("access.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            out.clear();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode json = JSON.readTree(line);
                    if (json.path("RouterName").asText().equals("mcp@file")) {
                        out.add(json);
                    }
                }
            }
            if (out.size() >= count) {
                return out;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("access log has " + out.size() + " lines of router mcp");
    }
}
