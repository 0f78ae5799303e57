package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Keep-alive HTTP/1.1 connections to cleartext backends, for one event loop and one servers
 * transport: connections are opened on the event loop the request arrived on, so a request and
 * its backend connection never change threads. As Go's transport: the number of connections is not
 * limited, the idle ones kept per backend are ({@code maxIdleConnsPerHost}; 0 means Go's 2), and a
 * connection parked unused for {@code idleConnTimeout} is closed (a call in progress is not cut by it).
 *
 * <p>Hand-written on Netty rather than Vert.x's HTTP client (which the gateway keeps for TLS, h2c and
 * upgrades): the proxy hands the header map it holds to the encoder as it is and reads the backend's
 * headers into the map it relays, without the client's second header copy with validation, its
 * futures, pool and redirect layers — the per-request cost issue 18 profiled.
 */
final class Http1Connections implements AutoCloseable {

    /** Header maps the decoder fills and the gateway relays as Vert.x multi-maps, without a copy (validated when copied to the client). */
    static final HttpHeadersFactory MULTIMAP_HEADERS = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return HeadersMultiMap.caseInsensitive();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return HeadersMultiMap.caseInsensitive();
        }
    };

    private final ContextInternal context;
    private final Bootstrap bootstrap;
    private final int maxIdlePerHost;
    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
    private boolean closed;

    Http1Connections(ContextInternal context, ServersTransportConfig transport) {
        this.context = context;
        int configured = transport.maxIdleConnsPerHost();
        this.maxIdlePerHost = configured == 0 ? 2 : configured;
        long dialMillis = transport.dialTimeout().toMillis();
        long idleMillis = transport.idleConnTimeout().toMillis();
        VertxInternal vertx = context.owner();
        this.bootstrap = new Bootstrap()
                .group(context.nettyEventLoop())
                .channelFactory(vertx.transport().channelFactory(false))
                // Vert.x's resolver: a backend named by DNS is never resolved by blocking the event loop.
                .resolver(vertx.nameResolver().nettyAddressResolverGroup())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Netty's 0 is no limit, as Traefik's dialTimeout 0.
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, dialMillis))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (idleMillis > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                        }
                        HttpDecoderConfig decoder = new HttpDecoderConfig()
                                .setMaxInitialLineLength(64 * 1024)
                                .setMaxHeaderSize(1 << 20)
                                .setMaxChunkSize(64 * 1024)
                                .setHeadersFactory(MULTIMAP_HEADERS)
                                .setTrailersFactory(MULTIMAP_HEADERS)
                                // As Go's client: an answer with both framings is read as chunked (Netty's default refuses it).
                                .setUseRfc9112TransferEncoding(false);
                        ch.pipeline().addLast(new HttpClientCodec(decoder, false, false));
                        ch.pipeline().addLast(new Http1Call.ChannelEvents(context));
                    }
                });
    }

    /**
     * A connection to {@code target}: an idle one if there is one (the most recently used), else a new
     * one. {@code ready} gets the connection or why none could be opened, on this event loop, in the
     * Vert.x context.
     */
    void acquire(Forwarder.Target target, BiConsumer<Channel, Throwable> ready) {
        ArrayDeque<Channel> parked = idle.get(target.address());
        if (parked != null) {
            Channel ch;
            while ((ch = parked.pollFirst()) != null) {
                if (ch.isActive()) {
                    ready.accept(ch, null);
                    return;
                }
            }
        }
        ChannelFuture connect = bootstrap.connect(target.host(), target.port());
        connect.addListener(f -> context.emit(null, v -> {
            if (f.isSuccess()) {
                Channel ch = connect.channel();
                ch.closeFuture().addListener(c -> forget(target.address(), ch));
                ready.accept(ch, null);
            } else {
                ready.accept(null, f.cause());
            }
        }));
    }

    /** Gives back a connection whose last exchange ended cleanly; it is closed when the backend's idle set is full. */
    void release(Forwarder.Target target, Channel ch) {
        if (closed || !ch.isActive()) {
            ch.close();
            return;
        }
        ArrayDeque<Channel> parked = idle.computeIfAbsent(target.address(), k -> new ArrayDeque<>());
        if (parked.size() >= maxIdlePerHost) {
            ch.close();
            return;
        }
        parked.addFirst(ch);
    }

    private void forget(String address, Channel ch) {
        ArrayDeque<Channel> parked = idle.get(address);
        if (parked != null) {
            parked.remove(ch);
            if (parked.isEmpty()) {
                idle.remove(address);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ArrayDeque<Channel> parked : idle.values().toArray(ArrayDeque[]::new)) {
            for (Channel ch : parked.toArray(Channel[]::new)) {
                ch.close();
            }
        }
        idle.clear();
    }
}
