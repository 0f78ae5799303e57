package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code metrics.prometheus}: Prometheus metrics served at {@code /metrics} on {@code entryPoint}
 * (default {@code traefik}, created on 127.0.0.1:8080 when not defined), with Traefik's metric names;
 * with {@code manualRouting} only by routers naming {@code prometheus@internal}, as in Traefik.
 *
 * @param buckets duration histogram buckets in seconds (Traefik's default: 0.1, 0.3, 1.2, 5)
 */
public record MetricsConfig(String entryPoint, List<Double> buckets, boolean addEntryPointsLabels,
                            boolean addRoutersLabels, boolean addServicesLabels, boolean manualRouting) {

    public MetricsConfig {
        buckets = List.copyOf(buckets);
    }

    /** Null when {@code metrics.prometheus} is absent. */
    public static MetricsConfig parse(ConfigNode root, Consumer<String> warn) throws ConfigException {
        ConfigNode metrics = root.get("metrics");
        metrics.warnUnknownKeys(UnimplementedStaticKeys.with(Set.of("prometheus"), UnimplementedStaticKeys.METRICS), warn);
        new UnimplementedStaticKeys(warn).present(metrics, UnimplementedStaticKeys.METRICS);
        if (!metrics.has("prometheus")) {
            return null;
        }
        ConfigNode p = metrics.get("prometheus");
        p.warnUnknownKeys(Set.of("entryPoint", "buckets", "addEntryPointsLabels", "addRoutersLabels", "addServicesLabels",
                "manualRouting", "headerLabels"), warn);
        if (!p.get("headerLabels").fields().isEmpty()) {
            warn.accept(p.source() + ": " + p.get("headerLabels").path() + ": not supported by jwtgate: the request metrics"
                    + " carry no labels taken from request headers (remove the key, or read the header from the access log)");
        }
        List<Double> buckets = new ArrayList<>();
        for (String b : p.get("buckets").stringList()) {
            try {
                buckets.add(Double.parseDouble(b));
            } catch (NumberFormatException e) {
                throw p.get("buckets").error("'" + b + "' is not a number of seconds", "write buckets as seconds, e.g. [0.1, 0.3, 1.2, 5]");
            }
        }
        if (buckets.isEmpty()) {
            buckets = List.of(0.1, 0.3, 1.2, 5.0);
        }
        return new MetricsConfig(p.get("entryPoint").string("traefik"), buckets, p.get("addEntryPointsLabels").bool(true),
                p.get("addRoutersLabels").bool(false), p.get("addServicesLabels").bool(true), p.get("manualRouting").bool(false));
    }
}
