package io.jwtgate.gateway.observability;

import io.jwtgate.gateway.config.statics.MetricsConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.middleware.mcp.McpFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics with Traefik's names ({@code traefik_entrypoint_requests_total},
 * {@code traefik_router_request_duration_seconds}, ...) plus JVM and process metrics. Meters are
 * looked up once per label combination and cached, so a request costs two map lookups.
 */
public final class GatewayMetrics implements RequestObserver {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsConfig config;
    private final Duration[] buckets;
    private final ConcurrentHashMap<String, Meters> meters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> mcpCalls = new ConcurrentHashMap<>();
    private final Counter reloadsSuccess;
    private final Counter reloadsFailure;
    private volatile Runnable beforeScrape;

    private record Meters(Counter counter, Timer timer) {}

    public GatewayMetrics(MetricsConfig config) {
        this.config = config;
        this.buckets = config.buckets().stream().map(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        reloadsSuccess = Counter.builder("traefik.config.reloads").tag("outcome", "success")
                .description("Configuration reloads").register(registry);
        reloadsFailure = Counter.builder("traefik.config.reloads").tag("outcome", "failure")
                .description("Configuration reloads").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void configReload(boolean success) {
        (success ? reloadsSuccess : reloadsFailure).increment();
    }

    @Override
    public void completed(Exchange exchange, int status, long bytesWritten) {
        long nanos = System.nanoTime() - exchange.startNanos();
        String method = exchange.request().method().name();
        String code = Integer.toString(status);
        String protocol = exchange.request().headers().contains("Upgrade") ? "websocket" : "http";
        if (config.addEntryPointsLabels()) {
            record("entrypoint", "entrypoint", exchange.entryPoint(), null, null, code, method, protocol, nanos);
        }
        if (config.addRoutersLabels() && exchange.facts().routerName() != null) {
            record("router", "router", exchange.facts().routerName(), "service", exchange.facts().serviceName(), code, method, protocol, nanos);
        }
        if (config.addServicesLabels() && exchange.facts().serviceName() != null) {
            record("service", "service", exchange.facts().serviceName(), null, null, code, method, protocol, nanos);
        }
        McpFacts mcp = exchange.attribute(McpFacts.KEY);
        if (mcp != null) {
            String router = exchange.facts().routerName() == null ? "" : exchange.facts().routerName();
            for (McpFacts.Entry e : mcp.entries()) {
                String label = McpFacts.metricMethod(e.method());
                mcpCalls.computeIfAbsent(router + '\u0000' + label + '\u0000' + e.decision(), k -> Counter.builder("jwtgate.mcp.requests")
                        .description("JSON-RPC calls decided by an mcp middleware, by router, method and decision")
                        .tag("router", router).tag("method", label).tag("decision", e.decision()).register(registry)).increment();
            }
        }
    }

    private void record(String level, String labelName, String labelValue, String extraName, String extraValue,
                        String code, String method, String protocol, long nanos) {
        String key = level + '\u0000' + labelValue + '\u0000' + extraValue + '\u0000' + code + '\u0000' + method + '\u0000' + protocol;
        Meters m = meters.computeIfAbsent(key, k -> {
            Counter.Builder counter = Counter.builder("traefik." + level + ".requests")
                    .description("HTTP requests by " + level + ", status code, method and protocol")
                    .tag(labelName, labelValue).tag("code", code).tag("method", method).tag("protocol", protocol);
            Timer.Builder timer = Timer.builder("traefik." + level + ".request.duration")
                    .description("Request processing time by " + level)
                    .serviceLevelObjectives(buckets)
                    .tag(labelName, labelValue).tag("code", code).tag("method", method).tag("protocol", protocol);
            if (extraName != null) {
                counter.tag(extraName, extraValue == null ? "" : extraValue);
                timer.tag(extraName, extraValue == null ? "" : extraValue);
            }
            return new Meters(counter.register(registry), timer.register(registry));
        });
        m.counter().increment();
        m.timer().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Called just before each scrape (e.g. to register meters for key sets that appeared). */
    public void beforeScrape(Runnable hook) {
        this.beforeScrape = hook;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        Runnable hook = beforeScrape;
        if (hook != null) {
            hook.run();
        }
        return registry.scrape();
    }
}
