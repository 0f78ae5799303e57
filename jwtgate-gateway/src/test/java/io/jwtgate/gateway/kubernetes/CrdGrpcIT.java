package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.GrpcClients;
import io.jwtgate.gateway.support.GrpcTestServer;
import io.jwtgate.gateway.support.GrpcWebFrames;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC in the Kubernetes CRD form: a {@code Middleware} with {@code spec.grpcWeb} and an
 * IngressRoute to an h2c Service, loaded by the manifest provider; gRPC-Web through the TLS entry
 * point, native gRPC through the h2c one.
 */
class CrdGrpcIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: grpc-web, namespace: apps}
            spec:
              grpcWeb:
                allowOrigins: ["https://app.example"]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: grpc, namespace: apps}
            spec:
              entryPoints: [web, websecure]
              routes:
                - match: PathPrefix(`/jwtgate.test.TestService/`)
                  kind: Rule
                  middlewares: [{name: grpc-web}]
                  services: [{name: grpc, port: 50051, scheme: h2c}]
            """;

    @Test
    void aGrpcWebMiddlewareAndAnH2cServiceFromCrds() throws Exception {
        GrpcTestServer grpc = closing.add(GrpcTestServer.h2c());
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).entryPoint("web", "transport: {respondingTimeouts: {readTimeout: 0}}")
                .service("apps/grpc:50051", "h2c://127.0.0.1:" + grpc.port()).start()) {
            assertThat(gw.gateway.problems()).isEmpty();
            assertThat(gw.warnings).noneMatch(w -> w.contains("grpcWeb"));

            HttpResponse<byte[]> web = KubeGateway.TLS.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + gw.gateway.port("websecure") + "/jwtgate.test.TestService/Ping"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/grpc-web-text").header("Origin", "https://app.example")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(true, "from a browser"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(web.statusCode()).isEqualTo(200);
            assertThat(web.headers().firstValue("Content-Type")).hasValue("application/grpc-web-text");
            assertThat(web.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
            GrpcWebFrames.Body body = GrpcWebFrames.read(web.body(), true);
            assertThat(body.messages()).containsExactly("from a browser");
            assertThat(body.trailers()).containsEntry("grpc-status", "0");

            ManagedChannel channel = GrpcClients.h2c(gw.gateway.port("web"), "grpc.apps.test");
            try {
                assertThat(GrpcClients.on(channel).unary(GrpcTestServer.PING, "native gRPC", 20)).isEqualTo("native gRPC");
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
