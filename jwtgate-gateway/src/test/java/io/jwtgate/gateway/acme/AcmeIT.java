package io.jwtgate.gateway.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Pebble;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TlsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ACME end to end: a gateway whose entry points listen where pebble validates (http-01 on
 * {@code web}, tls-alpn-01 on {@code websecure}), certificates trusted through pebble's root, the
 * storage file across restarts, renewal, and a CA refusing one domain.
 */
class AcmeIT {

    private static Pebble pebble;
    private static Backend backend;
    private static String root;
    private Path storage;
    private TestGateway gateway;

    @BeforeAll
    static void startPebble() throws Exception {
        pebble = Pebble.start();
        backend = Backend.echo("app");
        root = pebble.rootPem();
    }

    @AfterAll
    static void stopPebble() throws Exception {
        if (pebble != null) {
            pebble.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void storageDir() {
        storage = TempDirs.create("acme-storage").resolve("acme.json");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        TempDirs.delete(storage.getParent());
    }

    static String staticYaml(Pebble pebble, Path storage, String challenge) {
        return """
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
                      keyType: EC256
                      %s
                providers:
                  providersThrottleDuration: 100ms
                  file: {filename: dynamic.yml, watch: true}
                """.formatted(pebble.httpPort(), pebble.tlsPort(), pebble.directory(), pebble.listenerCaFile(), storage, challenge);
    }

    static String routers(String... hosts) {
        StringBuilder b = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < hosts.length; i++) {
            b.append("    r").append(i).append(": {rule: \"Host(`").append(hosts[i])
                    .append("`)\", entryPoints: [websecure], service: app, tls: {certResolver: le}}\n");
        }
        return b + "  services:\n    app: {loadBalancer: {servers: [{url: \"" + backend.url() + "\"}]}}\n";
    }

    private TlsClient.Result trusted(String host) {
        return TlsClient.to(pebble.tlsPort()).sni(host).trusting(root).get("/");
    }

    /** Polls until a client trusting pebble's root gets an answer for {@code host}. */
    private TlsClient.Result awaitCertificate(String host) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TlsClient.Result r = trusted(host);
        while (r.refused() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = trusted(host);
        }
        assertThat(r.refused()).as("a certificate for %s; pebble's log:\n%s", host, pebble.log()).isFalse();
        return r;
    }

