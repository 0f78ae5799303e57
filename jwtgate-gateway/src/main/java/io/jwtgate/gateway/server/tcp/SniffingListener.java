package io.jwtgate.gateway.server.tcp;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public listener of an entry point that serves more than one kind of connection on one port
 * (Traefik's TCP router in front of its HTTP and HTTPS handlers): it reads the first bytes without
 * answering, lets {@link ConnectionRouter} choose (cleartext HTTP, HTTPS, a TCP router), and then
 * splices the connection to the choice. HTTP and HTTPS are served by the gateway's own servers on
 * loopback, reached with a PROXY protocol header, so they see the client's address as if it had
 * connected to them directly (ClientIP rules, X-Forwarded-For, access logs).
 *
 * <p>Why not one server: Vert.x's HTTP server decides TLS per listening socket (there is no
 * optional-TLS mode nor a hook in its pipeline before the TLS handler), so a port that must speak
 * both needs a listener of its own in front.
 */
public final class SniffingListener {

    private static final Logger LOG = LoggerFactory.getLogger(SniffingListener.class);

    private final Vertx vertx;
    private final EntryPointConfig entryPoint;
    private final ConnectionRouter router;
    private final Duration peekTimeout;
    private NetServer server;
    private NetClient client;

    /** @param peekTimeout how long a client may take to send its first bytes (Traefik: the entry point's readTimeout) */
    public SniffingListener(Vertx vertx, EntryPointConfig entryPoint, ConnectionRouter router, Duration peekTimeout) {
        this.vertx = vertx;
        this.entryPoint = entryPoint;
        this.router = router;
        this.peekTimeout = peekTimeout;
    }

    /** Listens on the entry point's port (joining a server already bound there, which can then be shut down). */
    public Future<NetServer> listen() {
        client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
        server = vertx.createNetServer(new NetServerOptions().setHost(entryPoint.host()).setPort(entryPoint.port())
                .setReusePort(true).setTcpNoDelay(true));
        server.connectHandler(this::accepted);
        return server.listen();
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    public Future<Void> shutdown(Duration grace) {
        if (server == null) {
            return Future.succeededFuture();
        }
        return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).eventually(() -> client.close());
    }

    private void accepted(NetSocket socket) {
        // Server-first protocols (a TCP router that needs no bytes to decide) are handed over at once.
        ConnectionRouter.Target early = router.beforeFirstBytes(socket.remoteAddress());
        if (early != null) {
            handOver(socket, early, Buffer.buffer());
            return;
        }
        Buffer seen = Buffer.buffer();
        long timer = peekTimeout == null || peekTimeout.isZero() ? -1
                : vertx.setTimer(peekTimeout.toMillis(), id -> socket.close());
        if (timer >= 0) {
            socket.closeHandler(v -> vertx.cancelTimer(timer)); // replaced by the splice's once routed
        }
        socket.handler(chunk -> {
            seen.appendBuffer(chunk);
            ClientHello hello = ClientHello.read(seen);
            if (hello instanceof ClientHello.NeedMore) {
                return;
            }
            socket.pause();
            socket.handler(null);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            ConnectionRouter.Target target = router.route(socket.remoteAddress(), hello);
            if (target == null) {
                socket.close();
            } else {
                handOver(socket, target, seen);
            }
        });
        socket.exceptionHandler(e -> LOG.debug("entry point {}: {} before routing: {}", entryPoint.name(), socket.remoteAddress(), e.toString()));
    }

    /** Connects to the target, replays the bytes read so far, and splices both ways with backpressure. */
    private void handOver(NetSocket socket, ConnectionRouter.Target target, Buffer seen) {
        socket.pause();
        client.connect(target.address()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.debug("entry point {}: cannot reach {} for {}: {}", entryPoint.name(), target.address(), socket.remoteAddress(),
                        ar.cause().toString());
                target.failed();
                socket.close();
                return;
            }
            NetSocket upstream = ar.result();
            if (target.proxyProtocol() > 0) {
                upstream.write(ProxyHeader.of(target.proxyProtocol(), socket.remoteAddress(), target.proxiedDestination(socket.localAddress())));
            }
            if (seen.length() > 0) {
                upstream.write(seen);
            }
            splice(socket, upstream);
        });
    }

    /** Both directions with backpressure; either side closing closes the other. */
    public static void splice(NetSocket a, NetSocket b) {
        a.closeHandler(v -> b.close());
        b.closeHandler(v -> a.close());
        a.exceptionHandler(e -> b.close());
        b.exceptionHandler(e -> a.close());
        a.pipeTo(b);
        b.pipeTo(a);
    }

}
