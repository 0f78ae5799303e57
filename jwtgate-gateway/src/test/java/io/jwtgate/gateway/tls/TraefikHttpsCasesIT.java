package io.jwtgate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TestPki;
import io.jwtgate.gateway.support.TlsClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Traefik's HTTPS integration tests of TLS options ({@code tls/traefik-https-cases.yaml}), each suite on a running gateway. */
class TraefikHttpsCasesIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final YAMLMapper YAML = new YAMLMapper();
    static final TestPki.Issued SERVER_CA = TestPki.ca("snitest CA");
    static final TestPki.Issued CA1 = TestPki.ca("ca1");
    static final Map<String, TestPki.Issued> CLIENTS = Map.of("client1", TestPki.client(CA1, "client1"),
            "client2", TestPki.client(TestPki.ca("ca2"), "client2"));

    static JsonNode suites;
    static final Map<String, TestGateway> GATEWAYS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        suites = YAML.readTree(TraefikHttpsCasesIT.class.getResource("/tls/traefik-https-cases.yaml"));
        for (JsonNode suite : suites) {
            Map<String, Object> services = new LinkedHashMap<>();
            Map<String, Object> routers = new LinkedHashMap<>();
            for (var r = suite.get("routers").fields(); r.hasNext(); ) {
                var router = r.next();
                @SuppressWarnings("unchecked")
                Map<String, Object> def = YAML.convertValue(router.getValue(), LinkedHashMap.class);
                def.putIfAbsent("entryPoints", List.of("websecure", "websecure2"));
                routers.put(router.getKey(), def);
                String service = (String) def.get("service");
                if (!services.containsKey(service)) {
                    Backend b = closing.add(Backend.echo(service));
                    services.put(service, Map.of("loadBalancer", Map.of("servers", List.of(Map.of("url", b.url())))));
                }
            }
            List<Object> certificates = new ArrayList<>();
            for (JsonNode name : suite.get("certificates")) {
                TestPki.Issued c = TestPki.server(SERVER_CA, name.asText(), name.asText());
                certificates.add(Map.of("certFile", c.chainPem(), "keyFile", c.keyPem()));
            }
            Object options = ClientAuthIT.substitute(suite.get("options"), Map.of("CA1", CA1.certificatePem()));
            String dynamic = YAML.writeValueAsString(Map.of("http", Map.of("routers", routers, "services", services),
                    "tls", Map.of("certificates", certificates, "options", options)));
            TestGateway gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}")
                    .entryPoint("websecure2", "http: {tls: {}}").start(dynamic));
            for (JsonNode expected : suite.path("problems")) {
                // exactly once: a conflict of two routers is one message, not one per router
                assertThat(gw.gateway().problems()).as(suite.get("suite").asText()).filteredOn(p -> p.contains(expected.asText())).hasSize(1);
            }
            GATEWAYS.put(suite.get("suite").asText(), gw);
        }
    }

    @TestFactory
    Stream<DynamicTest> traefikHttpsIntegrationCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : suites) {
            TestGateway gw = GATEWAYS.get(suite.get("suite").asText());
            for (JsonNode c : suite.get("cases")) {
                tests.add(DynamicTest.dynamicTest(suite.get("suite").asText() + ": " + c.get("desc").asText(), () -> {
                    TlsClient client = TlsClient.to(gw.gateway().port(c.path("entryPoint").asText("websecure")))
                            .sni(c.get("serverName").isNull() ? null : c.get("serverName").asText()).host(c.get("hostHeader").asText());
                    String min = c.path("minVersion").asText("TLS12");
                    String max = c.path("maxVersion").asText("TLS13");
                    List<String> versions = new ArrayList<>();
                    for (String v : List.of("TLS12", "TLS13")) {
                        if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                            versions.add(v.equals("TLS12") ? "TLSv1.2" : "TLSv1.3");
                        }
                    }
                    client.protocols(versions.toArray(String[]::new));
                    if (c.has("clientCertificate")) {
                        client.certificate(CLIENTS.get(c.get("clientCertificate").asText()));
                    }
                    TlsClient.Result r = client.get("/");
                    if (c.path("refused").asBoolean(false)) {
                        assertThat(r.refused()).as(r.toString()).isTrue();
                        return;
                    }
                    assertThat(r.status()).as(r.toString()).isEqualTo(c.get("status").asInt());
                    if (c.has("content")) {
                        assertThat(r.body()).contains("\"backend\":\"" + c.get("content").asText() + "\"");
                    }
                    if (c.has("peer")) {
                        assertThat(r.peerSubject()).isEqualTo(c.get("peer").asText());
                    }
                }));
            }
        }
        return tests.stream();
    }
}
