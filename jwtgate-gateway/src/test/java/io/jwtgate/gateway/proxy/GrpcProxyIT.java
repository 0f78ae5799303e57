package io.jwtgate.gateway.proxy;

import static io.jwtgate.gateway.support.GrpcTestServer.EXPECTED_HEADERS;
import static io.jwtgate.gateway.support.GrpcTestServer.EXPECTED_TRAILERS;
import static io.jwtgate.gateway.support.GrpcTestServer.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.GrpcClients;
import io.jwtgate.gateway.support.GrpcTestServer;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC through the gateway with a real grpc-java client and server, as Traefik's integration
 * suite (integration/grpc_test.go) runs it: h2c entry point to an h2c backend, TLS entry point to
 * an h2c backend (TLS termination), TLS to an https backend verified with {@code rootCAs} or with
 * {@code insecureSkipVerify}, and a stream whose first message must arrive while the server waits.
 * Beyond that suite: trailers (grpc-status, grpc-message, metadata), every call kind, deadlines,
 * cancellation and a JWT middleware in front.
 */
class GrpcProxyIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    private static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static final TlsCertificates.PemPair GATEWAY_CERT = SelfSignedCertificate.generate("grpc.test", "h2c.grpc.test",
            "https.grpc.test", "jwt.grpc.test");
    static final TlsCertificates.PemPair BACKEND_CERT = SelfSignedCertificate.generate("backend.grpc.test", "backend.grpc.test");

    static GrpcTestServer h2cBackend;
    static GrpcTestServer tlsBackend;
    static TestGateway gw;
    static TestGateway insecureGw;
    static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        h2cBackend = closing.add(GrpcTestServer.h2c());
        tlsBackend = closing.add(GrpcTestServer.tls(BACKEND_CERT));
        gw = closing.add(TestGateway.builder()
                // jwtgate serves h2c on a cleartext entry point only without a read timeout (docs/configuration.md).
                .web("transport: {respondingTimeouts: {readTimeout: 0}}")
                .entryPoint("websecure", "http: {tls: {}}")
                .staticYaml("serversTransport: {rootCAs: [" + quoted(BACKEND_CERT.certificatePem()) + "]}")
                .start("""
                        http:
                          middlewares:
                            jwt: {plugin: {jwt: {signingSecret: "%s"}}}
                          routers:
                            h2c: {rule: "Host(`h2c.grpc.test`)", service: h2c, entryPoints: [web]}
                            h2c-tls: {rule: "Host(`h2c.grpc.test`)", service: h2c, tls: {}, entryPoints: [websecure]}
                            https-tls: {rule: "Host(`https.grpc.test`)", service: https, tls: {}, entryPoints: [websecure]}
                            jwt: {rule: "Host(`jwt.grpc.test`)", service: h2c, middlewares: [jwt], entryPoints: [web]}
                          services:
                            h2c: {loadBalancer: {servers: [{url: "h2c://127.0.0.1:%d"}]}}
                            https: {loadBalancer: {servers: [{url: "https://127.0.0.1:%d"}]}}
                        tls:
                          certificates:
                            - {certFile: %s, keyFile: %s}
                        """.formatted(SECRET, h2cBackend.port(), tlsBackend.port(), quoted(GATEWAY_CERT.certificatePem()),
                        quoted(GATEWAY_CERT.keyPem()))));
        assertThat(gw.gateway().problems()).isEmpty();
        insecureGw = closing.add(TestGateway.builder()
                .entryPoint("websecure", "http: {tls: {}}")
                .staticYaml("serversTransport: {insecureSkipVerify: true}")
                .start("""
                        http:
                          routers:
                            https-tls: {rule: "Host(`https.grpc.test`)", service: https, tls: {}, entryPoints: [websecure]}
                          services:
                            https: {loadBalancer: {servers: [{url: "https://127.0.0.1:%d"}]}}
                        tls:
                          certificates:
                            - {certFile: %s, keyFile: %s}
                        """.formatted(tlsBackend.port(), quoted(GATEWAY_CERT.certificatePem()), quoted(GATEWAY_CERT.keyPem()))));
        assertThat(insecureGw.gateway().problems()).isEmpty();
    }

    @AfterAll
    static void closeChannels() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static String quoted(String pem) {
        return "\"" + pem.replace("\n", "\\n") + "\"";
    }

    static ManagedChannel h2c(String authority) {
        ManagedChannel c = GrpcClients.h2c(gw.gateway().port("web"), authority);
        channels.add(c);
        return c;
    }

    static ManagedChannel tls(TestGateway gateway, String authority) throws Exception {
        ManagedChannel c = GrpcClients.tls(gateway.gateway().port("websecure"), authority, GATEWAY_CERT.certificatePem());
        channels.add(c);
        return c;
    }

    static void assertHasAll(Metadata metadata, Map<String, String> expected) {
        assertThat(metadata).isNotNull();
        expected.forEach((k, v) -> assertThat(metadata.get(key(k))).as(k).isEqualTo(v));
    }

    /**
     * A unary call and everything it must bring back: the message, the headers and the trailers;
     * the backend saw the client's authority (passHostHeader, as {@code :authority} over HTTP/2).
     */
    static void assertPing(ManagedChannel channel, GrpcTestServer backend) {
        GrpcClients.Captured call = GrpcClients.on(channel);
        assertThat(call.unary(GrpcTestServer.PING, "World", 20)).isEqualTo("World");
        assertHasAll(call.headers(), EXPECTED_HEADERS);
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
        assertThat(backend.authority(GrpcTestServer.PING)).isEqualTo(channel.authority());
    }

    @Test
    void h2cEntryPointToH2cBackend() {
        assertPing(h2c("h2c.grpc.test"), h2cBackend);
    }

    @Test
    void tlsEntryPointToH2cBackend() throws Exception {
        assertPing(tls(gw, "h2c.grpc.test"), h2cBackend);
    }

    @Test
    void tlsEntryPointToHttpsBackendTrustedThroughRootCAs() throws Exception {
        assertPing(tls(gw, "https.grpc.test"), tlsBackend);
    }

    @Test
    void tlsEntryPointToHttpsBackendWithInsecureSkipVerify() throws Exception {
        assertPing(tls(insecureGw, "https.grpc.test"), tlsBackend);
    }

    @Test
    void serverStreamingMessagesArriveAsTheServerSendsThem() {
        // Traefik's TestGRPCBuffer: the server sends one message and waits; a buffering proxy would never deliver it.
        Iterator<String> stream = GrpcClients.on(h2c("h2c.grpc.test")).serverStreaming(GrpcTestServer.PING_PACED, "3", 60);
        for (int i = 0; i < 3; i++) {
            assertThat(stream.next()).isEqualTo("message " + i);
            h2cBackend.pace().release();
        }
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void serverStreamingOfThousandsOfMessagesEndsWithTheTrailers() throws Exception {
        GrpcClients.Captured call = GrpcClients.on(tls(gw, "https.grpc.test"));
        Iterator<String> stream = call.serverStreaming(GrpcTestServer.PING_LIST, "something", 60);
        int count = 0;
        while (stream.hasNext()) {
            assertThat(stream.next()).isEqualTo("something " + count);
            count++;
        }
        assertThat(count).isEqualTo(GrpcTestServer.LIST_RESPONSES);
        assertHasAll(call.headers(), EXPECTED_HEADERS);
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void clientStreaming() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        GrpcClients.Captured call = GrpcClients.on(h2c("h2c.grpc.test"));
        StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(
                call.channel().newCall(GrpcTestServer.PING_STREAM, GrpcClients.options(20)), observer(reply));
        requests.onNext("one");
        requests.onNext("two");
        requests.onNext("three");
        requests.onCompleted();
        assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("one,two,three");
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void bidirectionalStreamingIsFullDuplex() throws Exception {
        // Each message is sent only once the answer to the previous one came back through the gateway.
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        GrpcClients.Captured call = GrpcClients.on(tls(gw, "h2c.grpc.test"));
        StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(
                call.channel().newCall(GrpcTestServer.PING_PONG, GrpcClients.options(60)), new StreamObserver<>() {
                    @Override
                    public void onNext(String value) {
                        answers.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        closed.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        closed.complete("done");
                    }
                });
        for (int i = 0; i < 3; i++) {
            requests.onNext("ping " + i);
            assertThat(answers.poll(20, TimeUnit.SECONDS)).isEqualTo("pong ping " + i);
        }
        requests.onCompleted();
        assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo("done");
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void aStatusSentInTheTrailersReachesTheClientWithItsMessage() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        GrpcClients.Captured call = GrpcClients.on(tls(gw, "h2c.grpc.test"));
        StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(
                call.channel().newCall(GrpcTestServer.PING_STREAM, GrpcClients.options(20)), observer(reply));
        requests.onNext("one");
        requests.onNext("fail:9");
        requests.onCompleted();
        Status status = statusOf(reply);
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).isEqualTo("Intentionally returning status code: 9");
        assertHasAll(call.headers(), EXPECTED_HEADERS);
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void anErrorAfterTheHeadersAndATrailersOnlyErrorBothReachTheClient() {
        // improbable-eng/grpc-web's TestPingError_WithTrailersInData and _WithTrailersInHeaders, over plain gRPC.
        Metadata flush = GrpcTestServer.metadata(Map.of(GrpcTestServer.FLUSH_HEADERS, "true"));
        GrpcClients.Captured afterHeaders = GrpcClients.on(h2c("h2c.grpc.test"), flush);
        assertThatThrownBy(() -> afterHeaders.unary(GrpcTestServer.PING_ERROR, "x", 20))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Not implemented PingError");
                });
        assertHasAll(afterHeaders.headers(), EXPECTED_HEADERS);
        assertHasAll(afterHeaders.trailers(), EXPECTED_TRAILERS);

        GrpcClients.Captured trailersOnly = GrpcClients.on(h2c("h2c.grpc.test"));
        assertThatThrownBy(() -> trailersOnly.unary(GrpcTestServer.PING_ERROR, "x", 20))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Not implemented PingError");
                });
        assertHasAll(trailersOnly.trailers(), EXPECTED_HEADERS);
        assertHasAll(trailersOnly.trailers(), EXPECTED_TRAILERS);
    }

    @Test
    void theDeadlineReachesTheBackendAndExpiresAsDeadlineExceeded() throws Exception {
        GrpcClients.Captured call = GrpcClients.on(h2c("h2c.grpc.test"));
        assertThatThrownBy(() -> call.unary(GrpcTestServer.PING_HANG, "x", 2))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(h2cBackend.hangDeadline().get(20, TimeUnit.SECONDS)).as("grpc-timeout forwarded").isNotNull();
        h2cBackend.cancelled(GrpcTestServer.PING_HANG).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aCancelledCallIsCancelledAtTheBackend() throws Exception {
        ClientCall<String, String> call = tls(gw, "https.grpc.test").newCall(GrpcTestServer.PING_HANG, GrpcClients.options(600));
        CompletableFuture<String> reply = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(call, "x", observer(reply));
        tlsBackend.hangDeadline().get(20, TimeUnit.SECONDS);
        call.cancel("the user gave up", null);
        assertThat(statusOf(reply).getCode()).isEqualTo(Status.Code.CANCELLED);
        tlsBackend.cancelled(GrpcTestServer.PING_HANG).get(20, TimeUnit.SECONDS);
    }

    @Test
    void metadataTravelsBothWaysAsciiAndBinary() throws Exception {
        Metadata sent = new Metadata();
        sent.put(key("x-meta"), "from the client");
        sent.put(GrpcTestServer.binaryKey("x-meta-bin"), new byte[] {0, 1, (byte) 0xfe, (byte) 0xff});
        GrpcClients.Captured call = GrpcClients.on(tls(gw, "https.grpc.test"), sent);
        assertThat(call.unary(GrpcTestServer.PING, "hi", 20)).isEqualTo("hi");
        Metadata received = tlsBackend.received(GrpcTestServer.PING);
        assertThat(received.get(key("x-meta"))).isEqualTo("from the client");
        assertThat(received.get(GrpcTestServer.binaryKey("x-meta-bin"))).containsExactly(0, 1, 0xfe, 0xff);
        assertThat(call.headers().get(key("x-meta-header"))).isEqualTo("from the client");
        assertThat(call.headers().get(GrpcTestServer.binaryKey("x-meta-header-bin"))).containsExactly(0, 1, 0xfe, 0xff);
        assertThat(call.trailers().get(key("x-meta-trailer"))).isEqualTo("from the client");
        assertThat(call.trailers().get(GrpcTestServer.binaryKey("x-meta-trailer-bin"))).containsExactly(0, 1, 0xfe, 0xff);
    }

    @Test
    void aJwtMiddlewareInFrontAnswersUnauthenticatedWithoutAValidToken() {
        ManagedChannel channel = h2c("jwt.grpc.test");
        // The middleware answers HTTP 401 (as Traefik's would); grpc-java maps it to UNAUTHENTICATED.
        assertThatThrownBy(() -> GrpcClients.on(channel).unary(GrpcTestServer.PING, "x", 20))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("HTTP status code 401");
                });
        Metadata forged = GrpcTestServer.metadata(Map.of("authorization", "Bearer " + Jose.hs256("another-secret-of-32-bytes-long!", "{\"sub\":\"x\"}")));
        assertThatThrownBy(() -> GrpcClients.on(channel, forged).unary(GrpcTestServer.PING, "x", 20))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        Metadata valid = GrpcTestServer.metadata(Map.of("authorization", "Bearer " + Jose.hs256(SECRET, "{\"sub\":\"alice\"}")));
        GrpcClients.Captured call = GrpcClients.on(channel, valid);
        assertThat(call.unary(GrpcTestServer.PING, "authenticated", 20)).isEqualTo("authenticated");
        assertHasAll(call.trailers(), EXPECTED_TRAILERS);
    }

    /** Completes with the last message once the call closed (so the trailers were captured), or with its error. */
    static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            private T last;

            @Override
            public void onNext(T value) {
                last = value;
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(last);
            }
        };
    }

    static Status statusOf(CompletableFuture<?> reply) throws Exception {
        try {
            reply.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause());
        }
        throw new AssertionError("the call succeeded");
    }
}
