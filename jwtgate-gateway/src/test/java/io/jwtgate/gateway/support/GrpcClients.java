package io.jwtgate.gateway.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** grpc-java clients for tests: channels to the gateway and calls that capture the response headers and trailers. */
public final class GrpcClients {

    private GrpcClients() {}

    /** Cleartext HTTP/2 with prior knowledge, {@code :authority} = {@code authority}. */
    public static ManagedChannel h2c(int port, String authority) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .overrideAuthority(authority).build();
    }

    /** TLS trusting {@code certificatePem} only; SNI, host check and {@code :authority} are {@code authority}. */
    public static ManagedChannel tls(int port, String authority, String certificatePem) throws Exception {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                .trustManager(new ByteArrayInputStream(certificatePem.getBytes(UTF_8)));
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials.build()).overrideAuthority(authority).build();
    }

    /** One call's response headers and trailers, as the client received them. */
    public static final class Captured {
        final AtomicReference<Metadata> headers = new AtomicReference<>();
        final AtomicReference<Metadata> trailers = new AtomicReference<>();
        private final Channel channel;

        Captured(Channel channel, Metadata sent) {
            this.channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(sent),
                    MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        }

        public Metadata headers() {
            return headers.get();
        }

        public Metadata trailers() {
            return trailers.get();
        }

        public String unary(MethodDescriptor<String, String> method, String request, long timeoutSeconds) {
            return ClientCalls.blockingUnaryCall(channel, method, options(timeoutSeconds), request);
        }

        public Iterator<String> serverStreaming(MethodDescriptor<String, String> method, String request, long timeoutSeconds) {
            return ClientCalls.blockingServerStreamingCall(channel, method, options(timeoutSeconds), request);
        }

        public Channel channel() {
            return channel;
        }
    }

    /** A call on {@code channel} sending {@code sent} as request metadata. */
    public static Captured on(Channel channel, Metadata sent) {
        return new Captured(channel, sent);
    }

    public static Captured on(Channel channel) {
        return new Captured(channel, new Metadata());
    }

    public static CallOptions options(long timeoutSeconds) {
        return CallOptions.DEFAULT.withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
    }
}
