package io.jwtgate.gateway.tcp;

import java.util.List;
import java.util.Locale;

/**
 * What TCP rules match on (Traefik's {@code tcp.ConnData}): the SNI name of a TLS connection (""
 * for none, and for cleartext), the client's IP and the ALPN protocols it offered.
 */
public record ConnData(String serverName, String remoteIp, List<String> alpn) {

    public ConnData {
        serverName = serverName == null ? "" : serverName;
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
    }

    /** Traefik's {@code NewConnData}: the SNI name canonical (lower case, trimmed; RFC 6066 names carry no trailing dot). */
    public static ConnData of(String serverName, String remoteIp, List<String> alpn) {
        return new ConnData(serverName == null ? "" : serverName.strip().toLowerCase(Locale.ROOT), remoteIp, alpn);
    }
}
