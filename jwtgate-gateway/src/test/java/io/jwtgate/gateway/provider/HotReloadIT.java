package io.jwtgate.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

class HotReloadIT {

    private static final String STATIC = """
            entryPoints:
              web:
                address: "127.0.0.1:0"
              websecure:
                address: "127.0.0.1:0"
                http:
                  tls: {}
            providers:
              providersThrottleDuration: 50ms
              file:
                filename: dynamic.yml
                watch: true
            """;

    private static String routes(String backend, int extraRouters, String extra) {
        StringBuilder b = new StringBuilder("http:\n  routers:\n    main: {rule: PathPrefix(`/main`), service: s}\n");
        for (int i = 0; i < extraRouters; i++) {
            b.append("    extra").append(i).append(": {rule: PathPrefix(`/extra").append(i).append("`), service: s}\n");
        }
        b.append(extra);
        b.append("  services:\n    s: {loadBalancer: {servers: [{url: \"").append(backend).append("\"}]}}\n");
        return b.toString();
    }

    @Test
    void editsUnderTrafficSwapRoutesWithZeroFailedRequests() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.start(STATIC, routes("http://127.0.0.1:1", 0, ""))) {
            gw.rewriteDynamic(routes(backend.url(), 0, ""));
            awaitStatus(gw, "/main", 200);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Thread traffic = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = Http.get(gw.url("/main"));
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            for (int i = 1; i <= 5; i++) {
                gw.rewriteDynamic(routes(backend.url(), i, ""));
                awaitStatus(gw, "/extra" + (i - 1), 200);
            }
            running.set(false);
            traffic.join();
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isPositive();
        }
    }

    @Test
    void invalidEditsKeepTheLastGoodConfiguration() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.start(STATIC, routes("http://127.0.0.1:1", 0, ""))) {
            gw.rewriteDynamic(routes(backend.url(), 1, ""));
            awaitStatus(gw, "/extra0", 200);
            // Broken YAML: the whole edit is rejected.
            gw.rewriteDynamic("http:\n  routers:\n    main: {rule: PathPrefix(`/main`)\n");
            // A new router with a bad rule: rejected too, since it adds a problem.
            gw.rewriteDynamic(routes(backend.url(), 1, "    bad: {rule: PathPrefx(`/bad`), service: s}\n"));
            // A valid edit after them is applied, proving the watcher still works.
            gw.rewriteDynamic(routes(backend.url(), 2, ""));
            awaitStatus(gw, "/extra1", 200);
            assertThat(Http.get(gw.url("/main")).statusCode()).isEqualTo(200);
            assertThat(gw.gateway().problems()).isEmpty();
        }
    }

    @Test
    void certificatesAddedByAnEditAreServedWithoutRestart() throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.start(STATIC, routes(backend.url(), 0, ""))) {
            assertThat(peerSubject(gw, "new.example.test")).contains(SelfSignedCertificate.COMMON_NAME);
            TlsCertificates.PemPair cert = SelfSignedCertificate.generate("new.example.test", "new.example.test");
            Files.writeString(gw.dir().resolve("new.crt"), cert.certificatePem());
            Files.writeString(gw.dir().resolve("new.key"), cert.keyPem());
            gw.rewriteDynamic(routes(backend.url(), 0, "") + "tls:\n  certificates:\n    - {certFile: new.crt, keyFile: new.key}\n");
            Instant deadline = Instant.now().plusSeconds(10);
            while (!peerSubject(gw, "new.example.test").contains("new.example.test") && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(peerSubject(gw, "new.example.test")).contains("CN=new.example.test");
            assertThat(peerSubject(gw, "other.example.test")).contains(SelfSignedCertificate.COMMON_NAME);
        }
    }

    private static void awaitStatus(TestGateway gw, String path, int status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = Http.get(gw.url(path)).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " answered " + last + ", expected " + status + " after the edit");
    }

    private static String peerSubject(TestGateway gw, String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {Http.TRUST_ALL}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gw.gateway().port("websecure"))) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
