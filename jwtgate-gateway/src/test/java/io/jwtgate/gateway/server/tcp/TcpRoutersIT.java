package io.jwtgate.gateway.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestCa;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TlsLineClient;
import io.jwtgate.gateway.support.TlsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Traefik's {@code tcp.routers} through a running gateway, with real TCP and TLS backends and clients. */
class TcpRoutersIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;
    static Backend http;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = new TestCa("Backend CA");
        var backendCert = ca.issue("backend.example.test", "dns:pass.example.test");
        int tlsBackend = listen(new NetServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(backendCert.certificatePem())).setKeyValue(Buffer.buffer(backendCert.keyPem()))), "tls-backend");
        int echoA = listen(new NetServerOptions(), "a");
        int echoB = listen(new NetServerOptions(), "b");
        int banner = banner();
        http = closing.add(Backend.echo("http"));
        gw = closing.add(TestGateway.start("""
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                  tcp:
                    address: "127.0.0.1:0"
                providers:
                  file:
                    filename: dynamic.yml
                """, """
                tcp:
                  routers:
                    pass: {rule: "HostSNI(`pass.example.test`)", service: tls-backend, tls: {passthrough: true}, entryPoints: [web]}
                    term: {rule: "HostSNI(`term.example.test`)", service: a, tls: {}, entryPoints: [web]}
                    by-ip: {rule: "HostSNI(`ip.example.test`)", service: a, tls: {}, entryPoints: [web]}
                    not-local: {rule: "HostSNI(`ip.example.test`) && !ClientIP(`127.0.0.1`)", priority: 1000, service: b, tls: {},
                                entryPoints: [web]}
                    weighted: {rule: "HostSNI(`weighted.example.test`)", service: w, tls: {}, entryPoints: [web]}
                    proxied: {rule: "HostSNI(`proxied.example.test`)", service: a-with-proxy, tls: {}, entryPoints: [web]}
                    shadowed: {rule: "HostSNI(`both.example.test`)", service: tls-backend, tls: {passthrough: true}, entryPoints: [web]}
                    wildcard: {rule: "HostSNI(`*.wild.example.test`)", service: b, tls: {}, entryPoints: [web]}
                    catch-all: {rule: "HostSNI(`*`)", service: banner, entryPoints: [tcp]}
                  services:
                    tls-backend: {loadBalancer: {servers: [{address: "127.0.0.1:%d"}]}}
                    a: {loadBalancer: {servers: [{address: "127.0.0.1:%d"}]}}
                    b: {loadBalancer: {servers: [{address: "localhost:%d"}]}}
                    a-with-proxy: {loadBalancer: {servers: [{address: "127.0.0.1:%d"}], proxyProtocol: {version: 1}}}
                    banner: {loadBalancer: {servers: [{address: "127.0.0.1:%d"}]}}
                    w: {weighted: {services: [{name: a, weight: 3}, {name: b, weight: 1}]}}
                udp:
                  routers:
                    dns: {service: dns, entryPoints: [web]}
                http:
                  routers:
                    https: {rule: "Host(`both.example.test`)", service: h, tls: {}, entryPoints: [web]}
                    plain: {rule: "PathPrefix(`/`)", service: h, entryPoints: [web, tcp]}
                  services:
                    h: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(tlsBackend, echoA, echoB, echoA, banner, http.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    /** A TCP server that answers each line with "name:line". */
    static int listen(NetServerOptions options, String name) throws Exception {
        NetServer server = Backend.vertx().createNetServer(options.setHost("127.0.0.1").setPort(0)).connectHandler(s -> {
            s.handler(b -> s.write(Buffer.buffer(name + ":").appendBuffer(b)));
        });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        closing.add(() -> server.close());
        return server.actualPort();
    }

    /** A server-first protocol: a greeting as soon as a client connects. */
    static int banner() throws Exception {
        NetServer server = Backend.vertx().createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(s -> s.write("220 banner ready\r\n"));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        closing.add(() -> server.close());
        return server.actualPort();
    }

    /** Over TLS with this SNI name: sends a line, reads the answer, and which certificate the server showed. */
    static TlsLineClient.Answer overTls(String serverName, String line) throws Exception {
        return TlsLineClient.exchange(gw.gateway().port("web"), serverName, line);
    }

    @Test
    void passthroughSendsTheTlsBytesToTheBackendWhichTerminates() throws Exception {
        TlsLineClient.Answer a = overTls("pass.example.test", "ping");
        assertThat(a.peer()).isEqualTo("CN=backend.example.test"); // the backend's certificate, not the gateway's
        assertThat(a.line()).isEqualTo("tls-backend:ping");
    }

    @Test
    void terminationDecryptsAndForwardsPlainTcp() throws Exception {
        TlsLineClient.Answer a = overTls("term.example.test", "ping");
        assertThat(a.peer()).contains("CN=" + SelfSignedCertificate.COMMON_NAME);
        assertThat(a.line()).isEqualTo("a:ping");
    }

    @Test
    void clientIpTakesPartInTheRule() throws Exception {
        // The higher-priority router excludes 127.0.0.1, so this client reaches the other one.
        assertThat(overTls("ip.example.test", "x").line()).isEqualTo("a:x");
    }

    @Test
    void weightedServiceSplitsConnectionsByWeight() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add(overTls("weighted.example.test", "w").line());
        }
        assertThat(seen).filteredOn("a:w"::equals).hasSize(6);
        assertThat(seen).filteredOn("b:w"::equals).hasSize(2);
    }

    @Test
    void proxyProtocolToTheBackendCarriesTheClientAddress() throws Exception {
        assertThat(overTls("proxied.example.test", "hi").line()).startsWith("a:PROXY TCP4 127.0.0.1 127.0.0.1 ");
    }

    @Test
    void wildcardHostSni() throws Exception {
        assertThat(overTls("x.wild.example.test", "y").line()).isEqualTo("b:y");
    }

    @Test
    void anHttpsRouterForTheSniNameWinsOverATcpRouter() {
        TlsClient.Result r = TlsClient.to(gw.gateway().port("web")).sni("both.example.test").get("/");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("\"backend\":\"http\"");
    }

    @Test
    void cleartextHttpStillReachesHttpRoutersNextToTcpRouters() throws Exception {
        RawHttp.Response r = RawHttp.exchange(gw.gateway().port("web"), "GET / HTTP/1.1\nHost: any.example.test\nConnection: close\n\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"x-forwarded-for\":[\"127.0.0.1\"]");
    }

    @Test
    void nonTlsCatchAllTakesCleartextConnectionsBeforeTheClientSpeaks() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway().port("tcp"))) {
            s.setSoTimeout(10_000);
            // Nothing sent: a server-first protocol gets its greeting; the HTTP router of this entry point never sees it.
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine())
                    .isEqualTo("220 banner ready");
        }
    }

    @Test
    void aTlsConnectionNoRouterTakesIsRefused() throws Exception {
        // No HTTPS router without a host, no TCP catch-all on this entry point: the HTTPS side answers 404.
        TlsClient.Result r = TlsClient.to(gw.gateway().port("web")).sni("nobody.example.test").get("/");
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
    }

}
