package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.tcp.TcpRoutes;
import java.util.List;
import java.util.Set;

/**
 * What one entry point serves, by the kind of connection (Traefik's TCP layer splits them the same
 * way): HTTP routers for cleartext connections, HTTP routers for TLS connections, TCP routers. On an
 * entry point with {@code http.tls} every HTTP router is a TLS router; elsewhere only the routers
 * that declare {@code tls} are, and the others only see cleartext connections.
 *
 * @param plain          HTTP routers served on cleartext connections, in match order
 * @param secure         HTTP routers served on TLS connections, in match order
 * @param secureHosts    the {@code Host} names of the secure routers (Traefik's HTTPS muxer: an HTTPS router
 *                       with the connection's SNI name takes it before TCP routers)
 * @param secureCatchAll a secure router has no {@code Host}: it takes TLS connections no specific router took
 * @param tcp            the TCP routers
 */
public record EntryPointRoutes(RouteIndex plain, RouteIndex secure, Set<String> secureHosts, boolean secureCatchAll,
                               TcpRoutes tcp) {

    public static final EntryPointRoutes NONE = new EntryPointRoutes(List.of(), List.of(), Set.of(), false, TcpRoutes.NONE);

    public EntryPointRoutes {
        secureHosts = Set.copyOf(secureHosts);
        tcp = tcp == null ? TcpRoutes.NONE : tcp;
    }

    /** @param plain and {@code secure} in match order; each is indexed by host here */
    public EntryPointRoutes(List<RouterRuntime> plain, List<RouterRuntime> secure, Set<String> secureHosts, boolean secureCatchAll,
                            TcpRoutes tcp) {
        this(RouteIndex.of(plain), RouteIndex.of(secure), secureHosts, secureCatchAll, tcp);
    }

    /** The HTTP routers of this kind of connection, in match order. */
    public List<RouterRuntime> routers(boolean tls) {
        return index(tls).routers();
    }

    /** The same routers with their host index, which finds the first match. */
    public RouteIndex index(boolean tls) {
        return tls ? secure : plain;
    }
}
