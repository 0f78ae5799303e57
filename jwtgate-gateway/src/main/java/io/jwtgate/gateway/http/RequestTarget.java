package io.jwtgate.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request target decided once at the entry point, as Traefik v3 decides it: the router, the
 * middlewares and the backend all work from this one parse, so no two of them can read a
 * different path from the same request.
 *
 * <p>Steps (Traefik's {@code denyFragment}, {@code normalizePath}, {@code sanitizePath}, the
 * router's {@code encodedCharacters} check and {@code withRoutingPath}, in that order): refuse
 * control characters, spaces, {@code #} and invalid escapes; decode escaped unreserved characters
 * (RFC 3986 section 2.3) and upper-case the other escapes; remove dot segments and merge slashes
 * (keeping a trailing slash); refuse denied escapes; for routing only, decode every escape except
 * those of reserved characters and {@code %25}.
 *
 * @param forwardPath the normalized, still percent-encoded path sent to the backend
 * @param routingPath the path rules match against ({@code /foo%20bar} is {@code /foo bar}, {@code %2F} stays encoded)
 * @param query       the raw query (without {@code ?}) after semicolon handling, or null when there is none
 * @param authority   the authority of an absolute-form target ({@code GET http://a.example/ HTTP/1.1}), or null
 */
public record RequestTarget(String forwardPath, String routingPath, String query, String authority) implements ParsedTarget {

    private static final String RESERVED = ":/?#[]@!$&'()*+,;=%";

    /**
     * @param target the request target as the HTTP codec read it: HTTP/1.x request-line target or HTTP/2
     *               {@code :path}, one char per byte
     */
    public static ParsedTarget parse(String target, boolean optionsMethod, TargetRules rules) {
        if (target == null || target.isEmpty()) {
            return Refusal.badRequest("empty request target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                return Refusal.badRequest("control character or space in the request target");
            }
            if (c > 0xFF) {
                return Refusal.badRequest("request target is not made of bytes");
            }
            if (c == '#') {
                return Refusal.badRequest("fragment (#) in the request target");
            }
        }
        if (target.equals("*")) {
            return optionsMethod ? new RequestTarget("*", "*", null, null)
                    : Refusal.badRequest("asterisk-form target with a method other than OPTIONS");
        }
        String authority = null;
        String rest = target;
        int schemeEnd = absoluteFormSchemeEnd(target);
        if (schemeEnd > 0) {
            int end = schemeEnd;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            authority = target.substring(schemeEnd, end);
            if (authority.isEmpty() || authority.indexOf('@') >= 0 || !HostSyntax.isValidAuthority(authority)) {
                return Refusal.badRequest("invalid authority in an absolute-form target");
            }
            rest = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
        } else if (target.charAt(0) != '/') {
            return Refusal.badRequest("request target is neither origin-form (/path) nor absolute-form (http://host/path)");
        }
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        String normalized = normalize(escapeNonAscii(rawPath));
        if (normalized == null) {
            return Refusal.badRequest("invalid percent-encoding in the path");
        }
        String forwardPath = rules.sanitizePath() ? sanitize(normalized) : normalized;
        for (String denied : rules.deniedEncodings()) {
            if (forwardPath.contains(denied)) {
                return Refusal.badRequest("encoded character " + denied + " in the path is not allowed on this entry point");
            }
        }
        if (query != null) {
            query = escapeNonAscii(query);
            query = rules.encodeQuerySemicolons() ? query.replace(";", "%3B") : query.replace(';', '&');
        }
        return new RequestTarget(forwardPath, routingPath(forwardPath), query, authority);
    }

    /** The index after {@code http://} or {@code https://} (any case), or -1. */
    private static int absoluteFormSchemeEnd(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
    }

    /** Bytes 0x80-0xFF are sent percent-encoded, as Go's URL escaping does. */
    private static String escapeNonAscii(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append('%').append(hex(c >> 4)).append(hex(c & 0xF));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Decodes escaped unreserved characters and upper-cases the other escapes; null for an invalid escape. */
    static String normalize(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= path.length() || hexValue(path.charAt(i + 1)) < 0 || hexValue(path.charAt(i + 2)) < 0) {
                return null;
            }
            int b = hexValue(path.charAt(i + 1)) << 4 | hexValue(path.charAt(i + 2));
            if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(hex(b >> 4)).append(hex(b & 0xF));
            }
            i += 2;
        }
        return out.toString();
    }

    /**
     * Go's {@code path.Clean} on the escaped path (what Traefik's {@code sanitizePath} does through
     * {@code URL.JoinPath}): dot segments removed without climbing above the root, runs of slashes
     * merged, and a trailing slash kept. An escaped dot ({@code %2E}) was already decoded by
     * {@link #normalize}; an escaped slash ({@code %2F}) is not a separator.
     */
    static String sanitize(String path) {
        if (path.equals("*")) {
            return path;
        }
        boolean trailingSlash = path.endsWith("/");
        String[] segments = path.split("/", -1);
        String[] stack = new String[segments.length];
        int depth = 0;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (depth > 0) {
                    depth--;
                }
                continue;
            }
            stack[depth++] = segment;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < depth; i++) {
            out.append('/').append(stack[i]);
        }
        if (out.isEmpty() || trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    /** Decodes every escape except those of reserved characters (and {@code %25}), then reads the bytes as UTF-8. */
    static String routingPath(String normalized) {
        if (normalized.indexOf('%') < 0) {
            return normalized;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c == '%') {
                int b = hexValue(normalized.charAt(i + 1)) << 4 | hexValue(normalized.charAt(i + 2));
                if (b < 0x80 && RESERVED.indexOf(b) >= 0) {
                    bytes.write('%');
                    bytes.write(normalized.charAt(i + 1));
                    bytes.write(normalized.charAt(i + 2));
                } else {
                    bytes.write(b);
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    /** The value of a hex digit, -1 for anything else (shared with {@link PathCodec}). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static char hex(int nibble) {
        return "0123456789ABCDEF".charAt(nibble);
    }
}
