package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.ClientCertPki;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Certificate-bound tokens (RFC 8705) over mTLS: cnf.x5t#S256 against the client certificate of the TLS entry point. */
class CertificateBoundTokenIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static TestGateway gw;
    static ClientCertPki.Issued alice;
    static ClientCertPki.Issued bob;

    @BeforeAll
    static void start() throws Exception {
        ClientCertPki pki = ClientCertPki.ca("CN=jwtgate test CA");
        alice = pki.issue("CN=alice", null, false);
        bob = pki.issue("CN=bob", null, false);
        Path caFile = TempDirs.create("cnf-ca").resolve("ca.pem");
        Files.writeString(caFile, pki.ca().certificatePem());
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start("""
                http:
                  middlewares:
                    bound:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          certificateBoundTokens: allowed
                  routers:
                    bound: {rule: PathPrefix(`/bound`), service: b, middlewares: [bound]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                tls:
                  options:
                    default:
                      clientAuth:
                        caFiles: ["%s"]
                        clientAuthType: VerifyClientCertIfGiven
                """.formatted(SECRET, backend.url(), caFile)));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    static String boundTo(ClientCertPki.Issued who) throws Exception {
        String x5t = Jose.b64(MessageDigest.getInstance("SHA-256").digest(who.certificate().getEncoded()));
        return Jose.hs256(SECRET, "{\"sub\":\"u\",\"cnf\":{\"x5t#S256\":\"" + x5t + "\"}}");
    }

    static int call(ClientCertPki.Issued who, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ClientCertPki.clientContext(who, Http.TRUST_ALL))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gw.httpsUrl("websecure", "/bound")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Test
    void theTokenPassesOnlyWithTheCertificateItIsBoundTo() throws Exception {
        String token = boundTo(alice);
        assertThat(call(alice, token)).as("right certificate").isEqualTo(200);
        assertThat(call(bob, token)).as("another certificate of the same CA").isEqualTo(401);
        assertThat(call(null, token)).as("no certificate").isEqualTo(401);
        assertThat(call(bob, Jose.hs256(SECRET, "{\"sub\":\"plain\"}"))).as("unbound tokens pass in allowed mode").isEqualTo(200);
    }
}
