package io.jwtgate.gateway.server;

import io.jwtgate.gateway.admin.AdminApi;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.observability.GatewayMetrics;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * What an entry point answers itself, before any router: {@code /ping}, {@code /ready},
 * {@code /metrics}, {@code /api/...} and {@code /dashboard/}, each only where the static
 * configuration puts it. Only GET and HEAD; anything else goes on to the routers.
 */
public final class InternalEndpoints {

    private static final String DASHBOARD = loadDashboard();

    private final boolean ping;
    private final BooleanSupplier ready;
    private final GatewayMetrics metrics;
    private final AdminApi api;

    /**
     * @param ping    serve {@code /ping} (and {@code /ready} when {@code ready} is given)
     * @param metrics serve {@code /metrics}, or null
     * @param api     serve the admin API and dashboard, or null
     */
    public InternalEndpoints(boolean ping, BooleanSupplier ready, GatewayMetrics metrics, AdminApi api) {
        this.ping = ping;
        this.ready = ready;
        this.metrics = metrics;
        this.api = api;
    }

    public static InternalEndpoints none() {
        return new InternalEndpoints(false, null, null, null);
    }

    /** True when the request was answered here. */
    public boolean handle(Exchange exchange) {
        HttpMethod method = exchange.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        String path = exchange.path();
        HttpServerResponse response = exchange.clientResponse();
        if (ping && path.equals("/ping")) {
            response.putHeader("Content-Type", "text/plain; charset=utf-8").end("OK");
            return true;
        }
        if (ping && ready != null && path.equals("/ready")) {
            boolean ok = ready.getAsBoolean();
            response.setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "text/plain; charset=utf-8").end(ok ? "ready" : "not ready");
            return true;
        }
        if (metrics != null && path.equals("/metrics")) {
            response.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
            return true;
        }
        if (api != null && (path.equals("/dashboard") || path.equals("/"))) {
            response.setStatusCode(302).putHeader("Location", "/dashboard/").end();
            return true;
        }
        if (api != null && path.equals("/dashboard/")) {
            response.putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'")
                    .end(DASHBOARD);
            return true;
        }
        if (api != null && path.startsWith("/api/")) {
            Object json = api.answer(path);
            if (json == null) {
                response.setStatusCode(404).putHeader("Content-Type", "application/json").end("{\"message\":\"404 page not found\"}");
            } else {
                String body = json instanceof JsonArray a ? a.encodePrettily() : ((JsonObject) json).encodePrettily();
                response.putHeader("Content-Type", "application/json").end(body);
            }
            return true;
        }
        return false;
    }

    private static String loadDashboard() {
        try (InputStream in = InternalEndpoints.class.getResourceAsStream("/io/jwtgate/gateway/admin/dashboard.html")) {
            return in == null ? "dashboard missing from the build" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "dashboard unreadable: " + e;
        }
    }
}
