package io.jwtgate.gateway.server.tcp;

import io.jwtgate.gateway.tcp.TcpRoute;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP routes chosen by a sniffing listener for connections it hands to the entry point's
 * TLS-terminating server on loopback: the PROXY header's destination port carries a ticket that
 * the terminating server exchanges for the route, so the connection is routed once, on what its
 * ClientHello offered (SNI, ALPN), exactly as Traefik does. Shared by every event loop of an entry
 * point (the loopback server may accept the connection on another one).
 */
public final class Handoffs {

    /** What the listener decided: the route, and the address the client had connected to. */
    public record Handoff(TcpRoute route, SocketAddress entryPointAddress) {}

    private final Map<Integer, Handoff> pending = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** A ticket in 1..65535 (a port number) for this route; tickets are reused only after 65535 others. */
    int register(TcpRoute route, SocketAddress entryPointAddress) {
        int ticket = Math.floorMod(next.getAndIncrement(), 65535) + 1;
        pending.put(ticket, new Handoff(route, entryPointAddress));
        return ticket;
    }

    /** The route for a ticket, once; null when unknown (a connection that did not come through the listener). */
    public Handoff take(int ticket) {
        return pending.remove(ticket);
    }

    void forget(int ticket) {
        pending.remove(ticket);
    }
}
