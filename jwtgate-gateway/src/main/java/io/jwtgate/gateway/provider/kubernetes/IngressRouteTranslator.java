package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@code IngressRoute} as routers and services: one router per {@code routes[]} entry (named as
 * Traefik does), its {@code services[]} as one load balancer or, when several, a weighted service,
 * and {@code tls.secretName} as a certificate. A reference that cannot be satisfied disables the
 * router (503 with the reason) instead of serving it without its middleware or backend.
 */
final class IngressRouteTranslator {

    private static final Set<String> ROUTE_KEYS = Set.of("match", "kind", "priority", "services", "middlewares", "syntax", "observability");
    /** The keys of a {@code services[]} entry (Traefik's LoadBalancerSpec); also the {@code errors} Middleware's {@code service}. */
    static final Set<String> SERVICE_KEYS = Set.of("name", "port", "namespace", "weight", "kind", "scheme", "passHostHeader",
            "nativeLB", "serversTransport", "responseForwarding", "sticky", "strategy", "healthCheck");

    /** Traefik's LoadBalancerSpec keys jwtgate reads but does not apply yet: each one present is reported. */
    private static final List<String> UNAPPLIED_SERVICE_KEYS = List.of("serversTransport", "responseForwarding", "sticky", "strategy",
            "healthCheck");

    private final ResourceSet resources;
    private final ServiceResolver services;
    private final SecretStore secrets;
    private final boolean allowCrossNamespace;
    private final Consumer<String> warn;

    IngressRouteTranslator(ResourceSet resources, ServiceResolver services, SecretStore secrets, boolean allowCrossNamespace,
                           Consumer<String> warn) {
        this.resources = resources;
        this.services = services;
        this.secrets = secrets;
        this.allowCrossNamespace = allowCrossNamespace;
        this.warn = warn;
    }

    void translate(KubeResource ir, CrdOutput out) {
        ConfigNode spec = ir.spec();
        spec.warnUnknownKeys(Set.of("entryPoints", "routes", "tls", "parentRefs"), warn);
        if (spec.has("parentRefs")) {
            // Fail closed: a child route is only reachable through its parent (and the parent's middlewares) in Traefik.
            out.errors.add(spec.get("parentRefs").error("multi-layer routing (parentRefs) is not supported by jwtgate, so this"
                    + " IngressRoute's routes are not served (serving them without their parent's middlewares would bypass them)",
                    "merge the parent's match and middlewares into this IngressRoute's routes"));
            return;
        }
        boolean tls = spec.has("tls");
        String tlsOptions = null;
        ConfigException tlsOptionsError = null;
        if (tls) {
            certificate(ir, spec.get("tls"), out);
            try {
                tlsOptions = tlsOptions(ir, spec.get("tls").get("options"));
            } catch (ConfigException e) {
                tlsOptionsError = e;
                out.errors.add(e);
            }
        }
        List<ConfigNode> routes;
        List<String> entryPoints;
        try {
            entryPoints = spec.get("entryPoints").stringList();
            routes = spec.get("routes").elements();
            if (routes.isEmpty()) {
                throw spec.get("routes").error("has no routes", "add `routes: [{match: Path(`/x`), kind: Rule, services: [{name: svc, port: 80}]}]`");
            }
        } catch (ConfigException e) {
            out.errors.add(e);
            return;
        }
        for (ConfigNode route : routes) {
            route.warnUnknownKeys(ROUTE_KEYS, warn);
            String match;
            long priority;
            try {
                match = route.get("match").requiredString();
                priority = route.get("priority").integer(0);
                String kind = route.get("kind").string("Rule");
                if (!kind.equals("Rule")) {
                    throw route.get("kind").error("must be Rule, found '" + kind + "'", "write `kind: Rule`");
                }
                if (route.get("syntax").string("").equalsIgnoreCase("v2")) {
                    warn.accept(Unsupported.message(ir.describe(), route.get("syntax").path(), "v2: the match is read with Traefik v3's"
                            + " syntax (v2 matchers such as Headers, HostHeader and multi-argument Host are refused)"));
                }
                if (!route.get("observability").fields().isEmpty()) {
                    warn.accept(Unsupported.message(ir.describe(), route.get("observability").path(), "per-route access log, metrics and"
                            + " tracing switches are not applied; every route is logged and measured"));
                }
            } catch (ConfigException e) {
                out.errors.add(e);
                continue;
            }
            String name = CrdNames.route(ir.namespace(), ir.name(), match, priority);
            if (tlsOptionsError != null) {
                // Fail closed: the route is not served without the TLS options it names (Traefik drops it).
                out.routers.put(name, RouterConfig.broken(name, ir.describe(), tlsOptionsError));
                continue;
            }
            try {
                List<String> middlewares = middlewares(ir, route.get("middlewares"), out);
                String service = service(ir, name, route.get("services"), out);
                out.routers.put(name, new RouterConfig(name, match, entryPoints, middlewares, service, (int) priority, tls,
                        tlsOptions, ir.describe(), null));
            } catch (ConfigException e) {
                out.errors.add(e);
                out.routers.put(name, RouterConfig.broken(name, ir.describe(), e));
            }
        }
    }

