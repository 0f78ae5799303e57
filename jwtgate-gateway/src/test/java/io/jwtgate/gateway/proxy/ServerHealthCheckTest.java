package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Traefik's health check request and duration tables (pure logic: where a check goes, its defaults). */
class ServerHealthCheckTest {

    static Stream<List<String>> requestCases() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ServerHealthCheckTest.class.getResourceAsStream("/proxy/healthcheck-request-cases.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(List.of(line.split("\t", -1)));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("requestCases")
    void newRequestAsTraefik(List<String> c) throws Exception {
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("path", c.get(2));
        hc.put("port", Integer.parseInt(c.get(3)));
        if (!c.get(4).isEmpty()) {
            hc.put("scheme", c.get(4));
        }
        if (!c.get(5).isEmpty()) {
            hc.put("hostname", c.get(5));
        }
        if (!c.get(6).isEmpty()) {
            hc.put("method", c.get(6));
        }
        if (!c.get(7).equals("-")) {
            hc.put("headers", Map.of("Custom-Header", c.get(7)));
        }
        ConfigNode node = ConfigNode.of(hc, "dynamic.yml", "http.services.s.loadBalancer.healthCheck");
        if (c.get(8).equals("ERROR")) {
            assertThatThrownBy(() -> ServerHealthCheck.parse(node, w -> { })).as(c.get(0)).isInstanceOf(ConfigException.class);
            return;
        }
        ServerHealthCheck.Request req = ServerHealthCheck.parse(node, w -> { }).request(URI.create(c.get(1)));
        assertThat(req.uri().toString()).as(c.get(0)).isEqualTo(c.get(8));
        assertThat(req.hostHeader()).as(c.get(0)).isEqualTo(c.get(9));
        assertThat(req.method()).as(c.get(0)).isEqualTo(c.get(10));
        assertThat(req.headers().getOrDefault("Custom-Header", "-")).as(c.get(0)).isEqualTo(c.get(11));
    }

    /** TestNewServiceHealthChecker_durations: defaults, out of range values, custom, interval shorter than timeout. */
    @Test
    void durationsAsTraefik() throws Exception {
        assertThat(durations(Map.of())).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(durations(Map.of("interval", "-1s", "timeout", "-1s")))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(durations(Map.of("interval", "10s", "timeout", "5s")))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(durations(Map.of("interval", "1s", "timeout", "5s", "unhealthyInterval", "250ms")))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(250));
    }

    private static List<Duration> durations(Map<String, Object> hc) throws Exception {
        ServerHealthCheck c = ServerHealthCheck.parse(ConfigNode.of(hc, "dynamic.yml", "hc"), w -> { });
        assertThat(c.followRedirects()).isTrue();
        assertThat(c.mode()).isEqualTo("http");
        return List.of(c.interval(), c.timeout(), c.unhealthyInterval());
    }

    @Test
    void grpcServingStatusIsReadFromTheResponseFrame() {
        assertThat(GrpcHealthProbe.servingStatus(Buffer.buffer(new byte[] {0, 0, 0, 0, 2, 8, 1}))).isEqualTo(1);
        assertThat(GrpcHealthProbe.servingStatus(Buffer.buffer(new byte[] {0, 0, 0, 0, 2, 8, 2}))).isEqualTo(2);
        assertThat(GrpcHealthProbe.servingStatus(Buffer.buffer(new byte[] {0, 0, 0, 0, 0}))).as("empty: UNKNOWN").isZero();
    }
}
