package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.server.tcp.Handoffs;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One event loop's share of the gateway: the servers of each entry point ({@link EntryPointServers}) (Vert.x spreads connections
 * across instances listening on the same port) and a {@link Forwarder} with its own connection pools.
 */
public final class GatewayVerticle extends VerticleBase {

    /** Bytes all streams of one client connection may have in flight: 1 MiB, 16 streams' default windows. */
    static final int HTTP2_CONNECTION_WINDOW = 1 << 20;
    static final int HTTP2_MAX_RESETS_PER_WINDOW = 200;
    static final int HTTP2_RESET_WINDOW_SECONDS = 30;

    private final List<EntryPointConfig> entryPoints;
    private final Map<String, RequestDispatcher> dispatchers;
    private final ServersTransportConfig transport;
    private final Supplier<Runtime> runtime;
    private final Map<String, EntryPointServers> servers = new java.util.concurrent.ConcurrentHashMap<>();
    private Forwarder forwarder;
    private volatile String eventLoopThread;

    private final Map<String, Handoffs> handoffs;

    /** @param handoffs per entry point, shared by every instance (see {@link Handoffs}) */
    public GatewayVerticle(List<EntryPointConfig> entryPoints, Map<String, RequestDispatcher> dispatchers,
                           ServersTransportConfig transport, Supplier<Runtime> runtime, Map<String, Handoffs> handoffs) {
        this.handoffs = Map.copyOf(handoffs);
        this.entryPoints = List.copyOf(entryPoints);
        this.dispatchers = Map.copyOf(dispatchers);
        this.transport = transport;
        this.runtime = runtime;
    }

    /**
     * Created on the first request, on this instance's event loop: creating Vert.x clients while
     * the instances are still being deployed could take an event loop from the round robin and put
     * two instances on one loop (seen once in EventLoopsIT).
     */
    private Forwarder forwarder() {
        if (forwarder == null) {
            forwarder = new Forwarder(vertx, transport);
        }
        return forwarder;
    }

    @Override
    public Future<?> start() {
        eventLoopThread = Thread.currentThread().getName();
        List<Future<?>> listening = new ArrayList<>();
        Runtime current = runtime.get();
        for (int i = 0; i < entryPoints.size(); i++) {
            EntryPointConfig ep = entryPoints.get(i);
            RequestDispatcher dispatcher = dispatchers.get(ep.name());
            EntryPointServers s = new EntryPointServers(vertx, context, ep, i, this::serverOptions,
                    request -> dispatcher.handle(request, forwarder()), runtime, handoffs.get(ep.name()));
            servers.put(ep.name(), s);
            listening.add(s.start(current));
        }
        return Future.all(listening);
    }

    private HttpServerOptions serverOptions(EntryPointConfig ep) {
        int headerLimit = (int) Math.min(Integer.MAX_VALUE, ep.maxHeaderBytes());
        HttpServerOptions o = new HttpServerOptions()
                .setHost(ep.host())
                .setPort(ep.port())
                .setMaxHeaderSize(headerLimit)
                .setMaxInitialLineLength(Math.min(headerLimit, 64 * 1024))
                .setIdleTimeout((int) ep.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                // 100 Continue is sent by the exchange once the middlewares accepted the request (never before
                // the token was checked): see Exchange.continueIfExpected.
                .setHandle100ContinueAutomatically(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setTcpNoDelay(true)
                .setReusePort(true)
                // Cleartext HTTP/2 detection swaps the connection object after the connection handler ran,
                // which hides fresh connections from the header-read timeout (ReadTimeouts): h2c is only
                // served when readTimeout is 0 (disabled). TLS entry points negotiate HTTP/2 through ALPN.
                .setHttp2ClearTextEnabled(ep.readTimeout() == null || ep.readTimeout().isZero());
        // HTTP/2 limits (RFC 9113 section 6.5.2, and the rapid-reset mitigation of CVE-2023-44487):
        // Traefik's stream and HPACK-table defaults, the header list bounded like HTTP/1.1 headers, and a
        // connection that resets more than 200 streams within 30 s is closed with GOAWAY.
        o.setInitialSettings(new Http2Settings()
                        .setMaxConcurrentStreams(ep.http2().maxConcurrentStreams())
                        .setHeaderTableSize(ep.http2().maxDecoderHeaderTableSize())
                        .setMaxHeaderListSize(headerLimit)
                        .setInitialWindowSize(Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE)
                        .setPushEnabled(false))
                .setHttp2ConnectionWindowSize(HTTP2_CONNECTION_WINDOW)
                .setHttp2RstFloodMaxRstFramePerWindow(HTTP2_MAX_RESETS_PER_WINDOW)
                .setHttp2RstFloodWindowDuration(HTTP2_RESET_WINDOW_SECONDS)
                .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS);
        return o;
    }

    /**
     * New certificates and TLS options for new connections (current ones keep theirs), and the switch of
     * an entry point to sniffing when the runtime gives it its first TLS router; on this instance's event loop.
     */
    public Future<?> updateTls(Runtime next) {
        List<Future<?>> updates = new ArrayList<>();
        for (EntryPointServers s : servers.values()) {
            updates.add(s.onContext(() -> s.update(next).mapEmpty()));
        }
        return Future.all(updates);
    }

    /** Graceful: stop accepting, finish current responses, force-close after {@code grace}. */
    public Future<Void> shutdownServers(java.time.Duration grace) {
        List<Future<Void>> all = new ArrayList<>();
        for (EntryPointServers s : servers.values()) {
            all.add(s.shutdown(grace));
        }
        return Future.all(all).mapEmpty();
    }

    /** The event-loop thread this instance serves its connections on. */
    public String eventLoopThread() {
        return eventLoopThread;
    }

    public int actualPort(String entryPoint) {
        EntryPointServers s = servers.get(entryPoint);
        return s == null ? -1 : s.actualPort();
    }

    @Override
    public Future<?> stop() {
        if (forwarder != null) {
            forwarder.close();
        }
        return Future.succeededFuture();
    }
}
