package io.jwtgate.gateway.observability;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.KeySetStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Per key set of every JWT middleware: key count, last successful fetch, stale flag, fetches by
 * outcome and cause, forced refreshes and cooldown skips. Key sets can appear after a
 * configuration is applied (issuer-relative {@code jwksUrl} creates one per issuer), so meters are
 * added at scrape time for sets not seen before; values are read from the library's status snapshots.
 */
public final class KeySetMetricsBinder {

    private final MeterRegistry registry;
    private final List<Meter> bound = new ArrayList<>();
    private final Set<String> known = new HashSet<>();
    private volatile Runtime runtime = Runtime.empty();

    public KeySetMetricsBinder(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Called on every configuration swap: forget the meters of the previous runtime. */
    public synchronized void bind(Runtime next) {
        bound.forEach(registry::remove);
        bound.clear();
        known.clear();
        runtime = next;
        refresh();
    }

    /** Registers meters for key sets that appeared since the last call. Cheap when nothing changed. */
    public synchronized void refresh() {
        for (Middleware m : runtime.middlewares().values()) {
            if (m instanceof JwtMiddleware jwt) {
                for (KeySetStatus status : jwt.authenticator().keySets()) {
                    if (known.add(jwt.name() + "\u0000" + status.source())) {
                        register(jwt, status.source());
                    }
                }
            }
        }
    }

    private void register(JwtMiddleware jwt, String source) {
        String[] tags = {"middleware", jwt.name(), "source", source};
        gauge("jwtgate.keyset.keys", "Usable keys in the key set", jwt, source, s -> s.keyCount(), tags);
        gauge("jwtgate.keyset.last.success.timestamp.seconds", "When the key set was last fetched or loaded successfully",
                jwt, source, s -> s.lastSuccess() == null ? 0 : s.lastSuccess().getEpochSecond(), tags);
        gauge("jwtgate.keyset.serving.stale", "1 while expired keys are served because refreshes fail",
                jwt, source, s -> s.servingStale() ? 1 : 0, tags);
        counter("jwtgate.keyset.fetches", jwt, source, s -> s.successes(), "middleware", jwt.name(), "source", source,
                "outcome", "success", "cause", "none");
        for (FetchFailure cause : FetchFailure.values()) {
            counter("jwtgate.keyset.fetches", jwt, source, s -> s.failures().getOrDefault(cause, 0L), "middleware", jwt.name(),
                    "source", source, "outcome", "failure", "cause", cause.name());
        }
        counter("jwtgate.keyset.forced.refreshes", jwt, source, s -> s.forcedRefreshes(), tags);
        counter("jwtgate.keyset.cooldown.skips", jwt, source, s -> s.skippedByCooldown(), tags);
    }

    private void gauge(String name, String description, JwtMiddleware jwt, String source, ToDoubleFunction<KeySetStatus> value,
                       String... tags) {
        bound.add(Gauge.builder(name, jwt, j -> read(j, source, value)).description(description).tags(tags).register(registry));
    }

    private void counter(String name, JwtMiddleware jwt, String source, ToDoubleFunction<KeySetStatus> value, String... tags) {
        bound.add(FunctionCounter.builder(name, jwt, j -> read(j, source, value)).tags(tags).register(registry));
    }

    private static double read(JwtMiddleware jwt, String source, ToDoubleFunction<KeySetStatus> value) {
        for (KeySetStatus s : jwt.authenticator().keySets()) {
            if (s.source().equals(source)) {
                return value.applyAsDouble(s);
            }
        }
        return Double.NaN;
    }
}
