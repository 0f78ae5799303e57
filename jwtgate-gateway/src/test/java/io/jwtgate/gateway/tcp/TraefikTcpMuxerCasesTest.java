package io.jwtgate.gateway.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Traefik's TCP muxer tables (matcher_test.go, mux_test.go), ported as data under src/test/resources/tcp. */
class TraefikTcpMuxerCasesTest {

    private static JsonNode load(String name) throws Exception {
        return new YAMLMapper().readTree(TraefikTcpMuxerCasesTest.class.getResource("/tcp/" + name));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            n.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> matcherTable() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : load("matcher-cases.yaml")) {
            tests.add(DynamicTest.dynamicTest(c.get("table").asText() + ": " + c.get("desc").asText(), () -> {
                String rule = c.get("rule").asText();
                if (c.path("error").asBoolean()) {
                    assertThatThrownBy(() -> TcpRule.compile(rule)).isInstanceOf(ExpressionException.class);
                    return;
                }
                TcpRule compiled = TcpRule.compile(rule);
                if (c.has("catchAll")) {
                    assertThat(compiled.catchAll()).isEqualTo(c.get("catchAll").asBoolean());
                }
                for (JsonNode check : c.get("checks")) {
                    // As Traefik's tests do, the connection data is given as is (not canonicalised).
                    ConnData data = new ConnData(check.path("serverName").asText(""), check.path("remoteIp").asText(""),
                            strings(check.get("alpn")));
                    assertThat(compiled.matcher().test(data)).as(check.toString()).isEqualTo(check.get("match").asBoolean());
                }
            }));
        }
        assertThat(tests).hasSize(36);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> muxTable() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : load("mux-cases.yaml")) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText() + " " + c.get("rule").asText(), () -> {
                String rule = c.get("rule").asText();
                if (c.path("error").asBoolean()) {
                    assertThatThrownBy(() -> TcpRule.compile(rule)).isInstanceOf(ExpressionException.class);
                    return;
                }
                String addr = c.get("remoteAddr").asText();
                ConnData data = ConnData.of(c.get("serverName").asText(), addr.substring(0, addr.lastIndexOf(':')), strings(c.get("protos")));
                assertThat(TcpRule.compile(rule).matcher().test(data)).isEqualTo(c.get("match").asBoolean());
            }));
        }
        assertThat(tests).hasSize(40);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> priorityAndHostSniTables() throws Exception {
        JsonNode all = load("rule-priority-cases.yaml");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : all.get("priorities")) {
            tests.add(DynamicTest.dynamicTest("GetRulePriority: " + c.get("desc").asText(), () ->
                    assertThat(TcpRule.compile(c.get("rule").asText()).defaultPriority()).isEqualTo(c.get("expected").asInt())));
        }
        for (JsonNode c : all.get("order")) {
            tests.add(DynamicTest.dynamicTest("Priority: " + c.get("desc").asText(), () -> {
                Map<String, TcpConfig.Router> routers = new LinkedHashMap<>();
                int i = 0;
                for (JsonNode r : c.get("routers")) {
                    String name = r.path("name").asText("r" + i++) + "@file";
                    routers.put(name, new TcpConfig.Router(name, r.get("rule").asText(), List.of("ep"), "s@file", r.path("priority").asInt(0),
                            new TcpConfig.Tls(true, "default"), "test", null));
                }
                TcpConfig config = new TcpConfig(routers, Map.of("s@file", new TcpConfig.Service("s@file", List.of("127.0.0.1:1"), 0,
                        List.of(), "test", null)));
                List<String> problems = new ArrayList<>();
                TcpRoutes routes = new TcpRoutesBuilder(config, (n, e) -> problems.add(e.getMessage()))
                        .build(java.util.Set.of("ep"), (ep, r) -> null).get("ep");
                assertThat(problems).isEmpty();
                TcpRoute matched = routes.matchTls(ConnData.of(c.get("serverName").asText(), "10.0.0.1", List.of()));
                assertThat(matched.rule().text()).isEqualTo(c.get("expected").asText());
                if (c.has("expectedRouter")) {
                    assertThat(matched.name()).isEqualTo(c.get("expectedRouter").asText() + "@file");
                }
            }));
        }
        for (JsonNode c : all.get("hostSnis")) {
            tests.add(DynamicTest.dynamicTest("ParseHostSNI: " + c.get("desc").asText(), () -> {
                if (c.path("error").asBoolean()) {
                    assertThatThrownBy(() -> TcpRule.hostSnis(c.get("rule").asText())).isInstanceOf(ExpressionException.class);
                } else {
                    assertThat(TcpRule.hostSnis(c.get("rule").asText())).isEqualTo(strings(c.get("domains")));
                }
            }));
        }
        assertThat(tests).hasSize(16);
        return tests.stream();
    }
}
