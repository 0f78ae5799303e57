package io.jwtgate.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A URL as Go's {@code net/url} reads, resolves and writes it: forwardAuth's {@code address} and
 * the {@code Location} of its refusals, the URIs of a client certificate (passTLSClientCert), which
 * Traefik passes through Go's parser; and Go's {@code url.QueryEscape}. Written out
 * because {@link java.net.URI} differs where clients see it: Go accepts spaces and non-ASCII
 * (and percent-encodes them when writing), keeps a query exactly as received, refuses control
 * characters and malformed escapes outside the query, and resolves {@code ?query} references and
 * {@code ..} above the root as RFC 3986 says.
 *
 * @param scheme    lower case, empty when none
 * @param opaque    what follows {@code scheme:} when it is not a path ({@code mailto:x}), else null
 * @param authority {@code user@host:port} as written, null when none
 * @param path      the path as written (escaped form)
 * @param query     the raw query, null when none
 * @param forceQuery a {@code ?} with nothing after it
 * @param fragment  the fragment as written (escaped form), null when none
 */
public record GoUrl(String scheme, String opaque, String authority, String path, String query, boolean forceQuery, String fragment) {

    private static final String HEX = "0123456789ABCDEF";
    /** Characters a path or fragment may carry as they are (Go's validEncoded), besides those never escaped. */
    private static final String VALID_AS_IS = "!$&'()*+,;=:@[]";

