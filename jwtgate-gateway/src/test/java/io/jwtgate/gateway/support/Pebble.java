package io.jwtgate.gateway.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real ACME CA for a test: Let's Encrypt's {@code pebble} (Debian package), on 127.0.0.1 and
 * ephemeral ports, with {@code pebble-challtestsrv} (same package) as its DNS server answering
 * 127.0.0.1 for every name. So challenges really travel: pebble's validation connects to
 * {@code <name>:httpPort} (http-01) and {@code <name>:tlsPort} (tls-alpn-01) on 127.0.0.1, where the
 * gateway's entry points listen, for any made-up name ({@code app.acme.test}). Pebble's own HTTPS
 * listener gets a certificate from a test CA, which the resolver trusts through {@code caCertificates}
 * (Traefik's option for a private CA). Absent pebble, the test is skipped, except with {@code CI=true},
 * where it fails ({@code .ci/run} installs the package).
 */
public final class Pebble implements AutoCloseable {

    private static final Pattern ORDER = Pattern.compile("Added order \"");

    private final Path dir;
    private final int acmePort;
    private final int managementPort;
    private final int httpPort;
    private final int tlsPort;
    private final List<Process> processes = new ArrayList<>();
    private final SSLContext listenerTrust;

    private Pebble(Path dir, int acmePort, int managementPort, int httpPort, int tlsPort, SSLContext listenerTrust) {
        this.dir = dir;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
        this.tlsPort = tlsPort;
        this.listenerTrust = listenerTrust;
    }

    /** Starts pebble and its DNS server; the http-01 and tls-alpn-01 ports it validates on are {@link #httpPort()}, {@link #tlsPort()}. */
    public static Pebble start() throws Exception {
        Path pebble = Path.of("/usr/bin/pebble");
        Path challtestsrv = Path.of("/usr/bin/pebble-challtestsrv");
        if (!Files.isExecutable(pebble) || !Files.isExecutable(challtestsrv)) {
            throw RequiredInCi.missing("pebble is not installed (Debian: apt-get install -y pebble)");
        }
        Path dir = TempDirs.create("pebble");
        TestPki.Issued ca = TestPki.ca("Pebble Listener Test CA");
        TestPki.Issued listener = TestPki.server(ca, "localhost", "localhost");
        Files.writeString(dir.resolve("listener-ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("cert.pem"), listener.chainPem());
        Files.writeString(dir.resolve("key.pem"), listener.keyPem());
        int acme = freeTcpPort();
        int management = freeTcpPort();
        int http = freeTcpPort();
        int tls = freeTcpPort();
        int dns = freeUdpPort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(acme, management, dir.resolve("cert.pem"), dir.resolve("key.pem"), http, tls));
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
        Pebble p = new Pebble(dir, acme, management, http, tls, trust);
        try {
            p.launch(dir.resolve("challtestsrv.log"), List.of(challtestsrv.toString(), "-dns01", "127.0.0.1:" + dns, "-http01", "",
                    "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + freeTcpPort(), "-defaultIPv4", "127.0.0.1",
                    "-defaultIPv6", ""), "Starting management server");
            p.launch(dir.resolve("pebble.log"), List.of(pebble.toString(), "-config", dir.resolve("pebble.json").toString(),
                    "-dnsserver", "127.0.0.1:" + dns), "Listening on");
            return p;
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    private void launch(Path log, List<String> command, String ready) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // No random sleeps before validation; no bad-nonce rejections (acme4j retries them, but slower).
        b.environment().put("PEBBLE_VA_NOSLEEP", "1");
        b.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        // Every order validates again (no reused authorizations): renewals really go through the challenge.
        b.environment().put("PEBBLE_AUTHZREUSE", "0");
        Process process = b.start();
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log);
            if (out.contains(ready)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": " + out);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(command.get(0) + " did not start: " + Files.readString(log));
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The ACME directory URL ({@code caServer}). */
    public String directory() {
        return "https://localhost:" + acmePort + "/dir";
    }

    /** The CA file that makes pebble's own HTTPS listener trusted ({@code caCertificates}). */
    public Path listenerCaFile() {
        return dir.resolve("listener-ca.pem");
    }

    /** The port pebble sends http-01 validations to: the gateway's challenge entry point must listen there. */
    public int httpPort() {
        return httpPort;
    }

    /** The port pebble sends tls-alpn-01 validations to. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The root of the certificates pebble issues (it makes a new one at each start), as PEM. */
    public String rootPem() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(listenerTrust).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("pebble /roots/0 answered " + r.statusCode());
            }
            return r.body();
        }
    }

    /** How many orders pebble has created since it started (from its log). */
    public int orders() throws IOException {
        Matcher m = ORDER.matcher(Files.readString(dir.resolve("pebble.log")));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Pebble's log so far (for failure messages). */
    public String log() throws IOException {
        return Files.readString(dir.resolve("pebble.log"));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        TempDirs.delete(dir);
    }
}
