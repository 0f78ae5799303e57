package io.jwtgate.gateway.middleware.passtlsclientcert;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.jwtgate.gateway.support.ClientCertPki;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Traefik's {@code passTLSClientCert} through a running gateway, with real client certificates
 * (a CA and client certificates made with BouncyCastle, presented by the JDK's HttpClient and
 * SSLSocket through a KeyManager), configured as Traefik users write it: the entry point with
 * {@code http.tls}, {@code tls.options.default.clientAuth} in the dynamic file. The backend echoes
 * what it received. Expected values are built here from the certificates, not by jwtgate's code.
 *
 * <p>Also what keeps a client from forging the headers: Traefik's entry point deletes both (and
 * their underscore variants) from every request of a peer outside {@code forwardedHeaders.trustedIPs},
 * before any middleware; the middleware itself only sets them when the client presented a certificate.
 */
class PassTlsClientCertIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String CERT = "X-Forwarded-Tls-Client-Cert";
    static final String INFO = "X-Forwarded-Tls-Client-Cert-Info";

    static ClientCertPki pki;
    /** Alice's certificate alone, and the same key presenting its certificate then the CA's. */
    static ClientCertPki.Issued alice;
    static ClientCertPki.Issued aliceWithCa;
    /** {@code clientAuthType: RequireAndVerifyClientCert}, plus a plain entry point and a trusted one. */
    static TestGateway required;
    /** {@code clientAuthType: VerifyClientCertIfGiven}: TLS clients may come without a certificate. */
    static TestGateway ifGiven;

    @BeforeAll
    static void start() throws Exception {
        pki = ClientCertPki.ca("C=FR,O=jwtgate,CN=jwtgate test CA");
        // The SANs in an order Go's parser regroups: URI, e-mail, IP, DNS.
        GeneralNames sans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.com/ns/apps/alice"),
            new GeneralName(GeneralName.rfc822Name, "alice@example.com"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "alice.example.com")});
        alice = pki.issue("DC=com,DC=example,C=FR,ST=Rhone,L=Lyon,O=Acme,OU=dev,CN=alice", sans, false);
        aliceWithCa = pki.issue("DC=com,DC=example,C=FR,ST=Rhone,L=Lyon,O=Acme,OU=dev,CN=alice", sans, true);
        Path caFile = TempDirs.create("passtls-ca").resolve("ca.pem");
        Files.writeString(caFile, pki.ca().certificatePem());
        Backend backend = closing.add(Backend.echo("app"));
        required = closing.add(TestGateway.builder()
                .entryPoint("websecure", "http: {tls: {}}")
                .entryPoint("trusted", "forwardedHeaders: {trustedIPs: [127.0.0.1/32]}")
                .start(dynamic(backend, caFile, "RequireAndVerifyClientCert")));
        ifGiven = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}")
                .start(dynamic(backend, caFile, "VerifyClientCertIfGiven")));
        assertThat(required.gateway().problems()).isEmpty();
        assertThat(ifGiven.gateway().problems()).isEmpty();
    }

    static String dynamic(Backend backend, Path caFile, String clientAuthType) {
        return """
                http:
                  middlewares:
                    pem:
                      passTLSClientCert:
                        pem: true
                    info:
                      passTLSClientCert:
                        info:
                          notAfter: true
                          notBefore: true
                          sans: true
                          serialNumber: true
                          subject:
                            country: true
                            province: true
                            locality: true
                            organization: true
                            organizationalUnit: true
                            commonName: true
                            serialNumber: true
                            domainComponent: true
                          issuer:
                            country: true
                            province: true
                            locality: true
                            organization: true
                            commonName: true
                            serialNumber: true
                            domainComponent: true
                    both:
                      passTLSClientCert:
                        pem: true
                        info:
                          subject: {commonName: true}
                          issuer: {commonName: true}
                  routers:
                    pem: {rule: PathPrefix(`/pem`), service: app, middlewares: [pem]}
                    info: {rule: PathPrefix(`/info`), service: app, middlewares: [info]}
                    both: {rule: PathPrefix(`/both`), service: app, middlewares: [both]}
                    none: {rule: PathPrefix(`/none`), service: app}
                  services:
                    app: {loadBalancer: {servers: [{url: "%s"}]}}
                tls:
                  options:
                    default:
                      clientAuth:
                        caFiles: ["%s"]
                        clientAuthType: %s
                """.formatted(backend.url(), caFile, clientAuthType);
    }

    // ---- what the backend gets -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HttpClient.Version.class)
    void pemCarriesTheCertificateAsPresented(HttpClient.Version version) throws Exception {
        JsonObject seen = tls(required, alice, version, "/pem");
        assertThat(values(seen, CERT)).containsExactly(b64(alice.certificate()));
        assertThat(values(seen, INFO)).isEmpty();

        JsonObject chain = tls(required, aliceWithCa, version, "/pem");
        assertThat(values(chain, CERT)).as("the chain as the client sent it, leaf first, joined by a comma")
                .containsExactly(b64(aliceWithCa.certificate()) + "," + b64(pki.ca().certificate()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HttpClient.Version.class)
    void infoCarriesTraefiksFieldsQueryEscaped(HttpClient.Version version) throws Exception {
        X509Certificate c = alice.certificate();
        String expected = String.join(";",
                "Subject=\"DC=com,DC=example,C=FR,ST=Rhone,L=Lyon,O=Acme,OU=dev,CN=alice\"",
                "Issuer=\"C=FR,O=jwtgate,CN=jwtgate test CA\"",
                "SerialNumber=\"" + c.getSerialNumber() + "\"",
                "NB=\"" + c.getNotBefore().getTime() / 1000 + "\"",
                "NA=\"" + c.getNotAfter().getTime() / 1000 + "\"",
                "SAN=\"alice.example.com,alice@example.com,127.0.0.1,spiffe://example.com/ns/apps/alice\"");
        JsonObject seen = tls(required, alice, version, "/info");
        // URLEncoder escapes as Go's url.QueryEscape except for '*' and '~', which these values do not hold.
        assertThat(values(seen, INFO)).containsExactly(URLEncoder.encode(expected, StandardCharsets.UTF_8));
        assertThat(values(seen, CERT)).isEmpty();
    }

    @Test
    void bothHeadersForEachCertificateOfTheChain() throws Exception {
        JsonObject seen = tls(required, aliceWithCa, HttpClient.Version.HTTP_1_1, "/both");
        assertThat(values(seen, CERT)).containsExactly(b64(aliceWithCa.certificate()) + "," + b64(pki.ca().certificate()));
        assertThat(values(seen, INFO)).containsExactly(URLEncoder.encode(
                "Subject=\"CN=alice\";Issuer=\"CN=jwtgate test CA\",Subject=\"CN=jwtgate test CA\";Issuer=\"CN=jwtgate test CA\"",
                StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheMiddlewareNothingIsAdded() throws Exception {
        JsonObject seen = tls(required, alice, HttpClient.Version.HTTP_1_1, "/none");
        assertThat(values(seen, CERT)).isEmpty();
        assertThat(values(seen, INFO)).isEmpty();
    }

    @Test
    void aTlsClientWithoutCertificatePassesWithoutTheHeaders() throws Exception {
        JsonObject seen = tls(ifGiven, null, HttpClient.Version.HTTP_1_1, "/both", CERT, "forged", INFO, "forged");
        assertThat(values(seen, CERT)).as("no certificate: nothing set, the forged value removed at the entry point").isEmpty();
        assertThat(values(seen, INFO)).isEmpty();
        assertThat(values(tls(ifGiven, alice, HttpClient.Version.HTTP_1_1, "/pem"), CERT)).containsExactly(b64(alice.certificate()));
    }

    // ---- forged headers ------------------------------------------------------------------------------

    @Test
    void plainHttpNeverForwardsForgedHeaders() throws Exception {
        for (String path : List.of("/pem", "/info", "/both", "/none")) {
            HttpResponse<String> r = Http.get(required.url("web", path), CERT, "forged", INFO, "forged",
                    "X_Forwarded_Tls_Client_Cert", "forged", "x-forwarded-tls-client-cert-info", "forged");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonObject seen = new JsonObject(r.body());
            assertThat(seen.getJsonObject("headers").fieldNames()).as(path)
                    .noneMatch(n -> n.replace('_', '-').startsWith("x-forwarded-tls-client-cert"));
        }
    }

    @Test
    void forgedHeadersAreReplacedByTheCertificateOverMutualTls() throws Exception {
        String raw = "GET /both HTTP/1.1\r\nHost: gateway.test\r\n" + CERT + ": forged-1\r\n" + CERT + ": forged-2\r\n" + INFO + ": forged\r\n"
                + "X_Forwarded_Tls_Client_Cert_Info: forged\r\nConnection: close\r\n\r\n";
        JsonObject seen = new JsonObject(rawTls(required, alice, raw));
        assertThat(values(seen, CERT)).containsExactly(b64(alice.certificate()));
        assertThat(values(seen, INFO)).containsExactly(URLEncoder.encode("Subject=\"CN=alice\";Issuer=\"CN=jwtgate test CA\"",
                StandardCharsets.UTF_8));
        assertThat(seen.getJsonObject("headers").fieldNames()).doesNotContain("x_forwarded_tls_client_cert_info");
    }

    @Test
    void aTrustedPeersHeadersPassAsInTraefik() throws Exception {
        // Traefik deletes them for untrusted peers only; with no client certificate the middleware sets nothing.
        JsonObject seen = new JsonObject(Http.get(required.url("trusted", "/both"), CERT, "from-trusted-proxy", INFO, "info").body());
        assertThat(values(seen, CERT)).containsExactly("from-trusted-proxy");
        assertThat(values(seen, INFO)).containsExactly("info");
    }

    // ---- clients -------------------------------------------------------------------------------------

    /** A request over TLS, presenting {@code who} (null: no certificate); the backend's echo. */
    static JsonObject tls(TestGateway gw, ClientCertPki.Issued who, HttpClient.Version version, String path, String... headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(ClientCertPki.clientContext(who, Http.TRUST_ALL))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.httpsUrl("websecure", path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(version);
        return new JsonObject(r.body());
    }

    /** Bytes written as they are on an SSLSocket presenting {@code who}; the response body. */
    static String rawTls(TestGateway gw, ClientCertPki.Issued who, String request) throws Exception {
        URI uri = gw.httpsUrl("websecure", "/");
        try (SSLSocket socket = (SSLSocket) ClientCertPki.clientContext(who, Http.TRUST_ALL).getSocketFactory().createSocket(uri.getHost(),
                uri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    static List<String> values(JsonObject echo, String header) {
        JsonArray values = echo.getJsonObject("headers").getJsonArray(header.toLowerCase());
        return values == null ? List.of() : values.stream().map(String::valueOf).toList();
    }

    static String b64(X509Certificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(cert.getEncoded());
    }
}
