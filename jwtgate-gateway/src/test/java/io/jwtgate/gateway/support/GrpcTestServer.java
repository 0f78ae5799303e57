package io.jwtgate.gateway.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jwtgate.gateway.runtime.TlsCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server on 127.0.0.1 (ephemeral port), cleartext HTTP/2 or TLS, serving the
 * methods of improbable-eng/grpc-web's test service (their test data: headers and trailers sent,
 * 3000 list responses, the PingError message) and two of our own: {@code PingPaced} (server
 * streaming paced by the test, to prove nothing is buffered) and {@code PingHang} (never answers;
 * records the deadline and the cancellation). Messages are UTF-8 strings with a hand-written
 * marshaller, so no protoc is needed.
 */
public final class GrpcTestServer implements AutoCloseable {

    public static final String SERVICE = "jwtgate.test.TestService";

    /** Strings as UTF-8 bytes: what a gRPC message carries is opaque to the gateway. */
    public static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** Answers its message, with {@link #EXPECTED_HEADERS} and {@link #EXPECTED_TRAILERS}, and echoes {@code x-meta*}. */
    public static final MethodDescriptor<String, String> PING = method("Ping", MethodDescriptor.MethodType.UNARY);
    /** UNIMPLEMENTED "Not implemented PingError": trailers-only, or after headers when {@link #FLUSH_HEADERS} is sent. */
    public static final MethodDescriptor<String, String> PING_ERROR = method("PingError", MethodDescriptor.MethodType.UNARY);
    /** {@link #LIST_RESPONSES} messages "{value} {i}". */
    public static final MethodDescriptor<String, String> PING_LIST = method("PingList", MethodDescriptor.MethodType.SERVER_STREAMING);
    /** The client's messages joined with ","; a message "fail:N" ends the call with status code N. */
    public static final MethodDescriptor<String, String> PING_STREAM = method("PingStream", MethodDescriptor.MethodType.CLIENT_STREAMING);
    /** {value} messages "message {i}"; each after the first waits for a {@link #pace()} permit. */
    public static final MethodDescriptor<String, String> PING_PACED = method("PingPaced", MethodDescriptor.MethodType.SERVER_STREAMING);
    /** Bidirectional: answers each message as it arrives ("pong " + message), ends when the client does. */
    public static final MethodDescriptor<String, String> PING_PONG = method("PingPong", MethodDescriptor.MethodType.BIDI_STREAMING);
    /** Never answers. */
    public static final MethodDescriptor<String, String> PING_HANG = method("PingHang", MethodDescriptor.MethodType.UNARY);

    /** improbable-eng/grpc-web's expectedHeaders and expectedTrailers (gRPC metadata keys are lower case). */
    public static final Map<String, String> EXPECTED_HEADERS = Map.of("headertestkey1", "Value1", "headertestkey2", "Value2");
    public static final Map<String, String> EXPECTED_TRAILERS = Map.of("trailertestkey1", "Value1", "trailertestkey2", "Value2");
    public static final String FLUSH_HEADERS = "test-internal-use-flush-for-headers";
    public static final int LIST_RESPONSES = 3000;

    private final Server server;
    private final Map<String, Metadata> received = new ConcurrentHashMap<>();
    private final Map<String, String> authorities = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> cancelled = new ConcurrentHashMap<>();
    private final CompletableFuture<Deadline> hangDeadline = new CompletableFuture<>();
    private final Semaphore pace = new Semaphore(0);

    private GrpcTestServer(ServerCredentials credentials) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(PING, collecting(PING, this::ping))
                .addMethod(PING_ERROR, collecting(PING_ERROR, GrpcTestServer::pingError))
                .addMethod(PING_LIST, collecting(PING_LIST, GrpcTestServer::pingList))
                .addMethod(PING_STREAM, collecting(PING_STREAM, GrpcTestServer::pingStream))
                .addMethod(PING_PACED, collecting(PING_PACED, this::pingPaced))
                .addMethod(PING_HANG, collecting(PING_HANG, (call, headers, messages) -> { }))
                .addMethod(PING_PONG, GrpcTestServer::pingPong)
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                .addService(service).build().start();
    }

    /** Cleartext HTTP/2 (prior knowledge), for {@code h2c://} server URLs. */
    public static GrpcTestServer h2c() throws IOException {
        return new GrpcTestServer(InsecureServerCredentials.create());
    }

    /** HTTP/2 over TLS with this certificate, for {@code https://} server URLs. */
    public static GrpcTestServer tls(TlsCertificates.PemPair certificate) throws IOException {
        return new GrpcTestServer(TlsServerCredentials.create(new ByteArrayInputStream(certificate.certificatePem().getBytes(UTF_8)),
                new ByteArrayInputStream(certificate.keyPem().getBytes(UTF_8))));
    }

    public int port() {
        return server.getPort();
    }

    /** The request metadata of the last call of {@code method}, or null. */
    public Metadata received(MethodDescriptor<?, ?> method) {
        return received.get(method.getBareMethodName());
    }

    /** The {@code :authority} the last call of {@code method} came with, or null. */
    public String authority(MethodDescriptor<?, ?> method) {
        return authorities.get(method.getBareMethodName());
    }

