package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code Middleware} CRD {@code spec.compress} (the fields of traefikio/v1alpha1 Compress:
 * excludedContentTypes, includedContentTypes, minResponseBodyBytes, encodings, defaultEncoding),
 * loaded by the manifest provider and used by an IngressRoute, as its file form.
 */
class CrdCompressIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: compress-text, namespace: apps}
            spec:
              compress:
                includedContentTypes: [text/plain]
                minResponseBodyBytes: 16
                encodings: [zstd, gzip]
                defaultEncoding: gzip
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: compress-defaults, namespace: apps}
            spec:
              compress: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: compress-broken, namespace: apps}
            spec:
              compress: {excludedContentTypes: [text/html], includedContentTypes: [text/plain]}
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/text`)
              kind: Rule
              middlewares: [{name: compress-text}]
              services: [{name: whoami, port: 80}]
            - match: PathPrefix(`/defaults`)
              kind: Rule
              middlewares: [{name: compress-defaults}]
              services: [{name: whoami, port: 80}]
            - match: PathPrefix(`/broken`)
              kind: Rule
              middlewares: [{name: compress-broken}]
              services: [{name: whoami, port: 80}]
            """);

    static final String BODY = "a line of text that compresses well\n".repeat(3);

    @Test
    void crdCompressBehavesAsItsFileForm() throws Exception {
        Backend whoami = closing.add(Backend.start(request -> request.response().putHeader("Content-Type", "text/plain").end(BODY)));
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).service("apps/whoami:80", whoami.url()).start()) {
            assertThat(gw.gateway.problems()).anyMatch(p -> p.contains("mutually exclusive"));

            // No Accept-Encoding: defaultEncoding; the 108-byte body is above minResponseBodyBytes 16.
            HttpResponse<byte[]> byDefault = get(gw, "/text");
            assertThat(byDefault.headers().allValues("Content-Encoding")).containsExactly("gzip");
            assertThat(byDefault.headers().allValues("Vary")).containsExactly("Accept-Encoding");
            assertThat(gunzip(byDefault.body())).isEqualTo(BODY);
            // zstd is the first of the encodings: preferred at equal weight.
            HttpResponse<byte[]> preferred = get(gw, "/text", "Accept-Encoding", "gzip, zstd");
            assertThat(preferred.headers().allValues("Content-Encoding")).containsExactly("zstd");
            try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(preferred.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            }
            // The defaults: 1024 bytes minimum, so this body goes out as it is.
            HttpResponse<byte[]> small = get(gw, "/defaults", "Accept-Encoding", "gzip");
            assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            assertThat(get(gw, "/broken", "Accept-Encoding", "gzip").statusCode()).isEqualTo(503);
        }
    }

    private static HttpResponse<byte[]> get(KubeGateway gw, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.gateway.port("websecure") + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return KubeGateway.TLS.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
