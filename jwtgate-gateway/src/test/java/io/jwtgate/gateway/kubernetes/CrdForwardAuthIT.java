package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code spec.forwardAuth} of a Middleware, loaded by the manifest provider: an HTTPS auth server
 * verified with the CA of {@code tls.caSecret}, and rebuilt when that Secret changes.
 */
class CrdForwardAuthIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata: {name: auth-ca, namespace: apps}
            stringData:
              ca.crt: |
            %s
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: auth, namespace: apps}
            spec:
              forwardAuth:
                address: "%s"
                trustForwardHeader: false
                authResponseHeaders: [X-Auth-User]
                tls: {caSecret: auth-ca}
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/`)
              kind: Rule
              middlewares: [{name: auth}]
              services: [{name: whoami, port: 80}]
            """);

    @Test
    void theCaComesFromTheSecretAndAChangedSecretRebuildsTheMiddleware() throws Exception {
        TlsCertificates.PemPair cert = SelfSignedCertificate.generate("auth.apps.svc", "localhost");
        Backend whoami = closing.add(Backend.echo("whoami"));
        Backend auth = closing.add(Backend.start(new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(cert.certificatePem())).setKeyValue(Buffer.buffer(cert.keyPem()))), request -> {
                    if ("good".equals(request.getHeader("X-Token"))) {
                        request.response().putHeader("X-Auth-User", "crd-user").end();
                    } else {
                        request.response().setStatusCode(403).putHeader("Content-Type", "text/plain").end("go away");
                    }
                }, null));
        String address = "https://127.0.0.1:" + auth.port() + "/verify";
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS.formatted(indent(cert.certificatePem()), address))
                .service("apps/whoami:80", whoami.url()).start()) {
            assertThat(gw.gateway.problems()).isEmpty();
            HttpResponse<String> ok = gw.get("/orders", "X-Token", "good");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(ok.body()).getJsonObject("headers").getJsonArray("x-auth-user").getList()).containsExactly("crd-user");
            HttpResponse<String> denied = gw.get("/orders", "X-Token", "bad");
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).isEqualTo("go away");

            // Another CA in the Secret: the auth server is no longer trusted, the middleware answers 500.
            String other = SelfSignedCertificate.generate("someone-else", "localhost").certificatePem();
            gw.rewriteManifests(MANIFESTS.formatted(indent(other), address));
            gw.awaitStatus("/orders", 500, "X-Token", "good");
        }
    }

    private static String indent(String pem) {
        return pem.strip().lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
