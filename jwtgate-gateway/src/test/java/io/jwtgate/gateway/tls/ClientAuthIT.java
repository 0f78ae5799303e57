package io.jwtgate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RecordingBackend;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TestPki;
import io.jwtgate.gateway.support.TlsClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@code clientAuthType} with no certificate, a certificate of the CA, one of another CA and
 * a self-signed one ({@code tls/client-auth-matrix.yaml}), over TLS 1.2 and 1.3, on one entry point
 * whose hosts each have their own options; and what the backend sees.
 */
class ClientAuthIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final YAMLMapper YAML = new YAMLMapper();
    static final TestPki.Issued CA = TestPki.ca("Test CA A");
    static final TestPki.Issued INTERMEDIATE = TestPki.intermediate(CA, "Test Intermediate A");
    static final TestPki.Issued OTHER_CA = TestPki.ca("Test CA B");
    static final Map<String, TestPki.Issued> CLIENTS = new LinkedHashMap<>();
    static final Map<String, String> CHAINS = Map.of("none", "none", "sameCa", "CN=client-a|CN=Test Intermediate A",
            "otherCa", "CN=client-b", "selfSigned", "CN=self-signed");

    static JsonNode matrix;
    static TestGateway gw;
    static RecordingBackend recorded;

    @BeforeAll
    static void start() throws Exception {
        CLIENTS.put("none", null);
        CLIENTS.put("sameCa", TestPki.client(INTERMEDIATE, "client-a"));
        CLIENTS.put("otherCa", TestPki.client(OTHER_CA, "client-b"));
        CLIENTS.put("selfSigned", TestPki.selfSignedClient("self-signed"));
        matrix = YAML.readTree(ClientAuthIT.class.getResource("/tls/client-auth-matrix.yaml"));
        Path dir = TempDirs.create("jwtgate-client-ca");
        closing.add(() -> TempDirs.delete(dir));
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, CA.certificatePem());

        Backend echo = closing.add(Backend.echo("echo"));
        recorded = closing.add(new RecordingBackend());
        List<String> hosts = new ArrayList<>(List.of("recorded.test"));
        Map<String, Object> routers = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        for (JsonNode row : matrix) {
            String host = row.get("host").asText();
            String name = host.replace(".test", "");
            hosts.add(host);
            routers.put(name, Map.of("entryPoints", List.of("websecure"), "rule", "Host(`" + host + "`)", "service", "echo", "middlewares", List.of("peer"),
                    "tls", Map.of("options", name)));
            options.put(name, substitute(row.get("options"), Map.of("CA", CA.certificatePem(), "CA_FILE", caFile.toString())));
        }
        routers.put("recorded", Map.of("entryPoints", List.of("websecure"), "rule", "Host(`recorded.test`)", "service", "recorded", "middlewares", List.of("peer"),
                "tls", Map.of("options", "verify")));
        TestPki.Issued server = TestPki.server(TestPki.ca("Test Server CA"), "gateway", hosts.toArray(String[]::new));
        Map<String, Object> dynamic = Map.of(
                "http", Map.of("routers", routers,
                        "middlewares", Map.of("peer", Map.of("peerChain", Map.of())),
                        "services", Map.of("echo", Map.of("loadBalancer", Map.of("servers", List.of(Map.of("url", echo.url())))),
                                "recorded", Map.of("loadBalancer", Map.of("servers", List.of(Map.of("url", recorded.url())))))),
                "tls", Map.of("certificates", List.of(Map.of("certFile", server.chainPem(), "keyFile", server.keyPem())),
                        "options", options));
        gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").types(Map.of("peerChain", PeerChain.TYPE))
                .start(YAML.writeValueAsString(dynamic)));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** The node as plain values, with the placeholder strings of the table replaced (CA: inline PEM, CA_FILE: a path). */
    static Object substitute(JsonNode node, Map<String, String> values) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), substitute(e.getValue(), values)));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(e -> out.add(substitute(e, values)));
            return out;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return values.getOrDefault(node.asText(), node.asText());
    }

    @TestFactory
    Stream<DynamicTest> everyClientAuthTypeWithEveryKindOfClientCertificate() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode row : matrix) {
            for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                for (Map.Entry<String, TestPki.Issued> client : CLIENTS.entrySet()) {
                    String expected = row.get("expect").get(client.getKey()).asText();
                    boolean exposed = false;
                    for (JsonNode e : row.get("exposed")) {
                        exposed |= e.asText().equals(client.getKey());
                    }
                    boolean shows = exposed;
                    tests.add(DynamicTest.dynamicTest(row.get("desc").asText() + " / " + version + " / " + client.getKey() + " -> " + expected,
                            () -> {
                                TlsClient.Result r = TlsClient.to(gw.gateway().port("websecure")).sni(row.get("host").asText())
                                        .protocols(version).certificate(client.getValue()).get("/x");
                                if (expected.equals("refused")) {
                                    assertThat(r.refused()).as(r.toString()).isTrue();
                                    return;
                                }
                                assertThat(r.status()).as(r.toString()).isEqualTo(Integer.parseInt(expected));
                                assertThat(r.protocol()).isEqualTo(version);
                                String chain = new JsonObject(r.body()).getJsonObject("headers").getJsonArray("x-peer-chain").getString(0);
                                assertThat(chain).isEqualTo(shows ? CHAINS.get(client.getKey()) : "none");
                            }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theBackendNeverSeesARequestWhoseClientCertificateFailedVerificationAndSeesTheVerifiedChain() {
        int port = gw.gateway().port("websecure");
        for (String client : List.of("none", "otherCa", "selfSigned")) {
            for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                TlsClient.Result r = TlsClient.to(port).sni("recorded.test").protocols(version).certificate(CLIENTS.get(client)).get("/secret");
                assertThat(r.refused()).as(client + " " + version + ": " + r).isTrue();
            }
        }
        // Domain fronting: a connection set up for a host without client authentication cannot reach it either.
        TlsClient.Result fronted = TlsClient.to(port).sni("none.test").host("recorded.test").certificate(CLIENTS.get("otherCa")).get("/secret");
        assertThat(fronted.status()).as(fronted.toString()).isEqualTo(421);
        assertThat(recorded.requests()).isEmpty();

        TlsClient.Result ok = TlsClient.to(port).sni("recorded.test").certificate(CLIENTS.get("sameCa")).get("/secret");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(recorded.requests()).hasSize(1);
        assertThat(recorded.requests().get(0).header(PeerChain.HEADER)).containsExactly("CN=client-a|CN=Test Intermediate A");
    }
}
