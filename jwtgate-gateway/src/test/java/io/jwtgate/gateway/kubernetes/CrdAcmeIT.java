package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Pebble;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TlsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An IngressRoute's {@code tls.certResolver} and {@code tls.domains} obtain certificates from a real
 * ACME server (pebble), as the file provider's router {@code tls} does: the rule's Host names when no
 * domains are given, {@code main} and {@code sans} when they are.
 */
class CrdAcmeIT {

    private static Pebble pebble;
    private static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        pebble = Pebble.start();
        backend = Backend.echo("crd-app");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pebble != null) {
            pebble.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static String ingressRoute(String name, String host, String tls) {
        return """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: Host(`%s`)
                      services: [{name: app, port: 80}]
                  tls: %s
                """.formatted(name, host, tls);
    }

    @Test
    void ingressRouteCertResolverAndDomainsObtainTrustedCertificates() throws Exception {
        Path dir = TempDirs.create("crd-acme");
        Path manifests = dir.resolve("manifests.yaml");
        Files.writeString(manifests, ingressRoute("from-rule", "rule.crd.acme.test", "{certResolver: le}")
                + ingressRoute("from-domains", "main.crd.acme.test",
                "{certResolver: le, domains: [{main: main.crd.acme.test, sans: [san.crd.acme.test]}]}"));
        String staticYaml = """
                entryPoints:
                  web: {address: "127.0.0.1:%d"}
                  websecure: {address: "127.0.0.1:%d", http: {tls: {}}}
                certificatesResolvers:
                  le:
                    acme:
                      email: ops@acme.test
                      caServer: %s
                      caCertificates: ["%s"]
                      storage: "%s"
                      httpChallenge: {entryPoint: web}
                providers:
                  kubernetesCRD:
                    filename: %s
                    throttleDuration: 100ms
                    serviceAddresses:
                      "apps/app:80": ["%s"]
                """.formatted(pebble.httpPort(), pebble.tlsPort(), pebble.directory(), pebble.listenerCaFile(),
                dir.resolve("acme.json"), manifests, backend.url());
        try (KubeGateway gateway = KubeGateway.start(staticYaml)) {
            assertThat(gateway.warnings).noneMatch(w -> w.contains("certResolver") || w.contains("domains"));
            assertThat(awaitCertificate("rule.crd.acme.test").status()).isEqualTo(200);
            // The client verifies the host name: a trusted handshake for the SAN, which no rule names, shows domains.sans was obtained.
            assertThat(awaitCertificate("san.crd.acme.test").status()).isEqualTo(404);
            assertThat(awaitCertificate("main.crd.acme.test").status()).isEqualTo(200);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Polls until a client trusting pebble's root completes a handshake for {@code host}; fails after 60 s. */
    private static TlsClient.Result awaitCertificate(String host) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TlsClient.Result r = trusted(host);
        while (r.refused() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = trusted(host);
        }
        assertThat(r.refused()).as("a certificate for %s; pebble's log:\n%s", host, pebble.log()).isFalse();
        return r;
    }

    private static TlsClient.Result trusted(String host) throws Exception {
        return TlsClient.to(pebble.tlsPort()).sni(host).trusting(pebble.rootPem()).get("/");
    }
}
