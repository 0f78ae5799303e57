package io.jwtgate.gateway.middleware.forwardauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * URLs as Go's {@code net/url} reads them, on {@link URI}: the auth server's {@code address} and
 * the {@code Location} it answers with. Go refuses control characters, malformed escapes and a
 * bad port, but accepts spaces, non-ASCII and a few other characters that {@link URI} refuses;
 * those are percent-encoded here. References resolve as RFC 3986 (and Go) say, which
 * {@link URI#resolve} does not do for {@code ?query} references and {@code ..} above the root.
 */
final class GoUrl {

    private static final String HEX = "0123456789ABCDEF";
    /** Characters {@link URI} accepts outside the authority (besides letters, digits and {@code %}). */
    private static final String URI_CHARS = "-._~!$&'()*+,;=:@/?";

    private GoUrl() {}

    /** Parses {@code raw}; IllegalArgumentException with Go's reason when Go's {@code url.Parse} would fail. */
    static URI parse(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid control character in URL");
            }
        }
        int rest = 0;
        int colon = raw.indexOf(':');
        if (colon > 0 && isScheme(raw.substring(0, colon))) {
            rest = colon + 1;
        }
        if (raw.startsWith("//", rest)) {
            int end = rest + 2;
            while (end < raw.length() && "/?#".indexOf(raw.charAt(end)) < 0) {
                end++;
            }
            rest = end;
        }
        StringBuilder out = new StringBuilder(raw.length() + 8).append(raw, 0, rest);
        boolean inQuery = false;
        boolean inFragment = false;
        for (int i = rest; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                boolean valid = i + 2 < raw.length() && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2));
                if (!valid && !inQuery) {
                    throw new IllegalArgumentException("invalid URL escape \"" + raw.substring(i, Math.min(raw.length(), i + 3)) + "\"");
                }
                out.append(valid ? "%" : "%25"); // Go keeps a query as it is, escapes and all
                continue;
            }
            if (c == '?' && !inQuery && !inFragment) {
                inQuery = true;
                out.append(c);
            } else if (c == '#' && !inFragment) {
                inFragment = true;
                inQuery = false;
                out.append(c);
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || URI_CHARS.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
                }
            }
        }
        URI uri;
        try {
            uri = new URI(out.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason());
        }
        if (uri.getRawAuthority() != null && uri.getHost() == null && !uri.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("invalid host or port in \"" + uri.getRawAuthority() + "\"");
        }
        return uri;
    }

    /** Go's {@code URL.String()}: the scheme in lower case, the rest as parsed. */
    static String format(URI uri) {
        String text = uri.toString();
        String scheme = uri.getScheme();
        return scheme == null ? text : scheme.toLowerCase(Locale.ROOT) + text.substring(scheme.length());
    }

    /** RFC 3986 section 5.2: {@code ref} against {@code base}, as Go's {@code URL.Parse} on the request URL. */
    static String resolve(URI base, URI ref) {
        if (ref.getScheme() != null) {
            return ref.isOpaque() ? format(ref) : build(ref.getScheme(), ref.getRawAuthority(), removeDots(raw(ref.getRawPath())),
                    ref.getRawQuery(), ref.getRawFragment());
        }
        if (ref.getRawAuthority() != null) {
            return build(base.getScheme(), ref.getRawAuthority(), removeDots(raw(ref.getRawPath())), ref.getRawQuery(), ref.getRawFragment());
        }
        String path = raw(ref.getRawPath());
        String query = ref.getRawQuery();
        String basePath = raw(base.getRawPath());
        if (path.isEmpty()) {
            path = basePath;
            if (query == null) {
                query = base.getRawQuery();
            }
        } else if (path.startsWith("/")) {
            path = removeDots(path);
        } else {
            String merged = base.getRawAuthority() != null && basePath.isEmpty() ? "/" + path
                    : basePath.substring(0, basePath.lastIndexOf('/') + 1) + path;
            path = removeDots(merged);
        }
        return build(base.getScheme(), base.getRawAuthority(), path, query, ref.getRawFragment());
    }

    private static String build(String scheme, String authority, String path, String query, String fragment) {
        StringBuilder out = new StringBuilder();
        if (scheme != null) {
            out.append(scheme.toLowerCase(Locale.ROOT)).append(':');
        }
        if (authority != null) {
            out.append("//").append(authority);
        }
        out.append(path);
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4; {@code ..} never climbs above the root. */
    static String removeDots(String path) {
        if (path.isEmpty()) {
            return path;
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        int keep = path.startsWith("/") ? 1 : 0; // the empty segment before a leading slash stays
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && out.size() > keep) {
                    out.removeLast();
                }
                if (last) {
                    out.addLast("");
                }
                continue;
            }
            out.addLast(s);
        }
        String joined = String.join("/", out);
        return path.startsWith("/") && !joined.startsWith("/") ? "/" + joined : joined;
    }

    private static String raw(String s) {
        return s == null ? "" : s;
    }

    private static boolean isScheme(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || s.charAt(0) >= 0x80) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || !(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
