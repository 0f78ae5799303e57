package io.jwtgate.jwt.config;

import java.util.Locale;
import java.util.Set;

/** HTTP field-name rules (RFC 9110 section 5.1) and Go's canonical form used by Traefik. */
public final class HeaderNames {

    /** Fields that frame or route the request: forwarding a claim into them would be an attack vector. */
    private static final Set<String> FORBIDDEN = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive", "proxy-connection", "expect");

    private HeaderNames() {}

    /** True for a non-empty RFC 9110 token ({@code 1*tchar}, section 5.6.2). The gateway's entry points use it too. */
    public static boolean isValid(CharSequence name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= TCHAR.length || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** {@code tchar} by character: every header name of every request is checked, twice (entry point, forwarder). */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /** True for fields a middleware must never set from token content. */
    public static boolean isForbiddenTarget(String name) {
        return FORBIDDEN.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Go's {@code CanonicalMIMEHeaderKey}: {@code x-user-id} becomes {@code X-User-Id}. */
    public static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
