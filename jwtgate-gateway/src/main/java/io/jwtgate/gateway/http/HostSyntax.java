package io.jwtgate.gateway.http;

import java.util.Locale;

/** The {@code Host} header and {@code :authority}: what is valid, and the host name rules match against. */
public final class HostSyntax {

    private HostSyntax() {}

    /**
     * RFC 3986 authority without userinfo: reg-name or IP literal, optional port. Characters as Go's
     * {@code httpguts.ValidHostHeader} allows (unreserved, sub-delims, {@code %}, {@code :}, {@code [}, {@code ]}).
     */
    public static boolean isValidAuthority(String authority) {
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, without the port, the IPv6 brackets or a trailing dot: {@code API.example.com.:8443} is {@code api.example.com}. */
    public static String routingHost(String authority) {
        if (authority == null) {
            return "";
        }
        String h = authority.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(1, end) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The port of an authority, or -1 when it names none. */
    public static int port(String authority) {
        if (authority == null) {
            return -1;
        }
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || colon < bracket || (bracket < 0 && authority.indexOf(':') != colon)) {
            return -1;
        }
        try {
            int port = Integer.parseInt(authority.substring(colon + 1));
            return port >= 0 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
