package io.jwtgate.gateway.middleware.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of an {@code Authorization: Digest ...} header, read as go-http-auth reads them
 * (Traefik's digestAuth): the scheme is exactly {@code Digest} followed by a space; the rest is a
 * comma-separated list in which quoted strings may hold commas and backslash escapes; each element
 * is {@code key=value} (the value unquoted), a later duplicate key wins.
 */
final class DigestParams {

    private DigestParams() {}

    /** The parameters, or null when the header is absent or not of the Digest scheme. */
    static Map<String, String> parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equals("Digest")) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        String rest = authorization.substring(space + 1).strip();
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (escaped) {
                element.append(c);
                escaped = false;
            } else if (quoted) {
                if (c == '\\') {
                    escaped = true;
                } else {
                    quoted = c != '"';
                    element.append(c);
                }
            } else if (c == ',') {
                put(params, element.toString().strip());
                element.setLength(0);
            } else {
                quoted = c == '"';
                element.append(c);
            }
        }
        if (!element.isEmpty()) {
            put(params, element.toString().strip());
        }
        return params;
    }

    private static void put(Map<String, String> params, String element) {
        int eq = element.indexOf('=');
        if (eq < 0) {
            params.put(element, "");
            return;
        }
        String value = element.substring(eq + 1);
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        params.put(element.substring(0, eq), value);
    }
}
