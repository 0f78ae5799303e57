package io.jwtgate.gateway.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TlsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's usual {@code websecure: {address: ":443"}} without {@code http.tls}: routers that declare
 * {@code tls} are served on TLS connections, the others on cleartext ones, on the same port.
 */
class MixedTlsEntryPointIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String STATIC = """
            entryPoints:
              web:
                address: "127.0.0.1:0"
            providers:
              file:
                filename: dynamic.yml
                watch: true
            """;

    static Backend secureBackend;
    static Backend plainBackend;
    static TlsCertificates.PemPair certificate;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        secureBackend = closing.add(Backend.echo("secure"));
        plainBackend = closing.add(Backend.echo("plain"));
        certificate = SelfSignedCertificate.generate("secure.example.test", "secure.example.test");
        gw = closing.add(TestGateway.start(STATIC, dynamic(true)));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    static String dynamic(boolean withTlsRouter) {
        return """
                http:
                  routers:
                    plain:
                      rule: Host(`plain.example.test`) || Host(`both.example.test`)
                      service: plain
                %s
                  services:
                    plain: {loadBalancer: {servers: [{url: "%s"}]}}
                    secure: {loadBalancer: {servers: [{url: "%s"}]}}
                tls:
                  certificates:
                    - certFile: |
                %s
                      keyFile: |
                %s
                """.formatted(withTlsRouter ? """
                            secure:
                              rule: Host(`secure.example.test`) || Host(`both.example.test`)
                              service: secure
                              tls: {}
                        """ : "", plainBackend.url(), secureBackend.url(), indent(certificate.certificatePem()),
                indent(certificate.keyPem()));
    }

    static int port(TestGateway g) {
        return g.gateway().port("web");
    }

    @Test
    void tlsConnectionsReachTheTlsRouterWithTheClientAddressKept() {
        TlsClient.Result r = TlsClient.to(port(gw)).sni("secure.example.test").get("/a");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("\"backend\":\"secure\"").contains("\"x-forwarded-proto\":[\"https\"]")
                .contains("\"x-forwarded-for\":[\"127.0.0.1\"]");
        assertThat(r.peerSubject()).contains("CN=secure.example.test");
    }

    @Test
    void cleartextConnectionsReachThePlainRouterOnTheSamePort() throws Exception {
        RawHttp.Response r = RawHttp.exchange(port(gw), "GET /a HTTP/1.1\nHost: plain.example.test\nConnection: close\n\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"backend\":\"plain\"").contains("\"x-forwarded-proto\":[\"http\"]")
                .contains("\"x-forwarded-for\":[\"127.0.0.1\"]");
    }

    @Test
    void eachKindOfConnectionOnlyReachesItsKindOfRouter() throws Exception {
        assertThat(TlsClient.to(port(gw)).sni("plain.example.test").get("/").status()).isEqualTo(404);
        assertThat(RawHttp.exchange(port(gw), "GET / HTTP/1.1\nHost: secure.example.test\nConnection: close\n\n").status())
                .isEqualTo(404);
        // One host, two routers: the connection's kind chooses.
        assertThat(TlsClient.to(port(gw)).sni("both.example.test").get("/").body()).contains("\"backend\":\"secure\"");
        assertThat(RawHttp.exchange(port(gw), "GET / HTTP/1.1\nHost: both.example.test\nConnection: close\n\n").body())
                .contains("\"backend\":\"plain\"");
    }

    @Test
    void http2IsNegotiatedOnTlsConnections() {
        TlsClient.Result r = TlsClient.to(port(gw)).sni("secure.example.test").alpn("h2", "http/1.1").get("/");
        assertThat(r.applicationProtocol()).as(r.toString()).isEqualTo("h2");
    }

    @Test
    void aReloadThatAddsTheFirstTlsRouterServesItWithoutRestart() throws Exception {
        try (TestGateway g = TestGateway.start(STATIC, dynamic(false))) {
            // Today's direct HTTP server: a TLS client gets no handshake.
            assertThat(TlsClient.to(port(g)).sni("secure.example.test").get("/").refused()).isTrue();
            g.rewriteDynamic(dynamic(true));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            TlsClient.Result r = TlsClient.to(port(g)).sni("secure.example.test").get("/");
            while (r.status() != 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                r = TlsClient.to(port(g)).sni("secure.example.test").get("/");
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body()).contains("\"backend\":\"secure\"");
            assertThat(RawHttp.exchange(port(g), "GET / HTTP/1.1\nHost: plain.example.test\nConnection: close\n\n").status())
                    .isEqualTo(200);
            assertThat(g.gateway().problems()).isEmpty();
        }
    }

    static String indent(String pem) {
        return pem.lines().map(l -> "                " + l).collect(Collectors.joining("\n"));
    }
}
