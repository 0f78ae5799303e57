package io.jwtgate.gateway.rule;

import java.util.Locale;

/**
 * The request's host as Traefik's matchers read it, from the authority the request names
 * (absolute-form target, {@code :authority} or {@code Host}): v3 matchers and v2 {@code Host} use
 * the request decorator's canonical host (port and IPv6 brackets removed, lower case, a trailing
 * dot kept); v2 {@code HostRegexp} uses gorilla/mux's (port removed, case and brackets kept).
 */
final class HostForms {

    private HostForms() {}

    /** Traefik's {@code requestdecorator}: {@code types.CanonicalDomain(parseHost(req.Host))}. */
    static String canonical(String authority) {
        if (authority == null || authority.isEmpty()) {
            return "";
        }
        String host = authority;
        if (authority.indexOf(':') >= 0) {
            String split = splitHost(authority);
            if (split != null) {
                host = split;
            } else if (authority.charAt(0) == '[' && authority.charAt(authority.length() - 1) == ']') {
                host = authority.substring(1, authority.length() - 1);
            }
        }
        return host.strip().toLowerCase(Locale.ROOT);
    }

    /** gorilla/mux's {@code parseHost}: the host of {@code net.SplitHostPort}, or the authority as it is. */
    static String mux(String authority) {
        if (authority == null || authority.indexOf(':') < 0) {
            return authority == null ? "" : authority;
        }
        String split = splitHost(authority);
        return split == null ? authority : split;
    }

    /** The host part of Go's {@code net.SplitHostPort}, or null where Go reports an error. */
    private static String splitHost(String hostport) {
        int i = hostport.lastIndexOf(':');
        if (i < 0) {
            return null;
        }
        String host;
        if (hostport.charAt(0) == '[') {
            int end = hostport.indexOf(']');
            if (end < 0 || end + 1 != i) {
                return null;
            }
            host = hostport.substring(1, end);
        } else {
            host = hostport.substring(0, i);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        return host.indexOf('[') >= 0 || host.indexOf(']') >= 0 ? null : host;
    }
}
