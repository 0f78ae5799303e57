package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static Backend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("tls"));
        TlsCertificates.PemPair api = SelfSignedCertificate.generate("api.example.test", "api.example.test");
        gw = closing.add(TestGateway.start("""
                entryPoints:
                  websecure:
                    address: "127.0.0.1:0"
                    http:
                      tls: {}
                providers:
                  file:
                    filename: dynamic.yml
                """, """
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
                    - certFile: |
                %s
                      keyFile: |
                %s
                """.formatted(backend.url(), indent(api.certificatePem()), indent(api.keyPem()))));
        assertThat(gw.gateway().problems()).isEmpty();
    }


    @Test
    void unknownServerNameGetsTheGeneratedDefaultCertificate() throws Exception {
        assertThat(peerSubject("unknown.example.test")).contains("CN=" + SelfSignedCertificate.COMMON_NAME);
        assertThat(peerSubject(null)).contains("CN=" + SelfSignedCertificate.COMMON_NAME);
    }

    @Test
    void configuredCertificateIsChosenBySni() throws Exception {
        assertThat(peerSubject("api.example.test")).contains("CN=api.example.test");
    }

    @Test
    void http2IsNegotiatedWithAlpnAndHttp11StillWorks() throws Exception {
        HttpResponse<String> h2 = Http.insecureTls(HttpClient.Version.HTTP_2)
                .send(HttpRequest.newBuilder(gw.httpsUrl("websecure", "/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.body()).contains("\"x-forwarded-proto\":[\"https\"]");
        HttpResponse<String> h1 = Http.insecureTls(HttpClient.Version.HTTP_1_1)
                .send(HttpRequest.newBuilder(gw.httpsUrl("websecure", "/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(h1.statusCode()).isEqualTo(200);
    }

    private static String indent(String pem) {
        return pem.lines().map(l -> "                " + l).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String peerSubject(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {Http.TRUST_ALL}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gw.gateway().port("websecure"))) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
