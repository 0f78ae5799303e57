package io.jwtgate.gateway.observability;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.JwtStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Exposes each JWT middleware's outcome counters ({@code jwtgate_jwt_requests_total} by
 * middleware, outcome and reason). The counters live in the library ({@link JwtStats}, lock-free
 * adders); the registry only reads them when scraped, so the request path pays nothing here.
 * Re-bound on every configuration swap: meters of middlewares that are gone are removed.
 */
public final class JwtMetricsBinder {

    private final MeterRegistry registry;
    private final List<Meter> bound = new ArrayList<>();

    public JwtMetricsBinder(MeterRegistry registry) {
        this.registry = registry;
    }

    public synchronized void bind(Runtime runtime) {
        bound.forEach(registry::remove);
        bound.clear();
        for (Middleware m : runtime.middlewares().values()) {
            if (m instanceof JwtMiddleware jwt) {
                JwtStats stats = jwt.authenticator().stats();
                bound.add(FunctionCounter.builder("jwtgate.jwt.requests", stats, JwtStats::allowed)
                        .description("Requests seen by a JWT middleware, by outcome and reason")
                        .tags("middleware", jwt.name(), "outcome", "allowed", "reason", "ALLOWED").register(registry));
                for (DenyReason reason : DenyReason.values()) {
                    bound.add(FunctionCounter.builder("jwtgate.jwt.requests", stats, s -> s.denied(reason))
                            .description("Requests seen by a JWT middleware, by outcome and reason")
                            .tags("middleware", jwt.name(), "outcome", "denied", "reason", reason.name()).register(registry));
                }
            }
        }
    }
}
