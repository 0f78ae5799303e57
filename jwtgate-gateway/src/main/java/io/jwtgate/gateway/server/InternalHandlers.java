package io.jwtgate.gateway.server;

import io.jwtgate.gateway.admin.AdminApi;
import io.jwtgate.gateway.config.statics.ApiConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.observability.GatewayMetrics;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * What Traefik's internal services answer: {@code ping@internal}, {@code prometheus@internal},
 * {@code api@internal} and {@code dashboard@internal}, plus jwtgate's {@code /ready}. Used both by
 * the routes an entry point has by itself ({@link InternalEndpoints}) and by routers naming the
 * service ({@link InternalRouterServices}); answers go through the exchange's response, so a
 * router's middlewares (headers, compress...) apply to them.
 */
final class InternalHandlers {

    private static final String DASHBOARD = loadDashboard();
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final BooleanSupplier ready;
    private final Supplier<GatewayMetrics> metrics;
    private final AdminApi api;
    private final ApiConfig apiConfig;
    private final String dashboardPage;

    /**
     * @param metrics the Prometheus registry, or a supplier of null when {@code metrics.prometheus} is absent
     * @param api     the admin API, or null when {@code api} is absent
     */
    InternalHandlers(BooleanSupplier ready, Supplier<GatewayMetrics> metrics, AdminApi api, ApiConfig apiConfig) {
        this.ready = ready;
        this.metrics = metrics;
        this.api = api;
        this.apiConfig = apiConfig;
        this.dashboardPage = apiConfig == null ? DASHBOARD : page(apiConfig);
    }

    /** Traefik's ping handler: 200 with the status text, whatever the method and path. */
    void ping(Exchange exchange) {
        text(exchange, 200, "OK");
    }

    /** jwtgate's readiness: 200 "ready" once the configuration is loaded (and key sets are, if required), else 503. */
    void ready(Exchange exchange) {
        boolean ok = ready.getAsBoolean();
        text(exchange, ok ? 200 : 503, ok ? "ready" : "not ready");
    }

    /** The Prometheus exposition, whatever the path (as Traefik's {@code prometheus@internal}). */
    void metrics(Exchange exchange) {
        GatewayMetrics registry = metrics.get();
        if (registry == null) {
            Responses.serviceUnavailable(exchange);
            return;
        }
        Responses.answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    /**
     * The admin API and, when enabled, the dashboard, under {@code api.basePath}: what Traefik's
     * {@code api@internal} serves. Returns false, having answered nothing, for a path outside them.
     * The path is the one the router's middlewares left (Traefik's handler routes on the request it is
     * handed, so {@code /traefik/api/overview} behind a {@code stripPrefix} of {@code /traefik} is the overview).
     */
    boolean api(Exchange exchange) {
        String path = exchange.upstream().path();
        String base = apiConfig.prefix();
        if (!path.startsWith(base)) {
            return false;
        }
        String rest = path.substring(base.length());
        if (rest.startsWith("/api/") || rest.equals("/api")) {
            if (exchange.request().method() != HttpMethod.GET) {
                Responses.answer(exchange, 405, null, null); // gorilla/mux: the route exists for GET only
                return true;
            }
            Object json = api.answer(rest);
            if (json == null) {
                Responses.answer(exchange, 404, "application/json", "{\"message\":\"404 page not found\"}");
            } else {
                String body = json instanceof JsonArray a ? a.encodePrettily() : ((JsonObject) json).encodePrettily();
                Responses.answer(exchange, 200, "application/json", body);
            }
            return true;
        }
        if (!apiConfig.dashboard()) {
            return false;
        }
        if (rest.isEmpty() || rest.equals("/")) {
            // Traefik redirects the base path to the dashboard, behind any prefix a proxy stripped.
            exchange.response().putHeader("Location", forwardedPrefix(exchange) + base + "/dashboard/");
            Responses.answer(exchange, 302, null, null);
            return true;
        }
        if (rest.equals("/dashboard")) {
            exchange.response().putHeader("Location", forwardedPrefix(exchange) + base + "/dashboard/");
            Responses.answer(exchange, 301, null, null);
            return true;
        }
        if (rest.startsWith("/dashboard/")) {
            dashboard(exchange, rest.substring("/dashboard/".length()));
            return true;
        }
        return false;
    }

    /** {@code dashboard@internal}: the page for the dashboard's root (its single asset), 404 for anything else. */
    void dashboard(Exchange exchange, String asset) {
        if (!asset.isEmpty() && !asset.equals("index.html")) {
            Responses.notFound(exchange);
            return;
        }
        ResponseWriter response = exchange.response();
        response.putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'");
        Responses.answer(exchange, 200, "text/html; charset=utf-8", dashboardPage);
    }

    /**
     * The prefix a stripPrefix (or a proxy) removed, for redirects the browser must follow back through it;
     * Traefik drops a value carrying a scheme or host (an absolute URL would redirect off-site), and its trailing slash.
     */
    private static String forwardedPrefix(Exchange exchange) {
        String prefix = exchange.upstream().headers().get("X-Forwarded-Prefix");
        if (prefix == null || prefix.startsWith("//")) {
            return "";
        }
        int slash = prefix.indexOf('/');
        String first = slash < 0 ? prefix : prefix.substring(0, slash);
        if (first.contains(":") || BAD_ESCAPE.matcher(prefix).find()) {
            return ""; // Go's url.Parse: a scheme (or a colon it refuses) before the first slash, or an invalid escape
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static void text(Exchange exchange, int status, String body) {
        Responses.answer(exchange, status, "text/plain; charset=utf-8", body);
    }

    /** The dashboard with the configured title and its API calls under the base path. */
    private static String page(ApiConfig config) {
        String html = DASHBOARD.replace("\"/api/", "\"" + config.prefix() + "/api/");
        if (!config.dashboardName().isEmpty()) {
            String name = escape(config.dashboardName());
            html = html.replace("<title>jwtgate</title>", "<title>" + name + "</title>").replace("<h1>jwtgate</h1>", "<h1>" + name + "</h1>");
        }
        return html;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String loadDashboard() {
        try (InputStream in = InternalHandlers.class.getResourceAsStream("/io/jwtgate/gateway/admin/dashboard.html")) {
            return in == null ? "dashboard missing from the build" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "dashboard unreadable: " + e;
        }
    }
}
