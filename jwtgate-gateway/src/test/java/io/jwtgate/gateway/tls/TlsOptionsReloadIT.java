package io.jwtgate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.TestPki;
import io.jwtgate.gateway.support.TlsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * A reload swaps TLS options for new connections without dropping current ones: a connection made
 * before its host's options changed is answered 421 (it must reconnect to get the new options, e.g.
 * to present a client certificate now required), one whose options did not change keeps being served.
 */
class TlsOptionsReloadIT {

    static final YAMLMapper YAML = new YAMLMapper();
    static final TestPki.Issued CA = TestPki.ca("Reload CA");
    static final TestPki.Issued SERVER = TestPki.server(TestPki.ca("Reload server CA"), "gateway", "a.test", "b.test");

    static String dynamic(String backend, Map<String, Object> bOptions) throws Exception {
        return YAML.writeValueAsString(Map.of(
                "http", Map.of("routers", Map.of(
                                "a", Map.of("entryPoints", List.of("websecure"), "rule", "Host(`a.test`)", "service", "s", "tls", Map.of()),
                                "b", Map.of("entryPoints", List.of("websecure"), "rule", "Host(`b.test`)", "service", "s",
                                        "tls", Map.of("options", "b"))),
                        "services", Map.of("s", Map.of("loadBalancer", Map.of("servers", List.of(Map.of("url", backend)))))),
                "tls", Map.of("certificates", List.of(Map.of("certFile", SERVER.chainPem(), "keyFile", SERVER.keyPem())),
                        "options", Map.of("b", bOptions))));
    }

    @Test
    void changedOptionsApplyToNewConnectionsAndCurrentOnesAreNotDropped() throws Exception {
        Map<String, Object> mtls = Map.of("clientAuth", Map.of("caFiles", List.of(CA.certificatePem())));
        try (Backend backend = Backend.echo("b");
             TestGateway gw = TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(dynamic(backend.url(), Map.of()))) {
            int port = gw.gateway().port("websecure");
            try (KeepAlive a = new KeepAlive(port, "a.test"); KeepAlive b = new KeepAlive(port, "b.test")) {
                assertThat(a.get()).isEqualTo(200);
                assertThat(b.get()).isEqualTo(200);

                gw.rewriteDynamic(dynamic(backend.url(), mtls));
                await(() -> TlsClient.to(port).sni("b.test").get("/").refused());

                assertThat(a.get()).as("unchanged options: the connection is still served").isEqualTo(200);
                assertThat(b.get()).as("changed options: misdirected, not served with the old ones").isEqualTo(421);
                assertThat(TlsClient.to(port).sni("b.test").certificate(TestPki.client(CA, "c")).get("/").status()).isEqualTo(200);

                // An invalid edit is rejected: the options being served stay.
                gw.rewriteDynamic(dynamic(backend.url(), Map.of("clientAuth", Map.of("clientAuthType", "RequireAndVerifyClientCert"))));
                Thread.sleep(500); // nothing to wait for: a rejected edit changes nothing observable
                assertThat(TlsClient.to(port).sni("b.test").get("/").refused()).isTrue();
                assertThat(TlsClient.to(port).sni("b.test").certificate(TestPki.client(CA, "c")).get("/").status()).isEqualTo(200);
                assertThat(a.get()).isEqualTo(200);
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met before the deadline").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** One TLS connection kept alive across requests. */
    static final class KeepAlive implements AutoCloseable {
        private final SSLSocket socket;
        private final String host;

        KeepAlive(int port, String host) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {Http.TRUST_ALL}, null);
            socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(p);
            socket.startHandshake();
            this.host = host;
        }

        int get() throws IOException {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(head.substring(9, 12));
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + out);
                }
                out.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
