package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestPki;
import io.jwtgate.gateway.support.TlsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TLSOption with client CAs from a Secret, used by an IngressRoute through {@code tls.options},
 * loaded by the manifest provider: mutual TLS for that route's host, none for another route's host
 * on the same entry point.
 */
class CrdTlsOptionIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTlsOptionRequiresClientCertificatesForTheHostsOfTheRoutesUsingIt() throws Exception {
        TestPki.Issued ca = TestPki.ca("Cluster client CA");
        TestPki.Issued server = TestPki.server(TestPki.ca("Cluster server CA"), "apps", "secure.test", "open.test");
        Backend whoami = closing.add(Backend.echo("whoami"));
        Path file = TempDirs.create("crd-tlsoption").resolve("manifests.yaml");
        closing.add(() -> TempDirs.delete(file.getParent()));
        Files.writeString(file, """
                apiVersion: v1
                kind: Secret
                metadata: {name: client-ca, namespace: apps}
                data: {ca.crt: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: apps-tls, namespace: apps}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: mtls, namespace: apps}
                spec:
                  minVersion: VersionTLS12
                  clientAuth: {secretNames: [client-ca], clientAuthType: RequireAndVerifyClientCert}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: secure, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - {match: "Host(`secure.test`)", kind: Rule, services: [{name: whoami, port: 80}]}
                  tls: {secretName: apps-tls, options: {name: mtls}}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: open, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - {match: "Host(`open.test`)", kind: Rule, services: [{name: whoami, port: 80}]}
                  tls: {secretName: apps-tls}
                """.formatted(b64(ca.certificatePem()), b64(server.chainPem()), b64(server.keyPem())));
        try (KubeGateway gw = KubeGateway.start("""
                entryPoints:
                  websecure: {address: "127.0.0.1:0", http: {tls: {}}}
                providers:
                  kubernetesCRD:
                    filename: %s
                    serviceAddresses: {"apps/whoami:80": %s}
                """.formatted(file, whoami.url()))) {
            assertThat(gw.gateway.problems()).isEmpty();
            int port = gw.gateway.port("websecure");
            assertThat(TlsClient.to(port).sni("secure.test").get("/").refused()).isTrue();
            assertThat(TlsClient.to(port).sni("secure.test").certificate(TestPki.selfSignedClient("intruder")).get("/").refused()).isTrue();
            TlsClient.Result ok = TlsClient.to(port).sni("secure.test").certificate(TestPki.client(ca, "member")).get("/");
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.peerSubject()).isEqualTo("CN=apps");
            assertThat(TlsClient.to(port).sni("open.test").get("/").status()).isEqualTo(200);
            assertThat(TlsClient.to(port).sni("open.test").host("secure.test").get("/").status()).isEqualTo(421);
        }
    }
}
