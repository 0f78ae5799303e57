package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * One reference to a service (a LoadBalancerSpec: an IngressRoute's {@code services[]} entry, a
 * TraefikService's weighted, mirroring or failover member, an errors Middleware's service) resolved
 * as Traefik's {@code nameAndService}: a Kubernetes Service becomes a load balancer of its own, a
 * {@code kind: TraefikService} is named. Cross-namespace references are refused unless
 * {@code allowCrossNamespace}.
 */
final class ServiceReferences {

    /**
     * @param name        the service's qualified name
     * @param loadBalancer the Kubernetes Service's load balancer (to be defined under {@code name}), or null for a TraefikService
     * @param middlewares the reference's own {@code middlewares} (Traefik's service-level middlewares), qualified
     */
    record Resolved(String name, ServiceConfig loadBalancer, List<String> middlewares) {}

    private final ServiceResolver resolver;
    private final MiddlewareReferences middlewareRefs;
    private final boolean allowCrossNamespace;

    ServiceReferences(ServiceResolver resolver, MiddlewareReferences middlewareRefs, boolean allowCrossNamespace) {
        this.resolver = resolver;
        this.middlewareRefs = middlewareRefs;
        this.allowCrossNamespace = allowCrossNamespace;
    }

    /**
     * @param parentNamespace the namespace of the resource holding the reference
     * @param lbName          the name the load balancer gets when the reference is a Kubernetes Service; null for Traefik's
     *                        {@code namespace-service-port}
     * @throws ConfigException when the reference cannot be satisfied (the whole route or TraefikService is then not served, as in Traefik)
     */
    Resolved resolve(String parentNamespace, ConfigNode ref, KubeResource owner, String lbName, CrdOutput out) throws ConfigException {
        ref.fields();
        String name = ref.get("name").requiredString();
        String namespace = ref.get("namespace").string("");
        if (namespace.isEmpty()) {
            namespace = parentNamespace;
        }
        if (!name.contains("@") && !namespace.equals(parentNamespace) && !allowCrossNamespace) {
            throw ref.get("namespace").error("refers to service " + namespace + "/" + name + " in another namespace than " + parentNamespace,
                    "set providers.kubernetesCRD.allowCrossNamespace: true, or refer to a service of namespace " + parentNamespace);
        }
        List<String> middlewares = new ArrayList<>();
        for (ConfigNode m : ref.get("middlewares").elements()) {
            middlewares.add(middlewareRefs.resolve(parentNamespace, m, owner, out));
        }
        String kind = ref.get("kind").string("Service");
        switch (kind) {
            case "", "Service" -> {
                String port = ref.get("port").string("");
                String qualified = lbName != null ? lbName : CrdNames.service(namespace, name, port);
                ServiceConfig lb = resolver.resolve(qualified, namespace, ref, owner);
                if (lb.error() != null) {
                    throw lb.error();
                }
                return new Resolved(qualified, lb, middlewares);
            }
            case "TraefikService" -> {
                return new Resolved(CrdNames.traefikService(namespace, name), null, middlewares);
            }
            default -> throw ref.get("kind").error("unsupported service kind '" + kind + "'", "write kind: Service or kind: TraefikService");
        }
    }
}
