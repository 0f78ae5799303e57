package io.jwtgate.jwt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Resource identifiers (RFC 8707, RFC 9728 section 1.2) compared the way an audience is matched:
 * an absolute {@code http}/{@code https} URI is compared in canonical form (scheme and host
 * lower-case, the default port dropped, no trailing slash, an empty path the same as {@code /});
 * any other value (a client id, {@code api://orders}) is compared exactly, case included.
 */
public final class ResourceUri {

    private ResourceUri() {}

    /** The canonical form of {@code value}; the value itself when it is not an absolute http(s) URI with a host. */
    public static String canonical(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getRawAuthority() == null || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                return value;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return value;
        }
    }

    /** Whether two identifiers name the same resource (see the class comment). */
    public static boolean same(String a, String b) {
        return a != null && b != null && canonical(a).equals(canonical(b));
    }
}
