package io.jwtgate.gateway.tcp;

import java.util.List;
import java.util.Locale;

/**
 * What TCP rules match on (Traefik's {@code tcp.ConnData}): the SNI name of a TLS connection (""
 * for none, and for cleartext), the client's IP and the ALPN protocols it offered.
 */
public record ConnData(String serverName, String remoteIp, List<String> alpn) {

    public ConnData {
        // Traefik's types.CanonicalDomain: lower case, trimmed (a trailing dot is not sent by clients, RFC 6066).
        serverName = serverName == null ? "" : serverName.strip().toLowerCase(Locale.ROOT);
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
    }
}
