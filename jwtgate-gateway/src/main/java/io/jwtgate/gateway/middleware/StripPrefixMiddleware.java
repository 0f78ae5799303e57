package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Exchange;
import java.util.List;

/** Traefik's {@code stripPrefix}: removes the first matching prefix and records it in X-Forwarded-Prefix. */
public final class StripPrefixMiddleware implements Middleware {

    private final List<String> prefixes;

    public StripPrefixMiddleware(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String path = exchange.upstreamPath();
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                exchange.upstreamPath(rest.startsWith("/") ? rest : "/" + rest);
                exchange.upstreamHeaders().set("X-Forwarded-Prefix", prefix);
                break;
            }
        }
        next.proceed();
    }
}
