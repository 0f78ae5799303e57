package io.jwtgate.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;

/** RFC 9110 section 7.6.1: headers that describe one connection and must not be forwarded. */
final class HopByHopHeaders {

    private static final List<String> ALWAYS = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    private HopByHopHeaders() {}

    /** Removes hop-by-hop headers, including those the Connection header names. */
    static void strip(MultiMap headers) {
        for (String connection : headers.getAll("Connection")) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        ALWAYS.forEach(headers::remove);
    }

    /** True for an HTTP/1.1 connection upgrade request (WebSocket and friends). */
    static boolean isUpgrade(MultiMap headers) {
        String upgrade = headers.get("Upgrade");
        if (upgrade == null || upgrade.isBlank()) {
            return false;
        }
        for (String connection : headers.getAll("Connection")) {
            for (String token : connection.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }
}
