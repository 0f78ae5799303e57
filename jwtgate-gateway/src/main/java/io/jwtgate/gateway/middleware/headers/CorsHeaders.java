package io.jwtgate.gateway.middleware.headers;

import io.vertx.core.MultiMap;
import java.util.regex.Pattern;

/**
 * CORS as Traefik's {@code headers} middleware does it: preflight requests are answered by the
 * gateway, other responses get {@code Access-Control-Allow-Origin} (and the credentials, expose
 * and {@code Vary} headers) added. Traefik joins lists with {@code ,} and no space; so does this.
 */
final class CorsHeaders {

    private final HeadersOptions.Cors cors;

    CorsHeaders(HeadersOptions.Cors cors) {
        this.cors = cors;
    }

    /** OPTIONS with {@code Origin} and {@code Access-Control-Request-Method}: a preflight, answered here. */
    static boolean isPreflight(String method, MultiMap request) {
        return "OPTIONS".equals(method) && nonEmpty(request.get("Access-Control-Request-Method")) && nonEmpty(request.get("Origin"));
    }

    /** The headers of the preflight answer (status 200, no body). */
    void preflight(MultiMap request, MultiMap response) {
        if (cors.allowCredentials()) {
            response.set("Access-Control-Allow-Credentials", "true");
        }
        if (cors.allowHeaders().contains("*") && cors.allowCredentials()) {
            // "*" is not honoured by browsers with credentials: echo what was asked for.
            String asked = request.get("Access-Control-Request-Headers");
            if (nonEmpty(asked)) {
                response.set("Access-Control-Allow-Headers", asked);
            }
        } else if (!cors.allowHeaders().isEmpty()) {
            response.set("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders()));
        }
        if (cors.allowMethods().contains("*") && cors.allowCredentials()) {
            response.set("Access-Control-Allow-Methods", request.get("Access-Control-Request-Method"));
        } else if (!cors.allowMethods().isEmpty()) {
            response.set("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
        }
        String origin = matchOrigin(request.get("Origin"));
        if (origin != null) {
            response.set("Access-Control-Allow-Origin", origin);
        }
        if (cors.maxAge() != null) {
            response.set("Access-Control-Max-Age", Long.toString(cors.maxAge()));
        }
        exposeHeaders(response);
    }

    /** Added to every other response (Traefik's {@code PostRequestModifyResponseHeaders}, after the custom response headers). */
    void response(String requestOrigin, MultiMap response) {
        String origin = matchOrigin(requestOrigin);
        if (origin != null) {
            response.set("Access-Control-Allow-Origin", origin);
        }
        if (cors.allowCredentials()) {
            response.set("Access-Control-Allow-Credentials", "true");
        }
        exposeHeaders(response);
        if (!cors.addVaryHeader()) {
            return;
        }
        String vary = response.get("Vary");
        if ("Origin".equals(vary)) {
            return;
        }
        response.set("Vary", vary == null || vary.isEmpty() ? "Origin" : vary + ",Origin");
    }

    private void exposeHeaders(MultiMap response) {
        if (!cors.exposeHeaders().isEmpty() && !(cors.exposeHeaders().contains("*") && cors.allowCredentials())) {
            response.set("Access-Control-Expose-Headers", String.join(",", cors.exposeHeaders()));
        }
    }

    /** The allowed origin to answer with, or null: exact entries first, {@code *} (the origin itself with credentials), then the regexes. */
    String matchOrigin(String origin) {
        String o = origin == null ? "" : origin;
        for (String item : cors.allowOriginList()) {
            if (item.equals(o)) {
                return item;
            }
            if (item.equals("*")) {
                return cors.allowCredentials() ? o : item; // a wildcard cannot be used with credentials
            }
        }
        for (Pattern p : cors.allowOriginListRegex()) {
            if (p.matcher(o).find()) {
                return o;
            }
        }
        return null;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
