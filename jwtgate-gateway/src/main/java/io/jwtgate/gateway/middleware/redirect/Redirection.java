package io.jwtgate.gateway.middleware.redirect;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.StatusText;
import io.jwtgate.gateway.middleware.GoRegex;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;

/**
 * What Traefik's two redirect middlewares share: rebuild the URL the client asked for, rewrite it
 * with a regular expression, and answer with a redirect when the result differs (otherwise the
 * request goes on). The status is 302 for GET and 307 otherwise, 301/308 when {@code permanent};
 * the body is the status text, as Go's {@code http.StatusText}.
 */
final class Redirection implements Middleware {

    private final GoRegex regex;
    private final String replacement;
    private final boolean permanent;
    private final Function<Exchange, String> requestUrl;

    Redirection(GoRegex regex, String replacement, boolean permanent, Function<Exchange, String> requestUrl) {
        this.regex = regex;
        this.replacement = replacement;
        this.permanent = permanent;
        this.requestUrl = requestUrl;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String oldUrl = requestUrl.apply(exchange);
        if (!regex.matches(oldUrl)) {
            next.proceed();
            return;
        }
        String newUrl = regex.replaceAll(oldUrl, replacement);
        if (!parsesLikeGo(newUrl)) {
            Responses.answer(exchange, 502, "Bad Gateway"); // oxy's error handler, which Traefik uses: a url.Error is a net.Error
            return;
        }
        if (newUrl.equals(oldUrl)) {
            next.proceed();
            return;
        }
        boolean get = exchange.method().equals("GET");
        int status = permanent ? (get ? 301 : 308) : (get ? 302 : 307);
        exchange.response().putHeader("Location", newUrl);
        Responses.answer(exchange, status, "text/plain; charset=utf-8", StatusText.of(status));
    }

    /** Go's {@code url.Parse} acceptance, as far as it differs from Java's: no percent-escapes in the host (outside an IPv6 zone). */
    static boolean parsesLikeGo(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return true;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        return host.indexOf('%') < 0 || (host.startsWith("[") && host.contains("%25"));
    }


    /** The scheme the client used: TLS at the entry point, or the X-Forwarded-Proto the entry point kept or set. */
    static String clientScheme(Exchange exchange) {
        String scheme = exchange.isTls() ? "https" : "http";
        String proto = exchange.upstream().headers().get("X-Forwarded-Proto");
        if (proto != null && !proto.isEmpty()) {
            if (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("ws")) {
                scheme = "http";
            } else if (proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("wss")) {
                scheme = "https";
            }
        }
        return scheme;
    }
}
