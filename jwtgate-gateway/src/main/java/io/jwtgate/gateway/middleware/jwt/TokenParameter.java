package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.http.Exchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A token taken from the query ({@code ?<tokenKey>=}) is a credential like the Authorization
 * header: unless {@code forwardAuthorization} is set, it is removed from the forwarded URL, so it
 * does not end up in the backend's access logs, Referer headers or caches (a jwtgate decision:
 * Traefik Hub does not document what it does). A token from {@code tokenCookie} is removed from the
 * forwarded {@code Cookie} header the same way. A token in a form body stays in the body: the
 * specification (section 10, decision 5) requires the body to reach the backend as sent.
 */
final class TokenParameter {

    private TokenParameter() {}

    static void removeFrom(Exchange exchange, String source, String tokenKey, String tokenCookie) {
        if (source.equals("cookie") && tokenCookie != null) {
            removeCookie(exchange, tokenCookie);
            return;
        }
        if (tokenKey == null || tokenKey.isEmpty()) {
            return;
        }
        if (source.equals("query") && exchange.upstream().query() != null) {
            String query = without(exchange.upstream().query(), tokenKey);
            exchange.upstream().query(query.isEmpty() ? null : query);
        }
    }

    /** The token cookie is a credential too: every {@code name=} pair goes, the other cookies stay, in order. */
    private static void removeCookie(Exchange exchange, String name) {
        List<String> kept = new ArrayList<>();
        for (String header : exchange.upstream().headers().getAll("Cookie")) {
            StringBuilder out = new StringBuilder(header.length());
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq >= 0 && pair.substring(0, eq).strip().equals(name)) {
                    continue;
                }
                if (!pair.isBlank()) {
                    out.append(out.isEmpty() ? "" : "; ").append(pair.strip());
                }
            }
            if (!out.isEmpty()) {
                kept.add(out.toString());
            }
        }
        exchange.upstream().headers().remove("Cookie");
        kept.forEach(v -> exchange.upstream().headers().add("Cookie", v));
    }

    /** The {@code &}-separated pairs of {@code encoded} except those whose decoded name is {@code name}, order kept. */
    static String without(String encoded, String name) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (String pair : encoded.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decodesTo(key, name)) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair);
        }
        return out.toString();
    }

    private static boolean decodesTo(String key, String name) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
