package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code spec.buffering} and {@code spec.contentType} of a {@code Middleware} resource (Traefik's
 * field names: {@code maxRequestBodyBytes}, {@code memRequestBodyBytes}, {@code maxResponseBodyBytes},
 * {@code memResponseBodyBytes}, {@code retryExpression}; {@code contentType: {}} and the deprecated
 * {@code autoDetect}), loaded by the manifest provider and used by an IngressRoute.
 */
class CrdBufferingIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: limit, namespace: apps}
            spec:
              buffering:
                maxRequestBodyBytes: 10
                memRequestBodyBytes: 4
                maxResponseBodyBytes: 2000
                memResponseBodyBytes: 16
                retryExpression: IsNetworkError() && Attempts() < 2
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: broken, namespace: apps}
            spec:
              buffering: {memResponseBodyBytes: -5}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: autodetect, namespace: apps}
            spec:
              contentType: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: no-detect, namespace: apps}
            spec:
              contentType: {autoDetect: false}
            """ + KubeGateway.ingressRoute("""
            - {match: PathPrefix(`/limited`), kind: Rule, middlewares: [{name: limit}], services: [{name: whoami, port: 80}]}
            - {match: PathPrefix(`/broken`), kind: Rule, middlewares: [{name: broken}], services: [{name: whoami, port: 80}]}
            - {match: PathPrefix(`/sniffed`), kind: Rule, middlewares: [{name: autodetect}], services: [{name: whoami, port: 80}]}
            - {match: PathPrefix(`/plain`), kind: Rule, middlewares: [{name: no-detect}], services: [{name: whoami, port: 80}]}
            """);

    @Test
    void bufferingAndContentTypeBehaveAsTheirFileForms() throws Exception {
        Backend whoami = closing.add(Backend.start(request -> request.body().onSuccess(body -> request.response()
                .putHeader("X-Length", request.getHeader("Content-Length") == null ? "none" : request.getHeader("Content-Length"))
                .end("<html><body>" + body + "</body></html>"))));
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).service("apps/whoami:80", whoami.url()).start()) {
            assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("memResponseBodyBytes") && p.contains("must be 0 or more"))
                    .anyMatch(p -> p.contains("disabled") && p.contains("broken"));

            HttpResponse<String> tooLarge = post(gw, "/limited", "01234567890");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).isEqualTo("Request Entity Too Large");
            HttpResponse<String> fits = post(gw, "/limited", "0123456789");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.headers().firstValue("X-Length")).as("sent upstream with its length").hasValue("10");
            assertThat(fits.body()).isEqualTo("<html><body>0123456789</body></html>");
            assertThat(fits.headers().firstValue("Content-Length")).hasValue("36");
            assertThat(fits.headers().firstValue("Content-Type")).as("no detection without contentType").isEmpty();

            assertThat(gw.get("/broken").statusCode()).isEqualTo(503);
            assertThat(gw.get("/sniffed").headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(gw.get("/plain").headers().firstValue("Content-Type")).isEmpty();
            assertThat(gw.gateway.warnings())
                    .anyMatch(w -> w.contains("autoDetect") && w.contains("deprecated"));
        }
    }

    private static HttpResponse<String> post(KubeGateway gw, String path, String body) throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + gw.gateway.port("websecure") + path);
        return KubeGateway.TLS.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
