package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.server.tcp.EntryPointRouter;
import io.jwtgate.gateway.server.tcp.Handoffs;
import io.jwtgate.gateway.server.tcp.HttpConnectionRouter;
import io.jwtgate.gateway.server.tcp.ProxyHeader;
import io.jwtgate.gateway.server.tcp.SniffingListener;
import io.jwtgate.gateway.server.tls.TlsServerOptions;
import io.jwtgate.gateway.tcp.TcpService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's servers for one entry point. Most entry points are served directly: one HTTP
 * server on the public port, TLS or not as {@code http.tls} says. An entry point that must tell TLS
 * from cleartext connections on one port (routers that declare {@code tls} without {@code http.tls},
 * TCP routers) is served by a {@link SniffingListener} on the public port in front of an HTTP and an
 * HTTPS server on loopback. A reload that makes an entry point need sniffing switches it without a
 * restart: the listener joins the socket the direct server is bound to (Vert.x shares a bound port
 * between servers of one address), then the direct server stops accepting and finishes its
 * connections. An entry point never switches back (the listener serves every case).
 */
final class EntryPointServers {

    private static final Logger LOG = LoggerFactory.getLogger(EntryPointServers.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** How long a direct server that was replaced by a listener lets its connections finish. */
    private static final Duration SWITCH_GRACE = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Context context;
    private final EntryPointConfig entryPoint;
    private final int index;
    private final Function<EntryPointConfig, HttpServerOptions> options;
    private final Consumer<HttpServerRequest> requests;
    private final ReadTimeouts timeouts;
    private HttpServer direct;
    private SniffingListener front;
    private HttpServer internalHttp;
    private HttpServer internalHttps;
    private NetServer terminating;
    private NetClient tcpClient;
    private final Supplier<Runtime> runtime;
    private final Handoffs handoffs;

    EntryPointServers(Vertx vertx, Context context, EntryPointConfig entryPoint, int index,
                      Function<EntryPointConfig, HttpServerOptions> options, Consumer<HttpServerRequest> requests,
                      Supplier<Runtime> runtime, Handoffs handoffs) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.handoffs = handoffs;
        this.context = context;
        this.entryPoint = entryPoint;
        this.index = index;
        this.options = options;
        this.requests = requests;
        this.timeouts = new ReadTimeouts(vertx, entryPoint.readTimeout(), entryPoint.idleTimeout());
    }

    /** Whether this runtime needs the entry point to tell TLS from cleartext connections. */
    static boolean needsSniffing(EntryPointConfig ep, Runtime runtime) {
        return (!ep.tls() && runtime.servesTls(ep.name())) || !runtime.routes(ep.name()).tcp().isEmpty();
    }

    Future<?> start(Runtime runtime) {
        if (needsSniffing(entryPoint, runtime)) {
            return startSniffing(runtime);
        }
        HttpServerOptions o = options.apply(entryPoint);
        if (entryPoint.tls()) {
            TlsServerOptions.configure(o, runtime.certificates(), runtime.tls(entryPoint.name()));
        }
        direct = server(o);
        return direct.listen();
    }

