package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.PemFixtures;
import io.jwtgate.gateway.support.PemFixtures.Encoding;
import io.jwtgate.gateway.support.PemFixtures.KeyType;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TlsClient;
import io.jwtgate.gateway.watcher.ConfigurationWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A configured certificate that is not a certificate with its key: reported once with its files, not served, and the
 * gateway serves everything else (Traefik skips such a pair as well); once fixed, a reload serves it.
 */
class CertificateProblemsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    private static final String STATIC = """
            entryPoints:
              websecure:
                address: "127.0.0.1:0"
                http:
                  tls: {}
            providers:
              file:
                filename: dynamic.yml
            """;

    @Test
    void brokenPairsAreReportedAndSkippedAndTheRestIsServed() throws Exception {
        Backend backend = closing.add(Backend.echo("tls"));
        Path dir = TempDirs.create("certificate-problems");
        closing.add((AutoCloseable) () -> TempDirs.delete(dir));
        PemPair good = PemFixtures.pair(KeyType.RSA, "good.example.test");
        // EC: a stranger's key is found at load (its public point derived), not at the first handshake.
        PemPair other = PemFixtures.pair(KeyType.EC, "mismatch.example.test");
        Files.writeString(dir.resolve("good.crt"), good.certificatePem());
        Files.writeString(dir.resolve("good.key"), good.keyPem());
        Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("mismatch.crt"), other.certificatePem());
        Files.writeString(dir.resolve("mismatch.key"), PemFixtures.keyPem(PemFixtures.keys(KeyType.EC), Encoding.TRADITIONAL));

        TestGateway gw = closing.add(TestGateway.start(STATIC, dynamic(backend, dir, "garbage.key", "mismatch.key")));

        assertThat(gw.gateway().problems()).hasSize(2);
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p).contains("tls.certificates")
                .contains(dir.resolve("garbage.key").toString()).contains("a private key block does not parse"));
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                .contains(dir.resolve("mismatch.key").toString()).contains("does not match the certificate's public key"));
        TlsClient.Result served = TlsClient.to(port(gw)).sni("good.example.test").get("/");
        assertThat(served.status()).as(served.toString()).isEqualTo(200);
        assertThat(served.peerSubject()).contains("CN=good.example.test");
        assertThat(TlsClient.to(port(gw)).sni("mismatch.example.test").get("/").peerSubject())
                .as("a name whose pair was skipped gets the default certificate").contains("CN=" + SelfSignedCertificate.COMMON_NAME);

        Files.writeString(dir.resolve("mismatch.key"), other.keyPem());
        gw.rewriteDynamic(dynamic(backend, dir, "good.key", "mismatch.key"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        TlsClient.Result fixed = TlsClient.to(port(gw)).sni("mismatch.example.test").get("/");
        while (!fixed.peerSubject().contains("CN=mismatch.example.test") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            fixed = TlsClient.to(port(gw)).sni("mismatch.example.test").get("/");
        }
        assertThat(fixed.peerSubject()).as(fixed.toString()).contains("CN=mismatch.example.test");
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(gw.gateway().problems()).isEmpty();

        // A reload skips the check only for pairs the previous runtime served unchanged: a served certificate whose key
        // file now holds a stranger's key is checked again, and the change is rejected (it adds a problem).
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger watcher = (Logger) LoggerFactory.getLogger(ConfigurationWatcher.class);
        log.start();
        watcher.addAppender(log);
        closing.add((AutoCloseable) () -> watcher.detachAppender(log));
        Files.writeString(dir.resolve("good.key"), PemFixtures.keyPem(PemFixtures.keys(KeyType.RSA), Encoding.PKCS8));
        gw.rewriteDynamic(dynamic(backend, dir, "garbage.key", "mismatch.key"));
        deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (rejections(log).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(rejections(log)).anySatisfy(m -> assertThat(m)
                .contains(dir.resolve("good.key").toString()).contains("does not match the certificate's public key"));
        assertThat(TlsClient.to(port(gw)).sni("good.example.test").get("/").peerSubject())
                .as("the last good configuration is still served").contains("CN=good.example.test");
    }

    /** The watcher's rejection messages so far (the appender's list is filled by the watcher's thread). */
    private static List<String> rejections(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("rejected")).toList();
        }
    }

    private static String dynamic(Backend backend, Path dir, String firstKey, String secondKey) {
        return """
                http:
                  routers:
                    r:
                      rule: PathPrefix(`/`)
                      service: b
                      tls: {}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                tls:
                  certificates:
                    - certFile: %s
                      keyFile: %s
                    - certFile: %s
                      keyFile: %s
                    - certFile: %s
                      keyFile: %s
                """.formatted(backend.url(), dir.resolve("good.crt"), dir.resolve(firstKey), dir.resolve("mismatch.crt"), dir.resolve(secondKey),
                dir.resolve("good.crt"), dir.resolve("good.key"));
    }

    private static int port(TestGateway gw) {
        return gw.gateway().port("websecure");
    }
}
