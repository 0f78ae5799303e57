package io.jwtgate.gateway.middleware.grpcweb;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CORS part of Traefik's {@code grpcWeb}: rs/cors (v1.7.0) as improbable-eng's wrapper sets it
 * up. Origins are those of {@code allowOrigins} ({@code *} for any, otherwise exact, case-sensitive),
 * echoed back rather than {@code *} (credentials are allowed); every requested header is allowed;
 * methods are GET, POST and HEAD; preflights are cached 600 s; no header is exposed here (the
 * response side exposes every response header).
 */
final class GrpcWebCors {

    static final int MAX_AGE_SECONDS = 600;
    private static final List<String> METHODS = List.of("GET", "POST", "HEAD");

    private final List<String> allowOrigins;

    GrpcWebCors(List<String> allowOrigins) {
        this.allowOrigins = List.copyOf(allowOrigins);
    }

    boolean originAllowed(String origin) {
        for (String allowed : allowOrigins) {
            if (allowed.equals("*") || allowed.equals(origin)) {
                return true;
            }
        }
        return false;
    }

    private static boolean methodAllowed(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        return upper.equals("OPTIONS") || METHODS.contains(upper);
    }

    /** The headers of a preflight answer: only the Vary fields unless origin, method and headers are all allowed. */
    MultiMap preflight(MultiMap request) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        out.add("Vary", "Origin").add("Vary", "Access-Control-Request-Method").add("Vary", "Access-Control-Request-Headers");
        String origin = first(request, "Origin");
        String method = first(request, "Access-Control-Request-Method");
        if (origin.isEmpty() || !originAllowed(origin) || !methodAllowed(method)) {
            return out;
        }
        List<String> headers = parseHeaderList(first(request, "Access-Control-Request-Headers"));
        out.set("Access-Control-Allow-Origin", origin);
        out.set("Access-Control-Allow-Methods", method.toUpperCase(Locale.ROOT));
        if (!headers.isEmpty()) {
            out.set("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        out.set("Access-Control-Allow-Credentials", "true");
        out.set("Access-Control-Max-Age", String.valueOf(MAX_AGE_SECONDS));
        return out;
    }

    /** The headers an actual (converted) request's response gets, unless the backend sent the same names. */
    MultiMap actual(String method, MultiMap request) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        out.add("Vary", "Origin");
        String origin = first(request, "Origin");
        if (origin.isEmpty() || !originAllowed(origin) || !methodAllowed(method)) {
            return out;
        }
        out.set("Access-Control-Allow-Origin", origin);
        out.set("Access-Control-Allow-Credentials", "true");
        return out;
    }

    /** Go's {@code Header.Get}: the first value, or empty. */
    static String first(MultiMap headers, String name) {
        String value = headers.get(name);
        return value == null ? "" : value;
    }

    /**
     * rs/cors' parseHeaderList: names split at spaces and commas, each in Go's canonical case
     * (upper case after the start, '-' and '_'), characters other than letters, digits, '-' and '_'
     * dropped.
     */
    static List<String> parseHeaderList(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c >= 'a' && c <= 'z') {
                name.append(upper ? (char) (c - 32) : c);
            } else if (c >= 'A' && c <= 'Z') {
                name.append(upper ? c : (char) (c + 32));
            } else if (c == '-' || c == '_' || (c >= '0' && c <= '9')) {
                name.append(c);
            }
            if (c == ' ' || c == ',' || i == list.length() - 1) {
                if (!name.isEmpty()) {
                    out.add(name.toString());
                    name.setLength(0);
                    upper = true;
                }
            } else {
                upper = c == '-' || c == '_';
            }
        }
        return out;
    }

    /**
     * Go's {@code http.CanonicalHeaderKey}: {@code grpc-status} is {@code Grpc-Status}; a name with
     * a character that is not a token character (or with a space) is returned unchanged.
     */
    static String canonical(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || !isTokenChar(c)) {
                return name;
            }
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (upper && c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            } else if (!upper && c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            out.append(c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static boolean isTokenChar(char c) {
        return c < 127 && c > 32 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
