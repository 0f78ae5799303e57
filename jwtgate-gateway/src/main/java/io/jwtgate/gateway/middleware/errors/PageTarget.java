package io.jwtgate.gateway.middleware.errors;

import io.jwtgate.gateway.http.GoUrl;
import java.nio.charset.StandardCharsets;

/**
 * Where the error page is requested, as Traefik builds it: the {@code query} option with one
 * leading {@code /} ensured and its variables replaced ({@code {status}} the status sent,
 * {@code {originalStatus}} the caught one, {@code {url}} the request's URL query-escaped as Go's
 * {@code url.QueryEscape}); an empty {@code query} asks for {@code /}. The request's own query
 * string is not carried over. Pure functions.
 */
final class PageTarget {

    /** A page request target: the path, and the query (null for none). */
    record Target(String path, String query) {}

    private PageTarget() {}

    /**
     * @throws IllegalArgumentException when the result is not a URL Go would parse (a control
     *         character, a malformed {@code %} escape); Traefik then answers with the status text
     */
    static Target of(String template, int status, int originalStatus, String requestUrl) {
        if (template.isEmpty()) {
            return new Target("/", null);
        }
        String uri = "/" + (template.startsWith("/") ? template.substring(1) : template);
        uri = uri.replace("{status}", Integer.toString(status))
                .replace("{originalStatus}", Integer.toString(originalStatus))
                .replace("{url}", GoUrl.queryEscape(requestUrl));
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid control character in URL");
            }
        }
        int hash = uri.indexOf('#');
        if (hash >= 0) {
            uri = uri.substring(0, hash); // a fragment never goes on the wire
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        return new Target(escape(path, PATH_CHARS), query == null ? null : escape(query, QUERY_CHARS));
    }

    /** The request's URL as Go's {@code url.URL.String()} writes it: scheme, host, escaped path, raw query. */
    static String requestUrl(boolean tls, String host, String escapedPath, String rawQuery) {
        String path = escapedPath.isEmpty() || escapedPath.startsWith("/") ? escapedPath : "/" + escapedPath;
        return (tls ? "https" : "http") + "://" + host + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    /** Characters a path keeps as written (RFC 3986 pchar and '/'), besides {@code %XX} escapes. */
    private static final String PATH_CHARS = "!$&'()*+,;=:@/";
    /** Characters a query keeps as written. */
    private static final String QUERY_CHARS = PATH_CHARS + "?";

    /** Keeps valid {@code %XX} escapes and the allowed characters; escapes the rest (spaces, non-ASCII, quotes). */
    private static String escape(String s, String allowed) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    throw new IllegalArgumentException("invalid URL escape in " + s);
                }
                out.append('%').append((char) bytes[i + 1]).append((char) bytes[i + 2]);
                i += 2;
            } else if (isUnreserved(c) || (c < 0x80 && allowed.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                appendEscaped(out, c);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static void appendEscaped(StringBuilder out, int c) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }

    private static int hex(byte b) {
        return Character.digit((char) (b & 0xff), 16);
    }
}
