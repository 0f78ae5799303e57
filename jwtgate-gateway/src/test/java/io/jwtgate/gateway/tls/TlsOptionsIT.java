package io.jwtgate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TestPki;
import io.jwtgate.gateway.support.TlsClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS options other than client authentication, through a running gateway with real JDK clients:
 * versions, cipher suites, curves, ALPN, strict SNI and session tickets, each host of one entry
 * point with its own options, next to hosts with Traefik's defaults.
 */
class TlsOptionsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final YAMLMapper YAML = new YAMLMapper();
    static final Map<String, Map<String, Object>> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("tls12", Map.of("maxVersion", "VersionTLS12"));
        OPTIONS.put("tls13", Map.of("minVersion", "VersionTLS13"));
        OPTIONS.put("legacy", Map.of("minVersion", "VersionTLS10"));
        OPTIONS.put("ciphers", Map.of("maxVersion", "VersionTLS12", "cipherSuites", List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")));
        OPTIONS.put("curves", Map.of("minVersion", "VersionTLS13", "curvePreferences", List.of("CurveP384")));
        OPTIONS.put("h1", Map.of("alpnProtocols", List.of("http/1.1")));
        OPTIONS.put("strict", Map.of("sniStrict", true));
        OPTIONS.put("strictnocert", Map.of("sniStrict", true));
        OPTIONS.put("notickets", Map.of("disableSessionTickets", true));
    }

    static TestGateway gw;
    static TestGateway strictDefault;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Backend echo = closing.add(Backend.echo("echo"));
        Map<String, Object> routers = new LinkedHashMap<>();
        routers.put("open", router("open.test", null));
        OPTIONS.keySet().forEach(name -> routers.put(name, router(name + ".test", name)));
        // strictnocert.test has a router but no certificate: strict SNI refuses it.
        TestPki.Issued server = TestPki.server(TestPki.ca("Server CA"), "gateway", "open.test", "tls12.test", "tls13.test", "legacy.test",
                "ciphers.test", "curves.test", "h1.test", "strict.test", "notickets.test");
        gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(dynamic(echo, routers, server, OPTIONS)));
        assertThat(gw.gateway().problems()).isEmpty();
        port = gw.gateway().port("websecure");

        TestPki.Issued known = TestPki.server(TestPki.ca("Server CA 2"), "known", "known.test");
        Map<String, Object> strictRouters = new LinkedHashMap<>();
        strictRouters.put("known", router("known.test", null));
        strictRouters.put("any", Map.of("entryPoints", List.of("websecure"), "rule", "PathPrefix(`/`)", "service", "echo", "tls", Map.of()));
        strictDefault = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}")
                .start(dynamic(echo, strictRouters, known, Map.of("default", Map.of("sniStrict", true)))));
        assertThat(strictDefault.gateway().problems()).isEmpty();
    }

    static Map<String, Object> router(String host, String options) {
        Map<String, Object> tls = options == null ? Map.of() : Map.of("options", options);
        return Map.of("entryPoints", List.of("websecure"), "rule", "Host(`" + host + "`)", "service", "echo", "tls", tls);
    }

    static String dynamic(Backend echo, Map<String, Object> routers, TestPki.Issued certificate, Map<String, ?> options) throws Exception {
        return YAML.writeValueAsString(Map.of(
                "http", Map.of("routers", routers,
                        "services", Map.of("echo", Map.of("loadBalancer", Map.of("servers", List.of(Map.of("url", echo.url())))))),
                "tls", Map.of("certificates", List.of(Map.of("certFile", certificate.chainPem(), "keyFile", certificate.keyPem())),
                        "options", options)));
    }

    static TlsClient client(String sni) {
        return TlsClient.to(port).sni(sni);
    }

    @Test
    void maxVersionRefusesNewerClientsAndMinVersionOlderOnes() {
        assertThat(client("tls12.test").protocols("TLSv1.3").get("/").refused()).isTrue();
        assertThat(client("tls12.test").protocols("TLSv1.2", "TLSv1.3").get("/").protocol()).isEqualTo("TLSv1.2");
        assertThat(client("tls13.test").protocols("TLSv1.2").get("/").refused()).isTrue();
        assertThat(client("tls13.test").protocols("TLSv1.3").get("/").status()).isEqualTo(200);
        // Traefik's defaults: TLS 1.2 and 1.3.
        assertThat(client("open.test").protocols("TLSv1.2").get("/").status()).isEqualTo(200);
        assertThat(client("open.test").protocols("TLSv1.3").get("/").status()).isEqualTo(200);
        assertThat(client("open.test").get("/").protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void theProtocolVersionAlertTellsTheClientWhy() {
        TlsClient.Result r = client("tls12.test").protocols("TLSv1.3").get("/");
        assertThat(r.failure()).hasMessageContaining("protocol_version");
    }

    @Test
    void versionsThisJdkDisablesAreReportedAsADifferenceNotSilentlyIgnored() {
        assertThat(gw.gateway().warnings()).anySatisfy(w -> assertThat(w).contains("tls.options.legacy.minVersion: not supported by jwtgate:",
                "VersionTLS10 and VersionTLS11 are disabled by this JDK"));
        assertThat(client("legacy.test").protocols("TLSv1.2").get("/").status()).isEqualTo(200);
    }

    @Test
    void cipherSuitesLimitTls12AndMatchGoDefaultsOtherwise() {
        assertThat(client("ciphers.test").protocols("TLSv1.2").cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").get("/").refused())
                .isTrue();
        TlsClient.Result ok = client("ciphers.test").protocols("TLSv1.2")
                .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").get("/");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        // Go's default list has the CBC-SHA suites but not the CBC-SHA256 ones the JDK enables by default.
        assertThat(client("open.test").protocols("TLSv1.2").cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256").get("/").refused())
                .isTrue();
        assertThat(client("open.test").protocols("TLSv1.2").cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA").get("/").status())
                .isEqualTo(200);
    }

    @Test
    void curvePreferencesLimitTheKeyExchangeGroups() {
        assertThat(client("curves.test").namedGroups("x25519").get("/").refused()).isTrue();
        assertThat(client("curves.test").namedGroups("secp384r1").get("/").status()).isEqualTo(200);
        // Go's defaults: X25519 and the NIST curves, not the JDK's x448 and finite-field groups.
        assertThat(client("open.test").protocols("TLSv1.3").namedGroups("ffdhe2048").get("/").refused()).isTrue();
        assertThat(client("open.test").protocols("TLSv1.3").namedGroups("x448").get("/").refused()).isTrue();
        assertThat(client("open.test").protocols("TLSv1.3").namedGroups("x25519").get("/").status()).isEqualTo(200);
    }

    @Test
    void alpnProtocolsChooseHttp2OrHttp11AndRefuseNoOverlap() {
        assertThat(client("open.test").alpn("h2", "http/1.1").get("/").applicationProtocol()).isEqualTo("h2");
        TlsClient.Result h1 = client("h1.test").alpn("h2", "http/1.1").get("/");
        assertThat(h1.applicationProtocol()).isEqualTo("http/1.1");
        assertThat(h1.status()).isEqualTo(200);
        assertThat(client("h1.test").alpn("h2").get("/").failure()).hasMessageContaining("no_application_protocol");
        // acme-tls/1 is in Traefik's default list, but only its ACME resolver answers it.
        assertThat(client("open.test").alpn("acme-tls/1").get("/").refused()).isTrue();
        assertThat(client("h1.test").get("/").status()).as("no ALPN at all is HTTP/1.1").isEqualTo(200);
    }

    @Test
    void sniStrictRefusesNamesWithoutACertificateOnlyWhereItIsSet() {
        assertThat(client("strict.test").get("/").status()).isEqualTo(200);
        // Refused with an alert, and the connection closed at once (not left open until the client gives up).
        assertThat(client("strictnocert.test").get("/").failure()).hasMessageContaining("handshake_failure");
        // Not strict: an unknown name and no name get the default certificate.
        assertThat(client("unknown.test").host("open.test").get("/").status()).isEqualTo(200);
        assertThat(client(null).host("open.test").get("/").status()).isEqualTo(200);
    }

    @Test
    void strictDefaultOptionsRefuseConnectionsWithoutSniAndUnknownNames() {
        int strictPort = strictDefault.gateway().port("websecure");
        assertThat(TlsClient.to(strictPort).sni(null).host("known.test").get("/").failure()).hasMessageContaining("handshake_failure");
        assertThat(TlsClient.to(strictPort).sni("unknown.test").get("/").failure()).hasMessageContaining("handshake_failure");
        TlsClient.Result known = TlsClient.to(strictPort).sni("known.test").get("/");
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.peerSubject()).isEqualTo("CN=known");
    }

    @Test
    void disableSessionTicketsMakesEveryConnectionAFullHandshake() {
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            TlsClient resuming = client("open.test").protocols(version);
            TlsClient.Result first = resuming.get("/");
            TlsClient.Result second = resuming.get("/");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.sessionCreated()).as(version + ": the default options let sessions resume").isEqualTo(first.sessionCreated());

            TlsClient fresh = client("notickets.test").protocols(version);
            TlsClient.Result a = fresh.get("/");
            sleepPastClockTick(a.sessionCreated());
            TlsClient.Result b = fresh.get("/");
            assertThat(b.status()).isEqualTo(200);
            assertThat(b.sessionCreated()).as(version + ": no resumption").isNotEqualTo(a.sessionCreated());
        }
    }

    /** Session creation times have millisecond resolution: make sure a new session cannot share the first one's. */
    private static void sleepPastClockTick(long created) {
        while (System.currentTimeMillis() <= created) {
            Thread.onSpinWait();
        }
    }
}
