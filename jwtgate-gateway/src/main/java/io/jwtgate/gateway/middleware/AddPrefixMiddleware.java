package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Exchange;

/** Traefik's {@code addPrefix}: prepends a path prefix before forwarding. */
public final class AddPrefixMiddleware implements Middleware {

    private final String prefix;

    public AddPrefixMiddleware(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.upstreamPath(prefix + exchange.upstreamPath());
        next.proceed();
    }
}
