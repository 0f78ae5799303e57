package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.http.ExchangeKey;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.URI;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one exchange to one backend server and streams the answer back, both ways with
 * backpressure (nothing is buffered whole; server-sent events flow as they come). One instance per
 * event loop, with its own keep-alive pools, so a request never leaves the thread it arrived on.
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    /** The event loop's forwarder, on every exchange: for middlewares that call a service themselves (error pages). */
    public static final ExchangeKey<Forwarder> KEY = new ExchangeKey<>("forwarder", Forwarder.class);

    /** How long a named transport's clients may stay unused before their pools are closed. */
    private static final long UNUSED_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Vertx vertx;
    /** The event loop's context: backend connections are opened on its loop and report in it. */
    private final ContextInternal context;
    private final BackendClients defaults;
    /** Clients of the named transports services use, created on first use; equal configurations share them. */
    private final Map<ServersTransportConfig, BackendClients> named = new HashMap<>();
    /** The same clients keyed by the configuration instances services hold. */
    private final Map<ServersTransportConfig, BackendClients> byInstance = new IdentityHashMap<>();
    private final long sweepTimer;

    public Forwarder(Vertx vertx, ServersTransportConfig transport) {
        this.vertx = vertx;
        this.context = (ContextInternal) vertx.getOrCreateContext();
        this.defaults = new BackendClients(context, transport);
        // A reload may drop a transport: its pools close once no request used them for a while.
        this.sweepTimer = vertx.setPeriodic(TimeUnit.MINUTES.toMillis(1), id -> closeUnused());
    }

    private void closeUnused() {
        long now = System.nanoTime();
        named.values().removeIf(c -> {
            if (now - c.lastUsed > UNUSED_NANOS) {
                c.close();
                return true;
            }
            return false;
        });
        byInstance.clear(); // rebuilt on use: drops the instances of replaced configurations
    }

    private BackendClients clients(Target target) {
        ServersTransportConfig t = target.transport();
        if (t == null) {
            return defaults;
        }
        // By identity first: a record's hashCode walks all its fields and lists, on every request otherwise.
        BackendClients c = byInstance.get(t);
        if (c == null) {
            c = named.computeIfAbsent(t, config -> new BackendClients(context, config));
            byInstance.put(t, c);
        }
        return c;
    }

    /**
     * A backend server with what every request to it needs, computed once per configuration rather
     * than per request (host string, port, base path, address for the access log).
     */
    public record Target(URI uri, String host, int port, boolean tls, boolean h2c, String basePath, String address,
                         String hostHeader, ServersTransportConfig transport) {

        /** A server reached through the static {@code serversTransport}. */
        public static Target of(URI uri) {
            return of(uri, null);
        }

        /** A server reached through {@code transport} (null: the static {@code serversTransport}); its URL's path goes in front. */
        public static Target of(URI uri, ServersTransportConfig transport) {
            return of(uri, transport, true);
        }

        /**
         * A load balancer's server: as Traefik v3, the URL's path is put in front of the request's
         * only with {@code preservePath}, otherwise the request's path goes as it is.
         */
        public static Target of(URI uri, ServersTransportConfig transport, boolean preservePath) {
            boolean tls = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
            String rawPath = uri.getRawPath();
            String basePath = !preservePath || rawPath == null || rawPath.equals("/") ? "" : stripTrailingSlash(rawPath);
            String hostHeader = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
            return new Target(uri, uri.getHost(), port, tls, "h2c".equalsIgnoreCase(uri.getScheme()), basePath,
                    uri.getHost() + ":" + port, hostHeader, transport);
        }
    }

    /**
     * Forwards to {@code target}; every failure becomes 502 or 504, never an exception. Each way out
     * (answer relayed, backend failure, client gone, a bug) releases the backend request: a reset
     * stream or a bad header can never leave a pooled connection waiting for a body that will not come.
     */
    public void forward(Exchange exchange, Target target, boolean passHostHeader, Runnable onBackendFailure) {
        HttpServerRequest in = exchange.request();
        boolean upgrade = in.version() != HttpVersion.HTTP_2 && HopByHopHeaders.isUpgrade(in.headers()) && !exchange.detached();
        BackendClients clients = clients(target);
        exchange.facts().upstreamAddress(target.address());
        if (!target.tls() && !target.h2c() && !upgrade) {
            forwardHttp1(exchange, target, passHostHeader, onBackendFailure, clients);
            return;
        }
        ServersTransportConfig transport = clients.transport;
        long dialMillis = transport.dialTimeout().toMillis();
        // No headers in the options: they are copied once into the client request below.
        RequestOptions options = new RequestOptions()
                .setMethod(method(exchange))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(upstreamUri(exchange, target))
                .setFollowRedirects(false)
                // Bounds the wait for a pooled connection (and the dial): a request never queues forever.
                // (Traefik's dialTimeout 0 means no limit.)
                .setConnectTimeout(dialMillis > 0 ? dialMillis : Integer.MAX_VALUE);
        if (target.tls() && transport.serverName() != null) {
            // serversTransport.serverName: the name sent as SNI and checked against the certificate, at the server's address.
            options.setServer(SocketAddress.inetSocketAddress(target.port(), target.host())).setHost(transport.serverName());
        }
        ForwardProgress.reached(exchange);
        long headerTimeout = transport.responseHeaderTimeout().toMillis();

        clients.clientFor(target, upgrade).request(options).onComplete(ar -> {
            if (ar.failed()) {
                if (!exchange.aborted()) {
                    fail(exchange, ar.cause(), onBackendFailure);
                }
                return;
            }
            HttpClientRequest out = ar.result();
            if (exchange.aborted()) {
                // The client left (e.g. a reset stream) while we waited for a connection: give it back at once.
                out.reset();
                return;
            }
            try {
                send(exchange, out, target, passHostHeader, upgrade, headerTimeout, onBackendFailure);
            } catch (RuntimeException e) {
                // A bug or a value the HTTP client refuses: the client gets an answer, the connection is released.
                LOG.warn("request to backend {} could not be sent: {}", exchange.facts().upstreamAddress(), e.toString());
                out.reset(0, e);
                Responses.badGateway(exchange);
            }
        });
    }

    private static HttpMethod method(Exchange exchange) {
        return exchange.upstream().method() != null ? exchange.upstream().method() : exchange.request().method();
    }

    /**
     * Cleartext HTTP/1.1, the common case: the head is prepared and checked before a connection is
     * taken, then written by Netty's encoder on a pooled connection of this event loop ({@link Http1Call}).
     */
    private void forwardHttp1(Exchange exchange, Target target, boolean passHostHeader, Runnable onBackendFailure,
                              BackendClients clients) {
        HeadersMultiMap headers = HeadersMultiMap.caseInsensitive();
        String authority = exchange.requestAuthority();
        try {
            copyRequestHeaders(exchange, headers);
            headers.set(HttpHeaders.HOST, passHostHeader && !authority.isEmpty() ? authority : target.hostHeader());
            BackendHeaders.prepare(headers);
        } catch (IllegalArgumentException e) {
            LOG.warn("request to backend {} could not be sent: {}", target.address(), e.getMessage());
            Responses.badGateway(exchange);
            return;
        }
        HttpMethod method = method(exchange);
        String uri = upstreamUri(exchange, target);
        long headerTimeout = clients.transport.responseHeaderTimeout().toMillis();
        Http1Connections pool = clients.http1();
        ForwardProgress.reached(exchange);
        pool.acquire(target, (channel, failure) -> {
            if (failure != null) {
                if (!exchange.aborted()) {
                    fail(exchange, failure, onBackendFailure);
                }
                return;
            }
            if (exchange.aborted()) {
                pool.release(target, channel); // nothing was written on it
                return;
            }
            Http1Call call;
            try {
                call = new Http1Call(exchange, target, channel, pool, context, onBackendFailure, method, uri, headers);
            } catch (IllegalArgumentException e) {
                // A method or target the request line cannot carry (the entry point admits neither).
                LOG.warn("request to backend {} could not be sent: {}", target.address(), e.getMessage());
                pool.release(target, channel);
                Responses.badGateway(exchange);
                return;
            }
            ForwardProgress.requestSent(exchange);
            call.startHeaderTimer(headerTimeout);
            RequestBodySender.send(exchange, call);
        });
    }

    private static String upstreamUri(Exchange exchange, Target target) {
        String uri = exchange.upstream().uri();
        if (uri.equals("*")) {
            return uri;
        }
        return target.basePath().isEmpty() ? uri : target.basePath() + uri;
    }

    private void send(Exchange exchange, HttpClientRequest out, Target target, boolean passHostHeader, boolean upgrade,
                      long headerTimeout, Runnable onBackendFailure) {
        ForwardProgress.requestSent(exchange);
        HttpServerRequest in = exchange.request();
        MultiMap upstream = out.headers();
        copyRequestHeaders(exchange, upstream);
        if (upgrade) {
            upstream.set("Connection", "Upgrade");
            upstream.set("Upgrade", in.getHeader("Upgrade"));
        }
        String authority = exchange.requestAuthority();
        String host = passHostHeader && !authority.isEmpty() ? authority : target.hostHeader();
        HostAndPort h2Authority = out.version() == HttpVersion.HTTP_2 ? HostAndPort.parseAuthority(host, -1) : null;
        if (h2Authority != null) {
            // HTTP/2 carries the host as :authority; a host header that differs from it gets the stream reset.
            out.authority(h2Authority);
        } else {
            upstream.set(HttpHeaders.HOST, host);
        }
        out.exceptionHandler(err -> LOG.debug("upstream request to {} ended: {}", exchange.facts().upstreamAddress(), err.toString()));
        long timer = headerTimeout > 0 ? vertx.setTimer(headerTimeout, id -> {
            Responses.gatewayTimeout(exchange);
            out.reset(0, new TimeoutException("backend sent no response headers within " + headerTimeout + " ms"));
        }) : -1;
        exchange.onAbort(() -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            out.reset();
        });
        if (upgrade) {
            tunnel(exchange, out, timer, onBackendFailure);
            return;
        }
        out.response().onComplete(rar -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (rar.failed()) {
                if (!exchange.aborted()) {
                    fail(exchange, rar.cause(), onBackendFailure);
                }
            } else {
                relayResponse(exchange, rar.result());
            }
        });
        RequestBodySender.send(exchange, new VertxBackendRequest(out));
    }

    /**
     * The admitted headers as middlewares left them: no hop-by-hop header (a middleware may have added
     * one), and none of those the client scoped to the chain with {@code forwardedHeaders.connection}.
     * Framing headers are never copied: {@link RequestBodySender} frames what it sends.
     */
    private static void copyRequestHeaders(Exchange exchange, MultiMap to) {
        List<String> scoped = exchange.connectionScoped();
        for (Map.Entry<String, String> header : exchange.upstream().headers()) {
            String name = header.getKey();
            if (HeaderNames.isHopByHop(name) || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Host")
                    || name.equalsIgnoreCase("Expect") || (!scoped.isEmpty() && containsIgnoreCase(scoped, name))) {
                continue;
            }
            to.add(name, header.getValue());
        }
        if (hasTrailersToken(exchange.request().headers()) || hasTrailersToken(exchange.upstream().headers())) {
            // As Go's reverse proxy: TE is hop-by-hop, but "trailers" tells the backend (gRPC) that the path supports them.
            to.set("TE", "trailers");
        }
    }

    /** Go's {@code httpguts.HeaderValuesContainsToken(TE, "trailers")}: comma-separated tokens, no parameters. */
    private static boolean hasTrailersToken(MultiMap headers) {
        return headers.contains("TE") && containsIgnoreCase(HeaderNames.connectionTokens(headers.getAll("TE")), "trailers");
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingSlash(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private void relayResponse(Exchange exchange, HttpClientResponse backend) {
        ResponseWriter response = exchange.response();
        if (!BackendResponseHead.relay(exchange, backend.statusCode(), backend.statusMessage(), backend.headers())) {
            backend.request().reset();
            return;
        }
        backend.exceptionHandler(err -> {
            LOG.debug("backend stream failed mid-response: {}", err.toString());
            if (!exchange.detached()) {
                exchange.request().connection().close();
            }
        });
        // Hand-written pipe rather than pipeTo: Vert.x's pipe throws when the client side has already
        // ended or closed (seen under load when clients disconnect mid-response); here we stop cleanly.
        backend.handler(chunk -> {
            if (response.ended() || response.closed()) {
                backend.handler(null);
                backend.request().reset();
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                backend.pause();
                response.drainHandler(v -> backend.resume());
            }
        });
        backend.endHandler(v -> {
            if (!response.ended() && !response.closed()) {
                // gRPC's grpc-status and grpc-message: sent after the body (HTTP/2, chunked HTTP/1.1).
                if (!backend.trailers().isEmpty()) {
                    response.trailers().addAll(backend.trailers());
                }
                response.end();
            }
        });
    }

    /** HTTP/1.1 upgrade (WebSocket): once the backend answers 101, splice the two sockets together. */
    private void tunnel(Exchange exchange, HttpClientRequest out, long timer, Runnable onBackendFailure) {
        out.connect().onComplete(ar -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (ar.failed()) {
                fail(exchange, ar.cause(), onBackendFailure);
                return;
            }
            HttpClientResponse backend = ar.result();
            if (backend.statusCode() != 101) {
                relayResponse(exchange, backend);
                exchange.request().resume();
                return;
            }
            NetSocket backendSocket = backend.netSocket();
            ResponseWriter response = exchange.response();
            response.headers().addAll(backend.headers());
            // The filters see the 101 head; the upgrade below writes it.
            response.statusCode(101).writeHead();
            exchange.request().toNetSocket().onComplete(sar -> {
                if (sar.failed()) {
                    backendSocket.close();
                    return;
                }
                NetSocket clientSocket = sar.result();
                clientSocket.pipeTo(backendSocket);
                backendSocket.pipeTo(clientSocket);
            });
        });
    }

    /** A backend that could not be reached or answered nothing: 504 for a timeout, else 502 (a refused connection also tells the service). */
    static void fail(Exchange exchange, Throwable cause, Runnable onBackendFailure) {
        boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")
                || (cause.getMessage() != null && cause.getMessage().toLowerCase().contains("timed out"));
        LOG.debug("backend {} failed: {}", exchange.facts().upstreamAddress(), cause.toString());
        if (!timeout && (cause instanceof ConnectException || cause.getCause() instanceof ConnectException)) {
            onBackendFailure.run();
        }
        if (timeout) {
            Responses.gatewayTimeout(exchange);
        } else {
            Responses.badGateway(exchange);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
        defaults.close();
        named.values().forEach(BackendClients::close);
        named.clear();
        byInstance.clear();
    }
}
