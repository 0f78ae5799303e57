package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.HeaderNames;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9110 section 7.6.1 for backend responses: headers that describe the backend's connection
 * (the fixed hop-by-hop names and those its Connection header lists) are not relayed. Requests are
 * cleaned at the entry point instead ({@code server.RequestAdmission}), before any middleware runs.
 */
final class HopByHopHeaders {

    private HopByHopHeaders() {}

    /**
     * Adds every end-to-end header of {@code from} to {@code to}, leaving out the hop-by-hop ones and
     * those the Connection header names: one pass, no temporary map.
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
        if (HeaderNames.isHopByHop(name)) {
            return true;
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
        return headers.get("Connection") == null ? List.of() : HeaderNames.connectionTokens(headers.getAll("Connection"));
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
