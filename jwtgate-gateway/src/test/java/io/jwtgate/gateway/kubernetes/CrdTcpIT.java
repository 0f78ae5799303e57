package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.TlsLineClient;
import io.jwtgate.gateway.support.TestPki;
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

/**
 * IngressRouteTCP through a running gateway, with the manifest provider and real TCP and TLS
 * backends: HostSNI with TLS passthrough to a backend that terminates, TLS termination with the
 * route's Secret in front of a plain TCP backend, a route's TLSOption, a weighted service, a cleartext {@code HostSNI(`*`)}
 * catch-all; an IngressRouteUDP is reported once as not supported.
 */
class CrdTcpIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static KubeGateway gw;

    @BeforeAll
    static void start() throws Exception {
        TestPki.Issued backendCert = TestPki.server(TestPki.ca("Backend CA"), "backend.example.test", "pass.example.test");
        int tlsBackend = listen(new NetServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(backendCert.certificatePem())).setKeyValue(Buffer.buffer(backendCert.keyPem()))), "tls");
        int a = listen(new NetServerOptions(), "a");
        int b = listen(new NetServerOptions(), "b");
        int c = listen(new NetServerOptions(), "c");
        TestPki.Issued routeCert = TestPki.server(TestPki.ca("Cluster CA"), "term.example.test", "term.example.test", "weighted.example.test",
                "strict.example.test");
        String manifests = """
                apiVersion: v1
                kind: Secret
                metadata: {name: term-tls, namespace: apps}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: pass, namespace: apps}
                spec:
                  entryPoints: [tcp]
                  routes:
                    - match: HostSNI(`pass.example.test`)
                      services: [{name: tls-backend, port: 443}]
                  tls: {passthrough: true}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: term, namespace: apps}
                spec:
                  entryPoints: [tcp]
                  routes:
                    - match: HostSNI(`term.example.test`)
                      services: [{name: echo-a, port: 7000}]
                    - match: HostSNI(`weighted.example.test`)
                      services: [{name: echo-a, port: 7000, weight: 3}, {name: echo-b, port: 7000, weight: 1}]
                  tls: {secretName: term-tls}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: tls13, namespace: apps}
                spec: {minVersion: VersionTLS13}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: strict, namespace: apps}
                spec:
                  entryPoints: [tcp]
                  routes:
                    - match: HostSNI(`strict.example.test`)
                      services: [{name: echo-b, port: 7000}]
                  tls: {secretName: term-tls, options: {name: tls13}}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: catch-all, namespace: apps}
                spec:
                  entryPoints: [plain]
                  routes:
                    - match: HostSNI(`*`)
                      services: [{name: echo-c, port: 7000}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: dns, namespace: apps}
                spec:
                  entryPoints: [udp]
                  routes:
                    - services: [{name: dns, port: 53}]
                """.formatted(CrdTlsOptionIT.b64(routeCert.certificatePem()), CrdTlsOptionIT.b64(routeCert.keyPem()));
        gw = closing.add(KubeGateway.crd(manifests).entryPoint("tcp", "").entryPoint("plain", "")
                .service("apps/tls-backend:443", "https://127.0.0.1:" + tlsBackend)
                .service("apps/echo-a:7000", "http://127.0.0.1:" + a)
                .service("apps/echo-b:7000", "http://127.0.0.1:" + b)
                .service("apps/echo-c:7000", "http://127.0.0.1:" + c)
                .start());
        assertThat(gw.gateway.problems()).isEmpty();
    }

    /** A TCP server that answers each line with "name:line". */
    static int listen(NetServerOptions options, String name) throws Exception {
        NetServer server = Backend.vertx().createNetServer(options.setHost("127.0.0.1").setPort(0))
                .connectHandler(s -> s.handler(buf -> s.write(Buffer.buffer(name + ":").appendBuffer(buf))));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        closing.add(() -> server.close());
        return server.actualPort();
    }

    /** Over TLS to entry point {@code tcp} with this SNI name: the certificate shown, and the answer to one line. */
    static TlsLineClient.Answer overTls(String serverName, String line) throws Exception {
        return overTls(serverName, line, "TLSv1.3", "TLSv1.2");
    }

    static TlsLineClient.Answer overTls(String serverName, String line, String... protocols) throws Exception {
        return TlsLineClient.exchange(gw.gateway.port("tcp"), serverName, line, protocols);
    }

    @Test
    void passthroughSendsTheTlsBytesToTheBackendWhichTerminates() throws Exception {
        TlsLineClient.Answer r = overTls("pass.example.test", "ping");
        assertThat(r.peer()).isEqualTo("CN=backend.example.test"); // the backend's certificate, not the gateway's
        assertThat(r.line()).isEqualTo("tls:ping");
    }

    @Test
    void terminationWithTheRoutesSecretForwardsPlainTcp() throws Exception {
        TlsLineClient.Answer r = overTls("term.example.test", "ping");
        assertThat(r.peer()).isEqualTo("CN=term.example.test"); // the certificate of tls.secretName
        assertThat(r.line()).isEqualTo("a:ping");
    }

    @Test
    void theRoutesTlsOptionApplies() throws Exception {
        assertThat(overTls("strict.example.test", "v13", "TLSv1.3").line()).isEqualTo("b:v13");
        // minVersion TLS 1.3 of TLSOption apps/tls13: a TLS 1.2 client is refused; the other route still takes it.
        assertThatThrownBy(() -> overTls("strict.example.test", "v12", "TLSv1.2")).isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(overTls("term.example.test", "v12", "TLSv1.2").line()).isEqualTo("a:v12");
    }

    @Test
    void severalServicesAreWeighted() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add(overTls("weighted.example.test", "w").line());
        }
        assertThat(seen).filteredOn("a:w"::equals).hasSize(6);
        assertThat(seen).filteredOn("b:w"::equals).hasSize(2);
    }

    @Test
    void aCleartextCatchAllTakesAnyConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway.port("plain"))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine())
                    .isEqualTo("c:hello");
        }
    }

    @Test
    void anIngressRouteUdpIsReportedOnceAsNotSupported() {
        List<String> udp = gw.warnings.stream().filter(w -> w.contains("IngressRouteUDP")).toList();
        assertThat(udp).hasSize(1);
        assertThat(udp.get(0)).contains("apps/dns", "UDP is not supported", "not supported by jwtgate");
    }
}
