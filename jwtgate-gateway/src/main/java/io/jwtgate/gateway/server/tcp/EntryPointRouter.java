package io.jwtgate.gateway.server.tcp;

import io.jwtgate.gateway.runtime.EntryPointRoutes;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.tcp.ConnData;
import io.jwtgate.gateway.tcp.TcpRoute;
import io.jwtgate.gateway.tcp.TcpService;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Traefik's TCP router ({@code pkg/server/router/tcp/router.go}) for one entry point, on the current
 * runtime: cleartext connections go to a matching TCP router, else to HTTP; TLS connections go to an
 * HTTPS router that names their SNI, else to a TCP TLS router with a specific rule, else to an HTTPS
 * router without host, else to a TCP {@code HostSNI(`*`)} router, else to HTTPS (a 404, or a refused
 * handshake when nothing on the entry point speaks TLS).
 */
public final class EntryPointRouter implements ConnectionRouter {

    private final String entryPoint;
    private final Supplier<Runtime> runtime;
    private final HttpConnectionRouter http;
    private final IntSupplier terminatingPort;
    private final Handoffs handoffs;

    public EntryPointRouter(String entryPoint, Supplier<Runtime> runtime, HttpConnectionRouter http, IntSupplier terminatingPort,
                            Handoffs handoffs) {
        this.entryPoint = entryPoint;
        this.runtime = runtime;
        this.http = http;
        this.terminatingPort = terminatingPort;
        this.handoffs = handoffs;
    }

    @Override
    public Target beforeFirstBytes(SocketAddress client) {
        EntryPointRoutes routes = runtime.get().routes(entryPoint);
        // Only non-TLS TCP routers and nothing else: the client may be one that waits for the server to speak first.
        if (!routes.tcp().plain().isEmpty() && routes.tcp().tls().isEmpty() && routes.secure().isEmpty()) {
            TcpRoute route = routes.tcp().matchPlain(ConnData.of("", client.hostAddress(), List.of()));
            if (route != null) {
                return target(route, client);
            }
        }
        return null;
    }

    @Override
    public Target route(SocketAddress client, ClientHello hello) {
        EntryPointRoutes routes = runtime.get().routes(entryPoint);
        if (!(hello instanceof ClientHello.Tls tls)) {
            TcpRoute route = routes.tcp().matchPlain(ConnData.of("", client.hostAddress(), List.of()));
            return route != null ? target(route, client) : http.http();
        }
        ConnData data = ConnData.of(tls.serverName(), client.hostAddress(), tls.alpn());
        if (!data.serverName().isEmpty() && routes.secureHosts().stream().anyMatch(h -> !h.equals("*") && hostMatches(data.serverName(), h))) {
            return http.https();
        }
        TcpRoute route = routes.tcp().matchTls(data);
        if (route != null && !route.catchAll()) {
            return target(route, client);
        }
        if (routes.secureCatchAll() || route == null) {
            return http.https();
        }
        return target(route, client);
    }

    private static boolean hostMatches(String serverName, String host) {
        return io.jwtgate.gateway.tcp.TcpRule.domainMatches(serverName, host);
    }

    /** Where a TCP route sends a connection; null (close) when the route is disabled or its service has no server to offer. */
    private Target target(TcpRoute route, SocketAddress client) {
        if (route.service() == null) {
            return null;
        }
        if (route.mode() == TcpRoute.Mode.TERMINATE) {
            return new Terminating(route);
        }
        TcpService.Server server = route.service().next();
        if (server == null) {
            return null;
        }
        return new Fixed(SocketAddress.inetSocketAddress(server.port(), server.host()), server.proxyProtocol());
    }

    /** To the entry point's TLS-terminating server, with a ticket for the route as the PROXY header's destination port. */
    private final class Terminating implements Target {
        private final TcpRoute route;
        private int ticket;

        Terminating(TcpRoute route) {
            this.route = route;
        }

        @Override
        public SocketAddress address() {
            return SocketAddress.inetSocketAddress(terminatingPort.getAsInt(), "127.0.0.1");
        }

        @Override
        public int proxyProtocol() {
            return 2;
        }

        @Override
        public SocketAddress proxiedDestination(SocketAddress local) {
            ticket = handoffs.register(route, local);
            return SocketAddress.inetSocketAddress(ticket, "127.0.0.1");
        }

        @Override
        public void failed() {
            if (ticket > 0) {
                handoffs.forget(ticket);
            }
        }
    }
}