    /** Called on this instance's context: new TLS material, and the switch to sniffing when the runtime needs it. */
    Future<?> update(Runtime next) {
        if (front == null && needsSniffing(entryPoint, next)) {
            HttpServer replaced = direct;
            LOG.info("entry point {} now serves TLS and cleartext connections on one port: switching to a sniffing listener",
                    entryPoint.name());
            return startSniffing(next).onSuccess(v -> {
                direct = null;
                replaced.shutdown(SWITCH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
        HttpServer tlsServer = front != null ? internalHttps : entryPoint.tls() ? direct : null;
        if (tlsServer == null) {
            return Future.succeededFuture();
        }
        Future<Boolean> https = tlsServer.updateSSLOptions(TlsServerOptions.update(next.certificates(), next.tls(entryPoint.name())));
        if (terminating == null) {
            return https;
        }
        return Future.all(https, terminating.updateSSLOptions(
                TlsServerOptions.update(next.certificates(), next.tls(entryPoint.name())).setUseAlpn(false)));
    }

    private Future<?> startSniffing(Runtime runtime) {
        // Shared random loopback ports, one per entry point and kind: every instance joins the same binding.
        HttpServerOptions plain = options.apply(entryPoint).setHost(LOOPBACK).setPort(-(1000 + 3 * index)).setUseProxyProtocol(true);
        HttpServerOptions secure = TlsServerOptions.configure(options.apply(entryPoint).setHost(LOOPBACK).setPort(-(1001 + 3 * index))
                .setUseProxyProtocol(true), runtime.certificates(), runtime.tls(entryPoint.name()));
        // TCP routers that terminate TLS: the same certificates and options by SNI, no ALPN (the bytes are not HTTP).
        HttpServerOptions tcpTls = TlsServerOptions.configure(new HttpServerOptions().setHost(LOOPBACK).setPort(-(1002 + 3 * index))
                .setUseProxyProtocol(true).setReusePort(true).setTcpNoDelay(true), runtime.certificates(), runtime.tls(entryPoint.name()));
        tcpTls.setUseAlpn(false);
        internalHttp = server(plain);
        internalHttps = server(secure);
        tcpClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
        terminating = vertx.createNetServer(tcpTls).connectHandler(this::terminated);
        Future<?> internal = Future.all(internalHttp.listen(), internalHttps.listen(), terminating.listen());
        return internal.compose(v -> {
            HttpConnectionRouter http = new HttpConnectionRouter(() -> internalHttp.actualPort(), () -> internalHttps.actualPort());
            front = new SniffingListener(vertx, entryPoint, new EntryPointRouter(entryPoint.name(), this.runtime, http,
                    () -> terminating.actualPort(), handoffs), entryPoint.readTimeout());
            return front.listen();
        });
    }

    /** A decrypted connection of a TCP router that terminates TLS: to the route's next server, as plain TCP. */
    private void terminated(NetSocket socket) {
        Handoffs.Handoff handoff = handoffs.take(socket.localAddress().port());
        TcpService.Server server = handoff == null ? null : handoff.route().service().next();
        if (server == null) {
            socket.close();
            return;
        }
        socket.pause();
        tcpClient.connect(server.port(), server.host()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.debug("TCP router {}: cannot reach {}:{}: {}", handoff.route().name(), server.host(), server.port(), ar.cause().toString());
                socket.close();
                return;
            }
            if (server.proxyProtocol() > 0) {
                ar.result().write(ProxyHeader.of(server.proxyProtocol(), socket.remoteAddress(), handoff.entryPointAddress()));
            }
            SniffingListener.splice(socket, ar.result());
        });
    }

    private HttpServer server(HttpServerOptions o) {
        return vertx.createHttpServer(o)
                .connectionHandler(timeouts::connected)
                .requestHandler(request -> {
                    timeouts.requestStarted(request);
                    requests.accept(request);
                });
    }

    int actualPort() {
        if (front != null) {
            return front.actualPort();
        }
        return direct == null ? -1 : direct.actualPort();
    }

    Future<Void> shutdown(Duration grace) {
        List<Future<?>> all = new ArrayList<>();
        if (front != null) {
            all.add(front.shutdown(grace));
        }
        for (HttpServer s : new HttpServer[] {direct, internalHttp, internalHttps}) {
            if (s != null) {
                all.add(s.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        if (terminating != null) {
            all.add(terminating.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).eventually(() -> tcpClient.close()));
        }
        return Future.all(all).mapEmpty();
    }

    /** Runs {@code task} on this instance's event loop. */
    <T> Future<T> onContext(java.util.function.Supplier<Future<T>> task) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> task.get().onComplete(done));
        return done.future();
    }
}
