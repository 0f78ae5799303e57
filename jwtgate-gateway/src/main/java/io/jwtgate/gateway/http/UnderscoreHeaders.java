package io.jwtgate.gateway.http;

import java.util.Locale;

/**
 * Traefik's {@code http.underscoreHeadersStrategy}: what to do with request headers whose name
 * contains {@code _}. CGI, WSGI and PHP backends read {@code X_User} and {@code X-User} as the same
 * variable ({@code HTTP_X_USER}), so a client could send a header that looks, to them, like one
 * the gateway sets. The headers the gateway sets itself are protected whatever the strategy: their
 * underscore variants are always removed (see {@link HeaderNames#sameVariable}).
 */
public enum UnderscoreHeaders {
    /** Forward them as they are (Traefik's default). */
    KEEP,
    /** Remove them before routing. */
    DELETE,
    /** Answer 400. */
    REJECT;

    public static UnderscoreHeaders parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "keep" -> KEEP;
            case "delete" -> DELETE;
            case "reject" -> REJECT;
            default -> throw new IllegalArgumentException(value);
        };
    }
}