    private List<String> middlewares(KubeResource ir, ConfigNode list, CrdOutput out) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (ConfigNode ref : list.elements()) {
            String name = ref.get("name").requiredString();
            if (name.contains("@")) {
                names.add(name); // a middleware of another provider, e.g. my-mw@file
                continue;
            }
            String namespace = ref.get("namespace").string(ir.namespace());
            if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
                throw ref.get("namespace").error("refers to Middleware " + namespace + "/" + name + " in another namespace",
                        "set providers.kubernetesCRD.allowCrossNamespace: true, or use a Middleware of namespace " + ir.namespace());
            }
            String qualified = CrdNames.qualified(namespace, name);
            if (resources.get(ResourceKind.MIDDLEWARE, namespace, name) == null && !out.middlewares.containsKey(qualified)) {
                // Fail closed: the routers using it answer 503 and say which Middleware is missing.
                out.middlewares.put(qualified, new MiddlewareConfig(qualified, null, ref, ir.describe(), ref.error(
                        "Middleware " + namespace + "/" + name + " does not exist",
                        "create it (kubectl get middlewares.traefik.io -n " + namespace + ") or remove it from the route")));
            }
            names.add(qualified);
        }
        return names;
    }

    /** Defines the route's service(s) and returns the name the router uses. */
    private String service(KubeResource ir, String routeName, ConfigNode list, CrdOutput out) throws ConfigException {
        List<ConfigNode> refs = list.elements();
        if (refs.isEmpty()) {
            throw list.error("has no services", "add `services: [{name: my-service, port: 80}]`");
        }
        List<Map<String, Object>> weighted = new ArrayList<>();
        for (ConfigNode ref : refs) {
            ref.warnUnknownKeys(SERVICE_KEYS, warn);
            for (String key : UNAPPLIED_SERVICE_KEYS) {
                if (ref.has(key)) {
                    warn.accept(Unsupported.message(ref.source(), ref.get(key).path(), "this IngressRoute service option is not"
                            + " applied: the service is a plain round-robin load balancer with the gateway's static serversTransport"));
                }
            }
            String kind = ref.get("kind").string("Service");
            if (!kind.equals("Service")) {
                throw ref.get("kind").error("'" + kind + "' services are not supported by jwtgate", "refer to a Kubernetes Service (kind: Service)");
            }
            String name = ref.get("name").requiredString();
            String namespace = ref.get("namespace").string(ir.namespace());
            if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
                throw ref.get("namespace").error("refers to Service " + namespace + "/" + name + " in another namespace",
                        "set providers.kubernetesCRD.allowCrossNamespace: true, or use a Service of namespace " + ir.namespace());
            }
            String lbName = CrdNames.service(namespace, name, ref.get("port").string(""));
            ServiceConfig resolved = services.resolve(lbName, namespace, ref, ir);
            if (resolved.error() != null) {
                out.errors.add(resolved.error());
            }
            out.services.put(lbName, resolved);
            weighted.add(Map.of("name", lbName, "weight", ref.get("weight").integer(1)));
        }
        if (weighted.size() == 1) {
            return (String) weighted.get(0).get("name");
        }
        out.services.put(routeName, ServiceConfig.of(routeName, "weighted",
                ConfigNode.of(Map.of("services", weighted), ir.describe(), list.path()), ir.describe()));
        return routeName;
    }

    /**
     * {@code tls.options: {name, namespace}}: a TLSOption of this namespace (or {@code namespace}, when
     * cross-namespace references are allowed), {@code <namespace>-<name>@kubernetescrd}; a name with
     * {@code @} names options of another provider as written, as Traefik's {@code resolveReference}.
     */
    private String tlsOptions(KubeResource ir, ConfigNode ref) throws ConfigException {
        if (ref.isMissing()) {
            return null;
        }
        ref.fields();
        ref.warnUnknownKeys(Set.of("name", "namespace"), warn);
        String name = ref.get("name").string("");
        if (name.isEmpty()) {
            return null;
        }
        if (name.contains("@")) {
            if (ref.has("namespace")) {
                warn.accept(ir.describe() + ": " + ref.get("namespace").path() + ": ignored for options of another provider (" + name + ")");
            }
            return name;
        }
        String namespace = ref.get("namespace").string("");
        if (namespace.isEmpty()) {
            namespace = ir.namespace();
        }
        if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
            throw ref.get("namespace").error("refers to TLSOption " + namespace + "/" + name + " in another namespace",
                    "set providers.kubernetesCRD.allowCrossNamespace: true, or use a TLSOption of namespace " + ir.namespace());
        }
        return CrdNames.qualified(namespace, name);
    }

    private void certificate(KubeResource ir, ConfigNode tls, CrdOutput out) {
        tls.warnUnknownKeys(Set.of("secretName", "domains", "options"), warn);
        try {
            String secretName = tls.get("secretName").string(null);
            if (secretName == null) {
                return; // the default certificate
            }
            Map<String, String> values = secrets.values(ir.namespace(), secretName);
            if (values == null) {
                throw tls.get("secretName").error("Secret " + ir.namespace() + "/" + secretName + " does not exist",
                        "create a kubernetes.io/tls Secret there (kubectl -n " + ir.namespace() + " create secret tls " + secretName
                                + " --cert=... --key=...); until then the default certificate is served");
            }
            String cert = values.get("tls.crt");
            String key = values.get("tls.key");
            if (cert == null || key == null || !cert.contains("-----BEGIN") || !key.contains("-----BEGIN")) {
                throw tls.get("secretName").error("Secret " + ir.namespace() + "/" + secretName + " has no PEM tls.crt and tls.key",
                        "use a kubernetes.io/tls Secret with both keys");
            }
            out.certificates.put(ir.namespace() + "/" + secretName, new CertificateConfig(cert, key, "Secret " + ir.namespace() + "/" + secretName));
        } catch (ConfigException e) {
            out.errors.add(e);
        }
    }
}
