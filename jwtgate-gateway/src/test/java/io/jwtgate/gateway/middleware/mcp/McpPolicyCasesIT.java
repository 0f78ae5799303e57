package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every construct of the policy language, ordering, default actions, notifications and scopes, as
 * data ({@code middleware/mcp-policy-cases.yaml}), through one gateway: one {@code mcp} middleware
 * and one router per case (chosen by {@code X-Test-Case}), a JWT middleware before it, and a small
 * MCP server that records what reaches it.
 */
class McpPolicyCasesIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> cases;
    static McpBackend backend;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = McpPolicyCasesIT.class.getResourceAsStream("/middleware/mcp-policy-cases.yaml")) {
            cases = new ArrayList<>();
            YAML.readTree(in).forEach(cases::add);
        }
        backend = closing.add(new McpBackend());
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n    jwt: {plugin: {jwt: {signingSecret: \"" + McpGateway.SECRET + "\"}}}\n");
        for (int i = 0; i < cases.size(); i++) {
            ObjectNode options = ((ObjectNode) cases.get(i).get("options").deepCopy());
            options.set("resourceMetadata", JSON.readTree("{\"resource\":\"" + McpGateway.RESOURCE
                    + "\",\"authorizationServers\":[\"https://idp.example.com\"]}"));
            yaml.append("    m").append(i).append(": {plugin: {mcp: ").append(JSON.writeValueAsString(options)).append("}}\n");
        }
        yaml.append("  routers:\n");
        for (int i = 0; i < cases.size(); i++) {
            yaml.append("    r").append(i).append(": {rule: \"Header(`X-Test-Case`, `").append(i)
                    .append("`)\", service: mcp, middlewares: [jwt, m").append(i).append("]}\n");
        }
        yaml.append("  services:\n    mcp: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        gateway = closing.add(TestGateway.builder().staticYaml("accessLog: {filePath: access.log, format: json}").start(yaml.toString()));
        assertThat(gateway.gateway().problems()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> policyCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            int index = i;
            JsonNode c = cases.get(i);
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> run(index, c)));
        }
        return tests.stream();
    }

    private void run(int index, JsonNode c) throws Exception {
        ObjectNode claims = c.has("claims") ? (ObjectNode) c.get("claims").deepCopy() : JSON.createObjectNode();
        if (!claims.has("aud")) {
            claims.put("aud", McpGateway.RESOURCE);
        }
        claims.put("sub", "agent-1").put("exp", Jose.now() + 600);
        String token = Jose.hs256(McpGateway.SECRET, JSON.writeValueAsString(claims));
        ObjectNode call = JSON.createObjectNode().put("jsonrpc", "2.0");
        if (!c.path("notification").asBoolean(false)) {
            call.put("id", 1);
        }
        call.put("method", c.get("call").get("method").asText());
        if (c.get("call").has("params")) {
            call.set("params", c.get("call").get("params"));
        }
        long before = reached(index);
        HttpRequest request = HttpRequest.newBuilder(gateway.url("/mcp")).timeout(Duration.ofSeconds(20))
                .header("X-Test-Case", Integer.toString(index)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call))).build();
        HttpResponse<String> r = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode expect = c.get("expect");
        String what = c.get("desc").asText() + " -> " + r.statusCode() + " " + r.body() + " " + r.headers().map();
        if (expect.isTextual() && expect.asText().equals("allow")) {
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            assertThat(reached(index)).as("forwarded: " + what).isEqualTo(before + 1);
        } else if (expect.isTextual() && expect.asText().equals("deny")) {
            assertThat(r.statusCode()).as(what).isEqualTo(403);
            JsonObject error = new JsonObject(r.body());
            assertThat(error.getJsonObject("error").getInteger("code")).as(what).isEqualTo(-32001);
            assertThat(error.containsKey("id")).as("id only for a request: " + what).isEqualTo(call.has("id"));
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).isEmpty();
            assertThat(reached(index)).as("not forwarded: " + what).isEqualTo(before);
        } else if (expect.has("scope")) {
            assertThat(r.statusCode()).as(what).isEqualTo(403);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer error=\"insufficient_scope\", scope=\""
                    + expect.get("scope").asText() + "\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
            assertThat(reached(index)).as("not forwarded: " + what).isEqualTo(before);
        } else {
            assertThat(r.statusCode()).as(what).isEqualTo(expect.get("status").asInt());
        }
        if (c.has("policy")) {
            assertThat(logLine(index).get("MCPPolicy").asText()).as(what).isEqualTo(c.get("policy").asText());
        }
    }

    private static long reached(int index) {
        return backend.received.stream().filter(r -> Integer.toString(index).equals(r.headers().get("X-Test-Case"))).count();
    }

    /** The access-log line of the case's router (written by a background thread: polled). */
    private static JsonNode logLine(int index) throws Exception {
        Path log = gateway.dir().resolve("access.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log).reversed()) {
                    JsonNode json = JSON.readTree(line);
                    if (json.path("RouterName").asText().equals("r" + index + "@file")) {
                        return json;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access-log line for router r" + index);
    }
}
