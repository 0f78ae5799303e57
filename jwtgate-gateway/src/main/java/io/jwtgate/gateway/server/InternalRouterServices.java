package io.jwtgate.gateway.server;

import io.jwtgate.gateway.admin.AdminApi;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.observability.GatewayMetrics;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.proxy.InternalServices;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.runtime.Runtime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code @internal} services a router may name, from what the static configuration enables, as
 * Traefik's internal provider defines them: {@code noop@internal} always, {@code api@internal}
 * (and {@code dashboard@internal} with {@code api.dashboard}) when {@code api} is set,
 * {@code ping@internal} with {@code ping}, {@code prometheus@internal} with
 * {@code metrics.prometheus}. The others are unavailable with the reason and the fix.
 */
public final class InternalRouterServices {

    private InternalRouterServices() {}

    /**
     * @param runtime the serving snapshot (for the admin API)
     * @param metrics the Prometheus registry once it exists (null before, or without {@code metrics.prometheus})
     */
    public static InternalServices of(StaticConfig config, Supplier<Runtime> runtime, Supplier<GatewayMetrics> metrics,
                                      BooleanSupplier ready, String version) {
        return of(config, handlers(config, runtime, metrics, ready, version));
    }

    static InternalHandlers handlers(StaticConfig config, Supplier<Runtime> runtime, Supplier<GatewayMetrics> metrics,
                                     BooleanSupplier ready, String version) {
        AdminApi api = config.api() == null ? null : new AdminApi(config, runtime, version);
        return new InternalHandlers(ready, metrics, api, config.api());
    }

    static InternalServices of(StaticConfig config, InternalHandlers handlers) {
        Map<String, ServiceHandler> served = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        served.put("noop@internal", InternalServices.NOOP);
        if (config.api() != null) {
            served.put("api@internal", named("api@internal", exchange -> {
                if (!handlers.api(exchange)) {
                    Responses.notFound(exchange);
                }
            }));
            if (config.api().dashboard()) {
                served.put("dashboard@internal", named("dashboard@internal", exchange -> handlers.dashboard(exchange, asset(exchange))));
            } else {
                reasons.put("dashboard@internal", "service 'dashboard@internal' does not exist: api.dashboard is false (fix: set"
                        + " api.dashboard: true)");
            }
        } else {
            String fix = " does not exist: the static configuration has no `api` section (fix: add `api: {dashboard: true}`)";
            reasons.put("api@internal", "service 'api@internal'" + fix);
            reasons.put("dashboard@internal", "service 'dashboard@internal'" + fix);
        }
        if (config.ping() != null) {
            served.put("ping@internal", named("ping@internal", handlers::ping));
        } else {
            reasons.put("ping@internal", "service 'ping@internal' does not exist: the static configuration has no `ping` section"
                    + " (fix: add `ping: {manualRouting: true}`)");
        }
        if (config.metrics() != null) {
            served.put("prometheus@internal", named("prometheus@internal", handlers::metrics));
        } else {
            reasons.put("prometheus@internal", "service 'prometheus@internal' does not exist: the static configuration has no"
                    + " `metrics.prometheus` section (fix: add `metrics: {prometheus: {manualRouting: true}}`)");
        }
        reasons.put("rest@internal", "service 'rest@internal' is not available: providers.rest is not supported by jwtgate"
                + " (fix: use the file or Kubernetes provider)");
        return new InternalServices(served, reasons);
    }

    /** What the dashboard serves for the path a router left it (Traefik strips /dashboard/ first). */
    private static String asset(Exchange exchange) {
        String path = exchange.upstream().path();
        if (path.startsWith("/dashboard/")) {
            path = path.substring("/dashboard/".length());
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static ServiceHandler named(String name, Consumer<Exchange> serve) {
        return new ServiceHandler() {
            @Override
            public void serve(Exchange exchange, Forwarder forwarder) {
                exchange.facts().serviceName(name);
                serve.accept(exchange);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
