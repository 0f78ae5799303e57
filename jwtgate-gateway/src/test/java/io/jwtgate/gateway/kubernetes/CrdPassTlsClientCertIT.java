package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code Middleware} CRD {@code spec.passTLSClientCert} (traefikio/v1alpha1 Middleware:
 * {@code *dynamic.PassTLSClientCert}, the file form's fields), loaded by the manifest provider and
 * used by an IngressRoute: it builds as its file form (an empty {@code info: {}}, which a CRD may
 * hold, included), a bad value disables its routes with the reason, and without client
 * certificates nothing is added while a client's own values are removed.
 */
class CrdPassTlsClientCertIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: client-cert, namespace: apps}
            spec:
              passTLSClientCert:
                pem: true
                info:
                  notAfter: true
                  notBefore: true
                  sans: true
                  serialNumber: true
                  subject: {country: true, province: true, locality: true, organization: true, organizationalUnit: true,
                            commonName: true, serialNumber: true, domainComponent: true}
                  issuer: {country: true, province: true, locality: true, organization: true, commonName: true,
                           serialNumber: true, domainComponent: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: empty-info, namespace: apps}
            spec:
              passTLSClientCert: {info: {}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: broken, namespace: apps}
            spec:
              passTLSClientCert: {pem: sometimes}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: app, namespace: apps}
            spec:
              entryPoints: [web, websecure]
              routes:
                - {match: PathPrefix(`/cert`), kind: Rule, middlewares: [{name: client-cert}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/empty`), kind: Rule, middlewares: [{name: empty-info}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/broken`), kind: Rule, middlewares: [{name: broken}], services: [{name: whoami, port: 80}]}
            """;

    @Test
    void theCrdFormBuildsAsTheFileForm() throws Exception {
        Backend whoami = closing.add(Backend.echo("whoami"));
        Path file = TempDirs.create("crd-passtls").resolve("manifests.yaml");
        Files.writeString(file, MANIFESTS);
        try (KubeGateway gw = KubeGateway.start("""
                entryPoints:
                  web: {address: "127.0.0.1:0"}
                  websecure: {address: "127.0.0.1:0", http: {tls: {}}}
                providers:
                  kubernetesCRD:
                    filename: %s
                    throttleDuration: 100ms
                    serviceAddresses: {"apps/whoami:80": %s}
                """.formatted(file, whoami.url()))) {
            assertThat(gw.gateway.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.toString())
                    .contains("Middleware apps/broken", "spec.passTLSClientCert.pem: expected true or false"));

            URI plain = URI.create("http://127.0.0.1:" + gw.gateway.port("web") + "/cert");
            HttpResponse<String> overHttp = Http.get(plain, "X-Forwarded-Tls-Client-Cert", "forged", "X-Forwarded-Tls-Client-Cert-Info", "forged");
            assertThat(overHttp.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(overHttp.body()).getJsonObject("headers").fieldNames())
                    .doesNotContain("x-forwarded-tls-client-cert", "x-forwarded-tls-client-cert-info");

            for (String path : new String[] {"/cert", "/empty"}) {
                HttpResponse<String> overTls = gw.get(path, "X-Forwarded-Tls-Client-Cert", "forged");
                assertThat(overTls.statusCode()).as(path).isEqualTo(200);
                assertThat(new JsonObject(overTls.body()).getJsonObject("headers").fieldNames()).as("TLS without a client certificate")
                        .doesNotContain("x-forwarded-tls-client-cert", "x-forwarded-tls-client-cert-info");
            }

            HttpResponse<String> broken = gw.get("/broken");
            assertThat(broken.statusCode()).isEqualTo(503);
        }
    }
}
