package io.jwtgate.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** RFC 9110 section 7.6.1: headers that describe one connection and must not be forwarded. */
final class HopByHopHeaders {

    private static final List<String> ALWAYS = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    private HopByHopHeaders() {}

    /**
     * Adds every end-to-end header of {@code from} to {@code to}, leaving out the hop-by-hop ones and
     * those the Connection header names: one pass, no temporary map (it runs twice per proxied request).
     */
    static void copyEndToEnd(MultiMap from, MultiMap to) {
        List<String> listed = connectionListed(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!isHopByHop(name, listed)) {
                to.add(name, header.getValue());
            }
        }
    }

    private static boolean isHopByHop(String name, List<String> listed) {
        // equalsIgnoreCase compares lengths first: a few int compares for most names (cheaper than a TreeSet).
        for (int i = 0; i < ALWAYS.size(); i++) {
            if (ALWAYS.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The header names listed in Connection (usually none: most peers send only keep-alive or close). */
    private static List<String> connectionListed(MultiMap headers) {
        String single = headers.get("Connection");
        if (single == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        for (String connection : headers.getAll("Connection")) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
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
