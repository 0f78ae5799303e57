package io.jwtgate.gateway.middleware.headers;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * Traefik's {@code headers} middleware, in Traefik's order: CORS preflights are answered first;
 * then the custom request headers are applied; then the security part checks the host and
 * decides its response headers; the request goes on. On the way back the security headers are
 * set, then the custom response headers (which may override or, empty, delete them) and the CORS
 * response headers. Every response of the chain gets them, the gateway's own answers included
 * (a 401 of a later JWT middleware carries the CORS headers a browser needs to read it).
 */
public final class HeadersMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("headers", "configuration.md#headers",
            (config, ctx) -> new HeadersMiddleware(HeadersOptions.parse(config.options(), ctx.warnings())));

    private final HeadersOptions options;
    private final CorsHeaders cors;
    private final SecureHeaders secure;

    public HeadersMiddleware(HeadersOptions options) {
        this.options = options;
        this.cors = options.cors().defined() ? new CorsHeaders(options.cors()) : null;
        this.secure = options.secure().defined() ? new SecureHeaders(options.secure()) : null;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        MultiMap request = exchange.upstream().headers();
        if (cors != null && CorsHeaders.isPreflight(exchange.method(), request)) {
            cors.preflight(request, exchange.response().headers());
            Responses.answer(exchange, 200, null, null);
            return;
        }
        applyRequestHeaders(exchange, request);
        if (!options.customResponseHeaders().isEmpty() || cors != null) {
            exchange.onResponseHead((status, headers) -> modifyResponse(request, headers));
        }
        if (secure != null) {
            String host = exchange.requestAuthority();
            if (!secure.hostAllowed(host, request)) {
                Responses.answer(exchange, 500, "Bad Host\n"); // unrolled/secure's answer, kept by Traefik
                return;
            }
            MultiMap securityHeaders = secure.responseHeaders(secure.isHttps(exchange.isTls(), request));
            if (!securityHeaders.isEmpty()) {
                exchange.onResponseHead((status, headers) -> securityHeaders.forEach(headers::set));
            }
        }
        next.proceed();
    }

    private void applyRequestHeaders(Exchange exchange, MultiMap request) {
        for (Map.Entry<String, String> h : options.customRequestHeaders().entrySet()) {
            if (h.getValue().isEmpty()) {
                request.remove(h.getKey());
            } else if (h.getKey().equalsIgnoreCase("Host")) {
                exchange.upstream().host(h.getValue());
            } else {
                request.set(h.getKey(), h.getValue());
            }
        }
    }

    private void modifyResponse(MultiMap request, MultiMap response) {
        for (Map.Entry<String, String> h : options.customResponseHeaders().entrySet()) {
            if (h.getValue().isEmpty()) {
                response.remove(h.getKey());
            } else {
                response.set(h.getKey(), h.getValue());
            }
        }
        if (cors != null) {
            cors.response(request.get("Origin"), response);
        }
    }
}
