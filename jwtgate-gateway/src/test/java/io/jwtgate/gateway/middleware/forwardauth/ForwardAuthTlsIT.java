package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tls}: an HTTPS auth server with a certificate generated for the test (its own CA), one
 * that also asks for a client certificate, and what happens when the gateway cannot verify it.
 */
class ForwardAuthTlsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TlsCertificates.PemPair server = SelfSignedCertificate.generate("auth.test", "localhost");
    static TlsCertificates.PemPair clientCert = SelfSignedCertificate.generate("gateway.test", "gateway.test");
    static Backend backend;
    static Backend https;
    static Backend mutual;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("app"));
        https = closing.add(Backend.start(tls(server), request -> request.response().setStatusCode(200)
                .putHeader("X-Auth-User", "tls-user").end(), null));
        // Requires a client certificate signed by the gateway's (self-signed) one, and names it.
        mutual = closing.add(Backend.start(tls(server).setClientAuth(ClientAuth.REQUIRED)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(clientCert.certificatePem()))), request -> {
                    String subject;
                    try {
                        subject = request.connection().peerCertificates().getFirst().toString();
                    } catch (SSLPeerUnverifiedException e) {
                        subject = "none";
                    }
                    request.response().putHeader("X-Client-Cert", subject.contains("CN=gateway.test") ? "gateway.test" : "other").end();
                }, null));
        Path dir = TempDirs.create("forwardauth-tls");
        Files.writeString(dir.resolve("ca.pem"), server.certificatePem());
        Files.writeString(dir.resolve("client.pem"), clientCert.certificatePem());
        Files.writeString(dir.resolve("client-key.pem"), clientCert.keyPem());
        String auth = "https://127.0.0.1:" + https.port() + "/verify";
        String mtls = "https://127.0.0.1:" + mutual.port() + "/verify";
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    inline-ca:
                      forwardAuth: {address: "%1$s", trustForwardHeader: false, authResponseHeaders: [X-Auth-User], tls: {ca: "%3$s"}}
                    file-ca:
                      forwardAuth: {address: "%1$s", trustForwardHeader: false, authResponseHeaders: [X-Auth-User], tls: {ca: "%4$s"}}
                    system-ca:
                      forwardAuth: {address: "%1$s", trustForwardHeader: false}
                    insecure:
                      forwardAuth: {address: "%1$s", trustForwardHeader: false, tls: {insecureSkipVerify: true}}
                    client-cert:
                      forwardAuth:
                        address: "%2$s"
                        trustForwardHeader: false
                        authResponseHeaders: [X-Client-Cert]
                        tls: {ca: "%4$s", cert: "%5$s", key: "%6$s"}
                    no-client-cert:
                      forwardAuth: {address: "%2$s", trustForwardHeader: false, tls: {ca: "%4$s"}}
                  routers:
                    inline-ca: {rule: PathPrefix(`/inline-ca`), service: b, middlewares: [inline-ca]}
                    file-ca: {rule: PathPrefix(`/file-ca`), service: b, middlewares: [file-ca]}
                    system-ca: {rule: PathPrefix(`/system-ca`), service: b, middlewares: [system-ca]}
                    insecure: {rule: PathPrefix(`/insecure`), service: b, middlewares: [insecure]}
                    client-cert: {rule: PathPrefix(`/client-cert`), service: b, middlewares: [client-cert]}
                    no-client-cert: {rule: PathPrefix(`/no-client-cert`), service: b, middlewares: [no-client-cert]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%7$s"}]}}
                """.formatted(auth, mtls, server.certificatePem().replace("\n", "\\n"), dir.resolve("ca.pem"),
                dir.resolve("client.pem"), dir.resolve("client-key.pem"), backend.url())));
        closing.add(() -> TempDirs.delete(dir));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    private static HttpServerOptions tls(TlsCertificates.PemPair pair) {
        return new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(pair.certificatePem())).setKeyValue(Buffer.buffer(pair.keyPem())));
    }

    @Test
    void theCaGivenInlineVerifiesTheAuthServer() throws Exception {
        var r = Http.get(gw.url("/inline-ca"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("headers").getJsonArray("x-auth-user").getList()).containsExactly("tls-user");
    }

    @Test
    void theCaGivenAsAFileVerifiesTheAuthServer() throws Exception {
        assertThat(Http.get(gw.url("/file-ca")).statusCode()).isEqualTo(200);
    }

    @Test
    void anAuthServerTheSystemDoesNotTrustIsA500() throws Exception {
        var r = Http.get(gw.url("/system-ca"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        assertThat(Http.get(gw.url("/insecure")).statusCode()).isEqualTo(200);
    }

    @Test
    void theClientCertificateIsPresentedWhenTheAuthServerAsks() throws Exception {
        var r = Http.get(gw.url("/client-cert"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("headers").getJsonArray("x-client-cert").getList()).containsExactly("gateway.test");
        assertThat(Http.get(gw.url("/no-client-cert")).statusCode()).isEqualTo(500);
    }
}
