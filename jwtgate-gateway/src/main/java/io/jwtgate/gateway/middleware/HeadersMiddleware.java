package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Exchange;
import java.util.Map;

/**
 * Traefik's {@code headers} middleware, custom headers part: {@code customRequestHeaders} are set
 * on the upstream request and {@code customResponseHeaders} on the response; an empty value
 * removes the header, as in Traefik.
 */
public final class HeadersMiddleware implements Middleware {

    private final Map<String, String> requestHeaders;
    private final Map<String, String> responseHeaders;

    public HeadersMiddleware(Map<String, String> requestHeaders, Map<String, String> responseHeaders) {
        this.requestHeaders = Map.copyOf(requestHeaders);
        this.responseHeaders = Map.copyOf(responseHeaders);
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        requestHeaders.forEach((name, value) -> {
            if (value.isEmpty()) {
                exchange.upstreamHeaders().remove(name);
            } else {
                exchange.upstreamHeaders().set(name, value);
            }
        });
        responseHeaders.forEach((name, value) -> exchange.extraResponseHeaders().set(name, value));
        next.proceed();
    }
}