    /** Completes when a call of {@code method} is cancelled (client reset, deadline). */
    public CompletableFuture<Void> cancelled(MethodDescriptor<?, ?> method) {
        return cancelled.computeIfAbsent(method.getBareMethodName(), k -> new CompletableFuture<>());
    }

    /** The deadline {@code PingHang} ran under (from the client's grpc-timeout); null when it had none. */
    public CompletableFuture<Deadline> hangDeadline() {
        return hangDeadline;
    }

    /** Permits for {@code PingPaced}'s next message. */
    public Semaphore pace() {
        return pace;
    }

    public static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    public static Metadata.Key<byte[]> binaryKey(String name) {
        return Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
    }

    public static Metadata metadata(Map<String, String> entries) {
        Metadata m = new Metadata();
        entries.forEach((k, v) -> m.put(key(k), v));
        return m;
    }

    private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
    }

    private interface Responder {
        void respond(ServerCall<String, String> call, Metadata headers, List<String> messages);
    }

    /** Reads every request message, then answers once the client half-closed. */
    private ServerCallHandler<String, String> collecting(MethodDescriptor<String, String> method, Responder responder) {
        String name = method.getBareMethodName();
        return (call, headers) -> {
            received.put(name, headers);
            authorities.put(name, String.valueOf(call.getAuthority()));
            if (method == PING_HANG) {
                Deadline deadline = Context.current().getDeadline();
                hangDeadline.complete(deadline);
            }
            List<String> messages = new ArrayList<>();
            call.request(Integer.MAX_VALUE);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(String message) {
                    messages.add(message);
                }

                @Override
                public void onHalfClose() {
                    responder.respond(call, headers, messages);
                }

                @Override
                public void onCancel() {
                    cancelled(method).complete(null);
                }
            };
        };
    }

    private static ServerCall.Listener<String> pingPong(ServerCall<String, String> call, Metadata headers) {
        call.request(Integer.MAX_VALUE);
        call.sendHeaders(new Metadata());
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(String message) {
                call.sendMessage("pong " + message);
            }

            @Override
            public void onHalfClose() {
                call.close(Status.OK, metadata(EXPECTED_TRAILERS));
            }
        };
    }

    private void ping(ServerCall<String, String> call, Metadata headers, List<String> messages) {
        Metadata head = metadata(EXPECTED_HEADERS);
        Metadata trailers = metadata(EXPECTED_TRAILERS);
        String meta = headers.get(key("x-meta"));
        if (meta != null) {
            head.put(key("x-meta-header"), meta);
            trailers.put(key("x-meta-trailer"), meta);
        }
        byte[] binary = headers.get(binaryKey("x-meta-bin"));
        if (binary != null) {
            head.put(binaryKey("x-meta-header-bin"), binary);
            trailers.put(binaryKey("x-meta-trailer-bin"), binary);
        }
        call.sendHeaders(head);
        call.sendMessage(messages.isEmpty() ? "" : messages.get(0));
        call.close(Status.OK, trailers);
    }

    private static void pingError(ServerCall<String, String> call, Metadata headers, List<String> messages) {
        Metadata trailers = metadata(EXPECTED_TRAILERS);
        if (headers.containsKey(key(FLUSH_HEADERS))) {
            call.sendHeaders(metadata(EXPECTED_HEADERS));
        } else {
            // Trailers-only: what grpc-go does with headers set but never flushed.
            trailers.merge(metadata(EXPECTED_HEADERS));
        }
        call.close(Status.UNIMPLEMENTED.withDescription("Not implemented PingError"), trailers);
    }

    private static void pingList(ServerCall<String, String> call, Metadata headers, List<String> messages) {
        call.sendHeaders(metadata(EXPECTED_HEADERS));
        for (int i = 0; i < LIST_RESPONSES; i++) {
            call.sendMessage(messages.get(0) + " " + i);
        }
        call.close(Status.OK, metadata(EXPECTED_TRAILERS));
    }

    private static void pingStream(ServerCall<String, String> call, Metadata headers, List<String> messages) {
        call.sendHeaders(metadata(EXPECTED_HEADERS));
        for (String m : messages) {
            if (m.startsWith("fail:")) {
                int code = Integer.parseInt(m.substring(5));
                call.close(Status.fromCodeValue(code).withDescription("Intentionally returning status code: " + code),
                        metadata(EXPECTED_TRAILERS));
                return;
            }
        }
        call.sendMessage(String.join(",", messages));
        call.close(Status.OK, metadata(EXPECTED_TRAILERS));
    }

    private void pingPaced(ServerCall<String, String> call, Metadata headers, List<String> messages) {
        int count = Integer.parseInt(messages.get(0));
        call.sendHeaders(new Metadata());
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    if (i > 0 && !pace.tryAcquire(30, TimeUnit.SECONDS)) {
                        call.close(Status.DEADLINE_EXCEEDED.withDescription("the test never asked for message " + i), new Metadata());
                        return;
                    }
                    call.sendMessage("message " + i);
                }
                call.close(Status.OK, new Metadata());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
