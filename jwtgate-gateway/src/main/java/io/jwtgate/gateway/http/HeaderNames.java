package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Header-name facts shared by the entry point, the middlewares and the forwarder. */
public final class HeaderNames {

    private HeaderNames() {}

    /**
     * RFC 9110 section 7.6.1 and Go's reverse proxy: headers that describe one connection and are
     * never forwarded (Connection, Keep-Alive, Proxy-Connection, Proxy-Authenticate,
     * Proxy-Authorization, TE, Trailer, Transfer-Encoding, Upgrade). Content-Length, Expect and
     * Host are not listed: the entry point takes them out of the forwarded headers and the forwarder
     * sets them itself. By length first: every header of every request and response asks.
     */
    public static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE");
            case 7 -> name.equalsIgnoreCase("Trailer") || name.equalsIgnoreCase("Upgrade");
            case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 16 -> name.equalsIgnoreCase("Proxy-Connection");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
            case 19 -> name.equalsIgnoreCase("Proxy-Authorization");
            default -> false;
        };
    }

    /**
     * True when CGI-style backends read both names as one variable: equal ignoring case once
     * {@code _} is read as {@code -} ({@code X_Forwarded_For} and {@code x-forwarded-for}).
     */
    public static boolean sameVariable(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i) == '_' ? '-' : Character.toLowerCase(a.charAt(i));
            char y = b.charAt(i) == '_' ? '-' : Character.toLowerCase(b.charAt(i));
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes each of {@code names} and every header CGI-style backends would read as the same
     * variable ({@code X_User} for {@code X-User}). Used where the gateway sets headers the client
     * must not forge. One pass over the headers (a few length compares each), then one removal per
     * name found: a lookup per listed name would hash every name, on every request, for headers
     * that are almost never there.
     */
    public static void removeWithVariants(MultiMap headers, List<String> names) {
        List<String> found = null;
        for (Map.Entry<String, String> h : headers) {
            String key = h.getKey();
            for (int i = 0; i < names.size(); i++) {
                if (sameVariable(key, names.get(i))) {
                    if (found == null) {
                        found = new ArrayList<>(1);
                    }
                    found.add(key);
                    break;
                }
            }
        }
        if (found != null) {
            found.forEach(headers::remove);
        }
    }

    /** The comma-separated tokens of every {@code Connection} header, trimmed, empty ones left out. */
    public static List<String> connectionTokens(List<String> connectionValues) {
        List<String> out = new ArrayList<>(2);
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
