package io.jwtgate.gateway.server;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.vertx.core.http.HttpMethod;

/**
 * What an entry point answers itself, before any router, as Traefik's internal routers do:
 * {@code PathPrefix(`/ping`)} on the ping entry point and {@code PathPrefix(`/metrics`)} on the
 * metrics one (unless their {@code manualRouting} leaves them to routers), the admin API and
 * dashboard on the {@code traefik} entry point (see {@code ApiConfig.onEntryPoint}), and jwtgate's
 * {@code GET /ready} next to ping.
 */
public final class InternalEndpoints {

    private final InternalHandlers handlers;
    private final boolean ping;
    private final boolean ready;
    private final boolean metrics;
    private final boolean api;

    /**
     * @param ping    route {@code /ping...} here
     * @param ready   route {@code GET /ready} here
     * @param metrics route {@code /metrics...} here
     * @param api     route the admin API and dashboard here
     */
    InternalEndpoints(InternalHandlers handlers, boolean ping, boolean ready, boolean metrics, boolean api) {
        this.handlers = handlers;
        this.ping = ping;
        this.ready = ready;
        this.metrics = metrics;
        this.api = api;
    }

    public static InternalEndpoints none() {
        return new InternalEndpoints(null, false, false, false, false);
    }

    /** True when the request was answered here. */
    public boolean handle(Exchange exchange) {
        String path = exchange.path();
        if (ping && path.startsWith("/ping")) {
            handlers.ping(exchange);
            return true;
        }
        if (ready && path.equals("/ready") && (exchange.request().method() == HttpMethod.GET || exchange.request().method() == HttpMethod.HEAD)) {
            handlers.ready(exchange);
            return true;
        }
        if (metrics && path.startsWith("/metrics")) {
            handlers.metrics(exchange);
            return true;
        }
        if (api) {
            if (handlers.api(exchange)) {
                return true;
            }
            if (path.startsWith("/api")) {
                Responses.notFound(exchange); // Traefik's PathPrefix(`/api`) router: the API's own 404
                return true;
            }
        }
        return false;
    }
}
