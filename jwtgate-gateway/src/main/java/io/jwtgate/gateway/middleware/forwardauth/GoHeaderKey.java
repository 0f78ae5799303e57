package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.FieldSyntax;

/**
 * Go's {@code http.CanonicalHeaderKey}: the form Traefik sees header names in, and so the form
 * {@code authResponseHeadersRegex} is matched against ({@code x-auth-user} is {@code X-Auth-User}).
 */
final class GoHeaderKey {

    private GoHeaderKey() {}

    /** Upper case first and after each {@code -}, lower case elsewhere; a name with a non-token byte is left as it is, as in Go. */
    static String canonical(String name) {
        if (!FieldSyntax.isToken(name)) {
            return name;
        }
        StringBuilder out = null;
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char wanted = c;
            if (upper && c >= 'a' && c <= 'z') {
                wanted = (char) (c - 32);
            } else if (!upper && c >= 'A' && c <= 'Z') {
                wanted = (char) (c + 32);
            }
            if (wanted != c && out == null) {
                out = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (out != null) {
                out.append(wanted);
            }
            upper = c == '-';
        }
        return out == null ? name : out.toString();
    }
}
