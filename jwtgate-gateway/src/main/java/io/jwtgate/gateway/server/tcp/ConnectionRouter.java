package io.jwtgate.gateway.server.tcp;

import io.vertx.core.net.SocketAddress;

/** Chooses where a connection of a sniffing entry point goes, from what its first bytes said. */
public interface ConnectionRouter {

    /**
     * Where to splice a connection.
     *
     * @param proxyProtocol 0 for none, else the PROXY protocol version to send first
     */
    interface Target {
        SocketAddress address();

        int proxyProtocol();

        /** The destination the PROXY header names: the entry point's own address unless a target says otherwise. */
        default SocketAddress proxiedDestination(SocketAddress local) {
            return local;
        }

        /** Told when the target could not be reached (load balancers mark the server). */
        default void failed() {}
    }

    record Fixed(SocketAddress address, int proxyProtocol) implements Target {}

    /** A target chosen from the client's address alone, before any byte (Traefik's non-TLS TCP catch-all), or null to read first. */
    default Target beforeFirstBytes(SocketAddress client) {
        return null;
    }

    /** A target for these first bytes, or null to close the connection. */
    Target route(SocketAddress client, ClientHello hello);
}
