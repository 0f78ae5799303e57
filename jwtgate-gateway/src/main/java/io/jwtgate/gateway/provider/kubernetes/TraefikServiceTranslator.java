package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@code TraefikService} as the service a file would hold, named {@code namespace-name@kubernetescrd},
 * as Traefik's {@code buildTraefikService}: {@code weighted} ({@code services} with weights, default 1;
 * {@code sticky.cookie}), {@code mirroring} (the main service, {@code mirrors} with {@code percent},
 * {@code mirrorBody}, {@code maxBodySize}), {@code failover} ({@code service}, {@code fallback},
 * {@code errors}) and {@code highestRandomWeight}. Members are Kubernetes Services (each its own
 * load balancer, {@code namespace-service-port}) or other TraefikServices. A member that cannot be
 * resolved disables the TraefikService (Traefik drops it), with the reason.
 */
final class TraefikServiceTranslator {

    private static final Set<String> SPEC_KEYS = Set.of("weighted", "mirroring", "failover", "highestRandomWeight");

    private final ServiceReferences services;
    private final Consumer<String> warn;

    TraefikServiceTranslator(ServiceReferences services, Consumer<String> warn) {
        this.services = services;
        this.warn = warn;
    }

    void translate(KubeResource ts, CrdOutput out) {
        String name = CrdNames.qualified(ts.namespace(), ts.name());
        ConfigNode spec = ts.spec();
        spec.warnUnknownKeys(SPEC_KEYS, warn);
        try {
            ServiceConfig service;
            if (spec.has("weighted")) {
                service = weighted(ts, ts.namespace(), spec.get("weighted").get("services"), spec.get("weighted").get("sticky"), services, out);
            } else if (spec.has("mirroring")) {
                service = mirroring(ts, spec.get("mirroring"), out);
            } else if (spec.has("highestRandomWeight")) {
                service = ServiceConfig.of(name, "highestRandomWeight", ConfigNode.of(Map.of("services",
                        members(ts, spec.get("highestRandomWeight").get("services"), out)), ts.describe(), "spec.highestRandomWeight"), ts.describe());
            } else if (spec.has("failover")) {
                service = failover(ts, spec.get("failover"), out);
            } else {
                throw spec.error("unspecified service type", "write one of weighted, mirroring, failover or highestRandomWeight");
            }
            out.services.put(name, new ServiceConfig(name, service.type(), service.options(), ts.describe(), null));
        } catch (ConfigException e) {
            out.errors.add(e);
            out.services.put(name, ServiceConfig.broken(name, ts.describe(), e));
        }
    }

    /** {@code weighted}: each member with its weight (default 1), and {@code sticky.cookie} with Traefik's defaults. */
    static ServiceConfig weighted(KubeResource owner, String namespace, ConfigNode list, ConfigNode sticky, ServiceReferences services,
                                  CrdOutput out) throws ConfigException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("services", new TraefikServiceTranslator(services, m -> { }).members(owner, list, out));
        if (sticky != null && sticky.get("cookie").isObject()) {
            options.put("sticky", Map.of("cookie", ServiceResolver.cookie(sticky.get("cookie"))));
        }
        return ServiceConfig.of(null, "weighted", ConfigNode.of(options, owner.describe(), list.path()), owner.describe());
    }

    /** Members with {@code weight} (default 1); each Kubernetes Service member becomes a load balancer. */
    private List<Map<String, Object>> members(KubeResource owner, ConfigNode list, CrdOutput out) throws ConfigException {
        List<Map<String, Object>> members = new ArrayList<>();
        for (ConfigNode ref : list.elements()) {
            String member = member(owner, ref, out);
            members.add(Map.of("name", member, "weight", ref.get("weight").integer(1)));
        }
        return members;
    }

    private String member(KubeResource owner, ConfigNode ref, CrdOutput out) throws ConfigException {
        ServiceReferences.Resolved r = services.resolve(owner.namespace(), ref, owner, null, out);
        if (!r.middlewares().isEmpty()) {
            throw ref.get("middlewares").error("middlewares on a member of a weighted, mirroring or failover service are "
                    + Unsupported.MARKER + " (there is no per-member chain)", "put the middlewares on the route instead");
        }
        if (r.loadBalancer() != null) {
            out.services.put(r.name(), new ServiceConfig(r.name(), r.loadBalancer().type(), r.loadBalancer().options(),
                    r.loadBalancer().source(), null));
        }
        return r.name();
    }

    private ServiceConfig mirroring(KubeResource ts, ConfigNode m, CrdOutput out) throws ConfigException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("service", member(ts, m, out));
        List<Map<String, Object>> mirrors = new ArrayList<>();
        for (ConfigNode mirror : m.get("mirrors").elements()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", member(ts, mirror, out));
            entry.put("percent", mirror.get("percent").integer(0));
            mirrors.add(entry);
        }
        options.put("mirrors", mirrors);
        if (m.has("mirrorBody")) {
            options.put("mirrorBody", m.get("mirrorBody").bool(true));
        }
        if (m.has("maxBodySize")) {
            options.put("maxBodySize", m.get("maxBodySize").integer(-1));
        }
        return ServiceConfig.of(null, "mirroring", ConfigNode.of(options, ts.describe(), m.path()), ts.describe());
    }

    private ServiceConfig failover(KubeResource ts, ConfigNode f, CrdOutput out) throws ConfigException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("service", member(ts, f.get("service"), out));
        options.put("fallback", member(ts, f.get("fallback"), out));
        if (f.get("errors").isObject()) {
            options.put("errors", f.get("errors").toPlain());
        }
        return ServiceConfig.of(null, "failover", ConfigNode.of(options, ts.describe(), f.path()), ts.describe());
    }
}