    @Test
    void httpChallengeObtainsATrustedCertificateAndStoresItInTraefiksFormat() throws Exception {
        gateway = TestGateway.start(staticYaml(pebble, storage, "httpChallenge: {entryPoint: web}"), routers("app.acme.test"));
        TlsClient.Result r = awaitCertificate("app.acme.test");
        assertThat(r.status()).isEqualTo(200);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rw-------");
        JsonNode json = new ObjectMapper().readTree(storage.toFile());
        JsonNode le = json.get("le");
        assertThat(le.path("Account").path("Email").asText()).isEqualTo("ops@acme.test");
        assertThat(le.path("Account").path("Registration").path("uri").asText()).startsWith("https://localhost:");
        assertThat(le.path("Account").path("PrivateKey").asText()).isNotEmpty();
        assertThat(le.path("Certificates").get(0).path("domain").path("main").asText()).isEqualTo("app.acme.test");
        assertThat(le.path("Certificates").get(0).path("Store").asText()).isEqualTo("default");
        String pem = new String(java.util.Base64.getDecoder().decode(le.path("Certificates").get(0).path("certificate").asText()));
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        String key = new String(java.util.Base64.getDecoder().decode(le.path("Certificates").get(0).path("key").asText()));
        assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void tlsChallengeObtainsATrustedCertificate() throws Exception {
        gateway = TestGateway.start(staticYaml(pebble, storage, "tlsChallenge: {}"), routers("tls.acme.test"));
        assertThat(awaitCertificate("tls.acme.test").status()).isEqualTo(200);
    }

    @Test
    void aRestartServesTheStoredCertificateAtOnceWithoutANewOrderAndReusesTheAccount() throws Exception {
        String staticYaml = staticYaml(pebble, storage, "httpChallenge: {entryPoint: web}");
        gateway = TestGateway.start(staticYaml, routers("restart.acme.test"));
        String serial = awaitCertificate("restart.acme.test").peerSerial();
        String account = new ObjectMapper().readTree(storage.toFile()).at("/le/Account/Registration/uri").asText();
        gateway.close();
        int orders = pebble.orders();

        gateway = TestGateway.start(staticYaml, routers("restart.acme.test"));
        TlsClient.Result first = trusted("restart.acme.test"); // the first handshake: no waiting for the CA
        assertThat(first.refused()).as("%s", first).isFalse();
        assertThat(first.peerSerial()).isEqualTo(serial);
        assertThat(pebble.orders()).isEqualTo(orders);
        assertThat(new ObjectMapper().readTree(storage.toFile()).at("/le/Account/Registration/uri").asText()).isEqualTo(account);
    }

    @Test
    void anAcmeJsonWrittenByTraefikIsServedAtOnceWithoutAnOrder() throws Exception {
        io.jwtgate.gateway.support.TestPki.Issued ca = io.jwtgate.gateway.support.TestPki.ca("Traefik Era CA");
        io.jwtgate.gateway.support.TestPki.Issued cert = io.jwtgate.gateway.support.TestPki.server(ca, "legacy.acme.test",
                "legacy.acme.test", "www.legacy.acme.test");
        Files.writeString(storage, AcmeStorageTest.traefikFile("le", cert.chainPem(), cert.keyPem(),
                AcmeKeys.pkcs1(AcmeKeys.generate("RSA2048"))));
        Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rw-------"));
        int orders = pebble.orders();
        gateway = TestGateway.start(staticYaml(pebble, storage, "httpChallenge: {entryPoint: web}"), routers("legacy.acme.test"));
        TlsClient.Result r = TlsClient.to(pebble.tlsPort()).sni("www.legacy.acme.test").trusting(ca.certificatePem()).get("/");
        assertThat(r.refused()).as("%s", r).isFalse();
        assertThat(r.peerSerial()).isEqualTo(cert.certificate().getSerialNumber().toString(16));
        assertThat(pebble.orders()).isEqualTo(orders);
    }

    @Test
    void aCaRefusingOneDomainLeavesTheOtherRoutersServed() throws Exception {
        gateway = TestGateway.start(staticYaml(pebble, storage, "httpChallenge: {entryPoint: web}"),
                routers("bad_name.acme.test", "good.acme.test"));
        assertThat(awaitCertificate("good.acme.test").status()).isEqualTo(200);
        // The refused domain keeps the default certificate (Java clients cannot send '_' in SNI: none is sent).
        TlsClient.Result bad = TlsClient.to(pebble.tlsPort()).sni(null).host("bad_name.acme.test").get("/");
        assertThat(bad.peerSubject()).isEqualTo("CN=JWTGATE DEFAULT CERT");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(gateway.gateway().certificateResolvers().domains().get("le")).extracting(d -> d.main()).containsExactly("good.acme.test");
    }

    @Test
    void renewalReplacesTheCertificateWithoutDroppingConnections() throws Exception {
        gateway = TestGateway.start(staticYaml(pebble, storage, "httpChallenge: {entryPoint: web}"), routers("renew.acme.test"));
        String before = awaitCertificate("renew.acme.test").peerSerial();
        int orders = pebble.orders();
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {io.jwtgate.gateway.support.Http.TRUST_ALL}, null);
        try (javax.net.ssl.SSLSocket open = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", pebble.tlsPort())) {
            open.setSoTimeout(10_000);
            javax.net.ssl.SSLParameters p = open.getSSLParameters();
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("renew.acme.test")));
            open.setSSLParameters(p);
            assertThat(keepAliveGet(open)).startsWith("HTTP/1.1 200");

            // Traefik's rule, as of the certificate's last day: due within the renew period, renewed now.
            java.security.cert.X509Certificate served = (java.security.cert.X509Certificate) open.getSession().getPeerCertificates()[0];
            gateway.gateway().certificateResolvers().renewDue(served.getNotAfter().toInstant().minus(Duration.ofDays(1)))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(pebble.orders()).isEqualTo(orders + 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String after = trusted("renew.acme.test").peerSerial();
            while (before.equals(after) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = trusted("renew.acme.test").peerSerial();
            }
            assertThat(after).isNotEqualTo(before);
            assertThat(keepAliveGet(open)).as("the connection opened before the renewal still serves").startsWith("HTTP/1.1 200");
        }
    }

    /** One request on a kept-alive connection; returns the status line and headers. */
    private static String keepAliveGet(javax.net.ssl.SSLSocket socket) throws Exception {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: renew.acme.test\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return head.toString();
    }
}
