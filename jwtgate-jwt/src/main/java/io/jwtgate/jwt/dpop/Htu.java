package io.jwtgate.jwt.dpop;

import java.util.Locale;

/**
 * The {@code htu} comparison of RFC 9449 section 4.3: both URIs without query and fragment, after
 * RFC 3986 section 6.2.2 normalization (scheme and host in lower case, default port dropped, empty
 * path as {@code /}, dot segments removed) and the gateway's routing view of percent-encoding: an
 * escape is decoded unless it stands for a reserved character or {@code %}, so {@code /a%20b} and
 * the routed {@code /a b} compare equal while {@code /a%2Fb} stays distinct from {@code /a/b}.
 */
public final class Htu {

    private static final String RESERVED = ":/?#[]@!$&'()*+,;=%";

    private Htu() {}

    /** The normalized form, or null when {@code uri} is not an absolute http(s) URI. */
    public static String normalize(String uri) {
        if (uri == null) {
            return null;
        }
        int cut = indexOfAny(uri, "?#");
        String base = cut < 0 ? uri : uri.substring(0, cut);
        int schemeEnd = base.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        String scheme = base.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        int pathStart = base.indexOf('/', schemeEnd + 3);
        String authority = pathStart < 0 ? base.substring(schemeEnd + 3) : base.substring(schemeEnd + 3, pathStart);
        String path = pathStart < 0 ? "/" : base.substring(pathStart);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return null; // user info is no part of a request's URI
        }
        String host = authority;
        String port = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (port != null && (port.isEmpty() || (scheme.equals("https") && port.equals("443")) || (scheme.equals("http") && port.equals("80")))) {
            port = null;
        }
        String decoded = decodeUnreserved(path);
        if (decoded == null) {
            return null;
        }
        String clean = removeDotSegments(decoded);
        return scheme + "://" + host + (port == null ? "" : ":" + port) + (clean.isEmpty() ? "/" : clean);
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (seg.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String decodeUnreserved(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int hi = Character.digit(path.charAt(i + 1), 16);
            int lo = Character.digit(path.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            char decoded = (char) (hi * 16 + lo);
            if (decoded < 0x80 && decoded > 0x20 && RESERVED.indexOf(decoded) < 0) {
                out.append(decoded);
            } else if (decoded == ' ') {
                out.append(' ');
            } else {
                out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return out.toString();
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
