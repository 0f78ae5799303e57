package io.jwtgate.gateway.observability;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.jwt.TokenCacheStats;
import java.io.IOException;
import java.util.Optional;

/**
 * The access log and the metrics of one gateway, as the static configuration asks for them
 * (either may be absent), and what they need to hear about runtime swaps and reloads.
 */
public final class Observability implements AutoCloseable {

    private final AccessLog accessLog;
    private final GatewayMetrics metrics;
    private final JwtMetricsBinder jwtMetrics;
    private final KeySetMetricsBinder keySetMetrics;

    public Observability(StaticConfig config, Optional<TokenCacheStats> tokenCache) throws IOException {
        this.accessLog = config.accessLog() == null ? null : new AccessLog(config.accessLog(), config.baseDirectory());
        if (config.metrics() == null) {
            this.metrics = null;
            this.jwtMetrics = null;
            this.keySetMetrics = null;
            return;
        }
        this.metrics = new GatewayMetrics(config.metrics());
        this.jwtMetrics = new JwtMetricsBinder(metrics.registry());
        this.keySetMetrics = new KeySetMetricsBinder(metrics.registry());
        metrics.beforeScrape(keySetMetrics::refresh);
        TokenCacheMetricsBinder.bind(metrics.registry(), tokenCache);
    }

    /** The access log, or null when {@code accessLog} is not configured. */
    public AccessLog accessLog() {
        return accessLog;
    }

    /** The metrics, or null when {@code metrics} is not configured. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** A runtime became current: per-middleware meters follow it. */
    public void serving(Runtime runtime) {
        if (jwtMetrics != null) {
            jwtMetrics.bind(runtime);
            keySetMetrics.bind(runtime);
        }
    }

    /** A reload was accepted or rejected. */
    public void reloaded(boolean accepted) {
        if (metrics != null) {
            metrics.configReload(accepted);
        }
    }

    @Override
    public void close() {
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
