package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@code IngressRoute} as routers and services, named as Traefik's CRD provider names them: one
 * router per {@code routes[]} entry ({@link CrdNames#route}); one Kubernetes Service becomes a load
 * balancer named after the router, several become a weighted service named after the router whose
 * members are {@code namespace-service-port}; a TraefikService is referred to by its own name.
 * {@code tls.secretName} becomes a certificate; {@code tls.certResolver} and {@code tls.domains} go to each router, for
 * the ACME resolvers, as in the file provider. A route whose references cannot be satisfied is
 * not served (Traefik drops it; jwtgate keeps it as a disabled router that answers 503 and says why).
 */
final class IngressRouteTranslator {

    private static final Set<String> ROUTE_KEYS = Set.of("match", "kind", "priority", "services", "middlewares", "syntax", "observability");
    /** The keys of a {@code services[]} entry (Traefik's LoadBalancerSpec); also the {@code errors} Middleware's {@code service}. */
    static final Set<String> SERVICE_KEYS = Set.of("name", "port", "namespace", "weight", "kind", "scheme", "passHostHeader",
            "nativeLB", "nodePortLB", "serversTransport", "responseForwarding", "sticky", "strategy", "healthCheck",
            "passiveHealthCheck", "middlewares", "percent");
    /** Traefik's default ingress class: an IngressRoute naming it is read when the provider names none. */
    private static final String DEFAULT_CLASS = "traefik";

    private final ResourceSet resources;
    private final ServiceReferences services;
    private final MiddlewareReferences middlewares;
    private final SecretStore secrets;
    private final boolean allowCrossNamespace;
    private final String ingressClass;
    private final Consumer<String> warn;

    IngressRouteTranslator(ResourceSet resources, ServiceReferences services, MiddlewareReferences middlewares, SecretStore secrets,
                           boolean allowCrossNamespace, String ingressClass, Consumer<String> warn) {
        this.resources = resources;
        this.services = services;
        this.middlewares = middlewares;
        this.secrets = secrets;
        this.allowCrossNamespace = allowCrossNamespace;
        this.ingressClass = ingressClass == null ? "" : ingressClass;
        this.warn = warn;
    }

    /** Traefik's shouldProcessIngress: the classes are equal, or the provider names none and the route names {@code traefik}. */
    boolean selected(KubeResource ir) throws ConfigException {
        String written = ir.spec().get("ingressClassName").string(null);
        if (written == null) {
            written = ir.object().get("metadata").get("annotations").get("kubernetes.io/ingress.class").string("");
        }
        return ingressClass.equals(written) || (ingressClass.isEmpty() && written.equals(DEFAULT_CLASS));
    }

    void translate(KubeResource ir, CrdOutput out) {
        ConfigNode spec = ir.spec();
        try {
            if (!selected(ir)) {
                return;
            }
        } catch (ConfigException e) {
            out.errors.add(e);
            return;
        }
        spec.warnUnknownKeys(Set.of("entryPoints", "routes", "tls", "parentRefs", "ingressClassName"), warn);
        List<String> parents;
        try {
            parents = parentRouters(ir, spec.get("parentRefs"));
        } catch (ConfigException e) {
            out.errors.add(e); // as Traefik: the IngressRoute is skipped
            return;
        }
        boolean tls = spec.has("tls");
        String tlsOptions = null;
        String certResolver = null;
        List<TlsDomain> domains = List.of();
        ConfigException tlsOptionsError = null;
        if (tls) {
            ConfigNode tlsNode = spec.get("tls");
            tlsNode.warnUnknownKeys(Set.of("secretName", "domains", "options", "certResolver", "store"), warn);
            certificate(ir, tlsNode, out);
            try {
                tlsOptions = tlsOptions(ir, tlsNode.get("options"));
                // As the file provider: the resolver obtains certificates for tls.domains, else for the rule's Host names.
                String resolver = tlsNode.get("certResolver").string("");
                certResolver = resolver.isEmpty() ? null : resolver;
                domains = TlsDomain.parseList(tlsNode.get("domains"), warn);
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
        } catch (ConfigException e) {
            out.errors.add(e);
            return;
        }
        for (ConfigNode route : routes) {
            route.warnUnknownKeys(ROUTE_KEYS, warn);
            String match;
            long priority;
            try {
                match = route.get("match").string("");
                String kind = route.get("kind").string("");
                if (!kind.isEmpty() && !kind.equals("Rule")) {
                    throw route.get("kind").error("unsupported match kind '" + kind + "'", "write `kind: Rule` (the only kind Traefik has)");
                }
                if (match.isEmpty()) {
                    throw route.get("match").error("empty match rule", "write a rule, e.g. match: Host(`example.com`)");
                }
                priority = route.get("priority").integer(0);
                if (!route.get("observability").fields().isEmpty()) {
                    warn.accept(Unsupported.message(ir.describe(), route.get("observability").path(), "per-route access log, metrics and"
                            + " tracing switches are not applied; every route is logged and measured"));
                }
            } catch (ConfigException e) {
                out.errors.add(e);
                continue;
            }
            String name = CrdNames.route(ir.namespace(), ir.name(), match);
            try {
                List<String> chain = new ArrayList<>();
                for (ConfigNode ref : route.get("middlewares").elements()) {
                    chain.add(middlewares.resolve(ir.namespace(), ref, ir, out));
                }
                String service = service(ir, name, route.get("services"), chain, out);
                if (tlsOptionsError != null) {
                    // Fail closed: the route is not served without the TLS options it names (Traefik drops it, keeping its service).
                    throw tlsOptionsError;
                }
                String syntax = route.get("syntax").string("");
                out.routers.put(name, new RouterConfig(name, match, entryPoints, chain, service, (int) priority, tls,
                        tlsOptions, ir.describe(), null, syntax.isEmpty() ? null : syntax, parents, certResolver, domains));
            } catch (ConfigException e) {
                if (e != tlsOptionsError) {
                    out.errors.add(e);
                }
                out.routers.put(name, RouterConfig.broken(name, ir.describe(), e));
            }
        }
    }

    /**
     * Multi-layer routing, as Traefik's {@code resolveParentRouterNames}: every route of each parent
     * IngressRoute (its namespace by default) is a parent router of this one's routes. A parent that
     * does not exist, or in another namespace without {@code allowCrossNamespace}, skips this IngressRoute.
     */
    private List<String> parentRouters(KubeResource ir, ConfigNode refs) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (ConfigNode ref : refs.elements()) {
            String name = ref.get("name").requiredString();
            String namespace = ref.get("namespace").string("");
            namespace = namespace.isEmpty() ? ir.namespace() : namespace;
            if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
                throw ref.get("namespace").error("cross-namespace reference to parent IngressRoute " + namespace + "/" + name
                        + " is not allowed, so this IngressRoute's routes are not served", "set providers.kubernetesCRD.allowCrossNamespace: true");
            }
            KubeResource parent = resources.get(ResourceKind.INGRESS_ROUTE, namespace, name);
            if (parent == null) {
                throw ref.error("parent IngressRoute " + namespace + "/" + name + " does not exist, so this IngressRoute's routes are"
                        + " not served", "create the parent, or remove parentRefs");
            }
            for (ConfigNode route : parent.spec().get("routes").elements()) {
                names.add(CrdNames.route(parent.namespace(), parent.name(), route.get("match").string("")));
            }
        }
        return names;
    }

    /**
     * Defines the route's service(s) and returns the name the router uses. One Kubernetes Service's
     * service-level middlewares join the router's chain (after the router's own, where Traefik runs
     * them); on a weighted member they are refused, since jwtgate has no per-member chain.
     */
    private String service(KubeResource ir, String routeName, ConfigNode list, List<String> chain, CrdOutput out) throws ConfigException {
        List<ConfigNode> refs = list.elements();
        if (refs.isEmpty()) {
            return null; // a parent of multi-layer routing; one without children is reported by the router tree
        }
        for (ConfigNode ref : refs) {
            ref.warnUnknownKeys(SERVICE_KEYS, warn);
            if (ref.get("nodePortLB").bool(false)) {
                throw ref.get("nodePortLB").error("NodePort load balancing (nodePortLB) is " + Unsupported.MARKER
                        + " (jwtgate does not read Nodes)", "remove nodePortLB to balance over the Service's endpoints");
            }
        }
        try {
            return resolveServices(ir, routeName, list, refs, chain, out);
        } catch (ConfigException e) {
            // Traefik drops the route; jwtgate keeps it on a disabled service, so that it answers 503 and says why.
            out.errors.add(e);
            out.services.put(routeName, ServiceConfig.broken(routeName, ir.describe(), e));
            return routeName;
        }
    }

    private String resolveServices(KubeResource ir, String routeName, ConfigNode list, List<ConfigNode> refs, List<String> chain,
                                   CrdOutput out) throws ConfigException {
        if (refs.size() == 1) {
            ServiceReferences.Resolved one = services.resolve(ir.namespace(), refs.get(0), ir, routeName, out);
            chain.addAll(one.middlewares());
            if (!one.middlewares().isEmpty()) {
                out.serviceMiddlewares.put(routeName, one.middlewares());
            }
            if (one.loadBalancer() == null) {
                return one.name();
            }
            out.services.put(routeName, one.loadBalancer());
            return routeName;
        }
        ServiceConfig weighted = TraefikServiceTranslator.weighted(ir, ir.namespace(), list, null, services, out);
        out.services.put(routeName, new ServiceConfig(routeName, weighted.type(), weighted.options(), ir.describe(), null));
        return routeName;
    }

    /**
     * {@code tls.options: {name, namespace}}: a TLSOption of this namespace (or {@code namespace}, when
     * cross-namespace references are allowed), {@code <namespace>-<name>@kubernetescrd}; a name with
     * {@code @} names options of another provider as written, as Traefik's {@code resolveReference}.
     */
    String tlsOptions(KubeResource ir, ConfigNode ref) throws ConfigException {
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
            if (!allowCrossNamespace && name.endsWith("@" + CrdNames.PROVIDER)) {
                throw ref.get("name").error("'" + name + "': @kubernetescrd references are refused when cross-namespace references are not"
                        + " allowed", "name the TLSOption without @kubernetescrd, or set providers.kubernetesCRD.allowCrossNamespace: true");
            }
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

    /** {@code tls.secretName} as a certificate (IngressRoute and IngressRouteTCP: the keys of {@code tls} are checked by the caller). */
    void certificate(KubeResource ir, ConfigNode tls, CrdOutput out) {
        try {
            String secretName = tls.get("secretName").string(null);
            if (secretName == null || secretName.isEmpty()) {
                return; // the default certificate
            }
            CertificateConfig cert = TlsStoreTranslator.certificate(secrets, ir.namespace(), secretName, tls.get("secretName"));
            out.certificates.putIfAbsent(ir.namespace() + "/" + secretName, cert);
        } catch (ConfigException e) {
            out.errors.add(e);
        }
    }
}