    /** Parses {@code raw}; IllegalArgumentException with Go's reason where Go's {@code url.Parse} fails. */
    public static GoUrl parse(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid control character in URL");
            }
        }
        String rest = raw;
        String fragment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
            unescape(fragment);
        }
        String scheme = "";
        int end = schemeEnd(rest);
        if (end > 0) {
            scheme = rest.substring(0, end).toLowerCase(Locale.ROOT);
            rest = rest.substring(end + 1);
        }
        String query = null;
        boolean forceQuery = false;
        int q = rest.indexOf('?');
        if (q >= 0) {
            forceQuery = q == rest.length() - 1;
            query = forceQuery ? null : rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new GoUrl(scheme, rest, null, "", query, forceQuery, fragment);
            }
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw new IllegalArgumentException("first path segment in URL cannot contain colon");
            }
        }
        String authority = null;
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            rest = slash < 0 ? "" : rest.substring(slash);
            checkAuthority(authority);
        }
        unescape(rest);
        return new GoUrl(scheme, null, authority, rest, query, forceQuery, fragment);
    }

    /** {@code host:port} of the authority, user information left out; empty when none. */
    public String hostPort() {
        if (authority == null) {
            return "";
        }
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    /** The host without its port, an IPv6 address without its brackets; empty when none. */
    public String host() {
        String hp = hostPort();
        if (hp.startsWith("[")) {
            return hp.substring(1, hp.indexOf(']'));
        }
        int colon = hp.lastIndexOf(':');
        return colon < 0 ? hp : hp.substring(0, colon);
    }

    /** The port written in the authority, or -1. */
    public int port() {
        return HostSyntax.port(hostPort());
    }

    /** The user information ({@code user:password}, escaped), or null. */
    public String userInfo() {
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /** Go's {@code URL.RequestURI()}: the target of a request to this URL ({@code /} for an empty path). */
    public String requestUri() {
        String p = opaque != null ? opaque : escapedPath();
        if (p.isEmpty()) {
            p = "/";
        }
        return forceQuery || (query != null && !query.isEmpty()) ? p + "?" + (query == null ? "" : query) : p;
    }

    /** Go's {@code URL.ResolveReference} with this URL as the base. */
    public GoUrl resolve(GoUrl ref) {
        String scheme = ref.scheme.isEmpty() ? this.scheme : ref.scheme;
        if (!ref.scheme.isEmpty() || ref.authority != null) {
            return new GoUrl(scheme, ref.opaque, ref.authority, removeDots(ref.escapedPath(), ref.authority != null),
                    ref.query, ref.forceQuery, ref.fragment);
        }
        if (ref.opaque != null) {
            return new GoUrl(scheme, ref.opaque, null, "", ref.query, ref.forceQuery, ref.fragment);
        }
        String query = ref.query;
        String fragment = ref.fragment;
        if (ref.path.isEmpty() && !ref.forceQuery && ref.query == null) {
            query = this.query;
            if (ref.fragment == null || ref.fragment.isEmpty()) {
                fragment = this.fragment;
            }
        }
        String base = escapedPath();
        String refPath = ref.escapedPath();
        String full = refPath.isEmpty() ? base : refPath.startsWith("/") ? refPath : base.substring(0, base.lastIndexOf('/') + 1) + refPath;
        return new GoUrl(scheme, null, authority, full.isEmpty() ? "" : removeDots(full, true), query, ref.forceQuery, fragment);
    }

    /** Go's {@code URL.String()}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (!scheme.isEmpty()) {
            out.append(scheme).append(':');
        }
        if (opaque != null) {
            out.append(opaque);
        } else {
            if (authority != null) {
                out.append("//").append(authority);
            }
            String p = escapedPath();
            if (!p.isEmpty() && p.charAt(0) != '/' && authority != null && !authority.isEmpty()) {
                out.append('/');
            }
            out.append(p);
        }
        if (forceQuery || (query != null && !query.isEmpty())) {
            out.append('?').append(query == null ? "" : query);
        }
        if (fragment != null && !fragment.isEmpty()) {
            out.append('#').append(escaped(fragment, true));
        }
        return out.toString();
    }

    /** Go's {@code url.QueryEscape}: everything but letters, digits and {@code -_.~} escaped (upper-case hex); a space becomes {@code +}. */
    public static String queryEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    private String escapedPath() {
        return escaped(path, false);
    }

    /** As written when that is a valid escaping (Go's RawPath), else re-escaped from the decoded bytes. */
    private static String escaped(String raw, boolean fragment) {
        boolean valid = true;
        for (int i = 0; i < raw.length() && valid; i++) {
            char c = raw.charAt(i);
            valid = c == '%' || VALID_AS_IS.indexOf(c) >= 0 || !mustEscape(c, fragment);
        }
        if (valid) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : unescape(raw)) {
            int c = b & 0xFF;
            if (mustEscape(c, fragment)) {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** Go's {@code shouldEscape} for a path ({@code encodePath}) or a fragment ({@code encodeFragment}). */
    private static boolean mustEscape(int c, boolean fragment) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
            return false;
        }
        if ("$&+,/:;=@".indexOf(c) >= 0) {
            return false;
        }
        if (c == '?') {
            return !fragment;
        }
        return !(fragment && "!()*".indexOf(c) >= 0);
    }

    /** The bytes {@code s} stands for; IllegalArgumentException on a malformed escape, as Go's {@code unescape}. */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new IllegalArgumentException("invalid URL escape \"" + s.substring(i, Math.min(s.length(), i + 3)) + "\"");
                }
                out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** RFC 3986 remove_dot_segments; {@code ..} never climbs above the root, and the result starts with {@code /} when rooted. */
    private static String removeDots(String path, boolean rooted) {
        if (path.isEmpty()) {
            return path;
        }
        List<String> out = new ArrayList<>();
        String[] segments = path.split("/", -1);
        int start = path.startsWith("/") ? 1 : 0;
        for (int i = start; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && !out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(s);
            }
        }
        String joined = String.join("/", out);
        if (!rooted && !path.startsWith("/")) {
            return joined;
        }
        // Never two leading slashes: "//x" would read as an authority (Go drops one too).
        return joined.startsWith("/") ? joined : "/" + joined;
    }

    /** Go's {@code getScheme}: the index of the colon ending a scheme, or -1 when there is none. */
    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new IllegalArgumentException("missing protocol scheme");
                }
                return i;
            }
            return -1;
        }
        return -1;
    }

    /** Go's host checks that matter here: a port of digits only, valid escapes. */
    private static void checkAuthority(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[") && bracket < 0) {
            throw new IllegalArgumentException("missing ']' in host");
        }
        if (colon > bracket && (host.startsWith("[") || host.indexOf(':') == colon)) {
            String port = host.substring(colon + 1);
            for (int i = 0; i < port.length(); i++) {
                if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                    throw new IllegalArgumentException("invalid port \":" + port + "\" after host");
                }
            }
        }
        unescape(host);
    }

    private static int hex(char c) {
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
}
