package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code services[]} entry of kind Service (Traefik's LoadBalancerSpec) as the load balancer a
 * file would hold: {@code servers}, {@code passHostHeader}, {@code strategy},
 * {@code responseForwarding}, {@code sticky}, {@code healthCheck}, {@code serversTransport}, as
 * Traefik's {@code buildServersLB}. Servers come, in this order, from
 * <ol>
 *   <li>{@code providers.kubernetesCRD.serviceAddresses} ({@code namespace/name:port}), for running outside a cluster;</li>
 *   <li>an ExternalName Service's external name, when {@code allowExternalNameServices} is set (Traefik);</li>
 *   <li>the Service's cluster DNS name {@code <scheme>://<name>.<namespace>.svc:<port>} when {@code nativeLB} is asked for;</li>
 *   <li>the serving endpoints of the Service's EndpointSlices (pod addresses), as Traefik does;</li>
 *   <li>the cluster DNS name when no EndpointSlice of the Service is known (manifests without them: extension).</li>
 * </ol>
 * A Service that does not exist, has no such port, or has no serving endpoint (unless
 * {@code allowEmptyServices}) becomes a broken service: routes to it answer 503 with the reason.
 */
public final class ServiceResolver {

    /** Marks a terminating endpoint's URL inside {@link #servers} (a prefix no URL has). */
    private static final String FENCED = "fenced ";

    private final ResourceSet resources;
    private final KubernetesCrdConfig config;

    public ServiceResolver(ResourceSet resources, KubernetesCrdConfig config) {
        this.resources = resources;
        this.config = config;
    }

    /**
     * @param name      the load balancer's qualified name
     * @param namespace the namespace the reference resolves in
     * @param ref       the {@code services[]} entry
     * @param route     the resource holding it, for error messages
     */
    public ServiceConfig resolve(String name, String namespace, ConfigNode ref, KubeResource route) {
        try {
            return ServiceConfig.of(name, "loadBalancer", ConfigNode.of(options(namespace, ref), route.describe(), ref.path()),
                    route.describe());
        } catch (ConfigException e) {
            return ServiceConfig.broken(name, route.describe(), e);
        }
    }

    private Map<String, Object> options(String namespace, ConfigNode ref) throws ConfigException {
        Map<String, Object> lb = new LinkedHashMap<>();
        String strategy = ref.get("strategy").string("");
        switch (strategy) {
            case "", "RoundRobin" -> { } // RoundRobin: Traefik's deprecated spelling of the default, wrr
            case "wrr", "p2c", "hrw", "leasttime" -> lb.put("strategy", strategy);
            default -> throw ref.get("strategy").error("load-balancer strategy '" + strategy + "' is not supported",
                    "write wrr, p2c, hrw or leasttime");
        }
        List<Map<String, Object>> servers = new ArrayList<>();
        for (String url : servers(namespace, ref)) {
            // A terminating endpoint is "fenced" (Traefik: it keeps its sticky sessions but gets no new ones).
            servers.add(url.startsWith(FENCED) ? Map.of("url", url.substring(FENCED.length()), "fenced", true) : Map.of("url", url));
        }
        lb.put("servers", servers);
        if (ref.has("passHostHeader")) {
            lb.put("passHostHeader", ref.get("passHostHeader").bool(true));
        }
        String flush = ref.get("responseForwarding").get("flushInterval").string("");
        if (!flush.isEmpty()) {
            ref.get("responseForwarding").get("flushInterval").duration(null); // refused when it is not a duration, as Traefik
            lb.put("responseForwarding", Map.of("flushInterval", flush));
        }
        ConfigNode cookie = ref.get("sticky").get("cookie");
        if (cookie.isObject()) {
            lb.put("sticky", Map.of("cookie", cookie(cookie)));
        }
        if (ref.get("healthCheck").isObject()) {
            lb.put("healthCheck", ref.get("healthCheck").toPlain());
        }
        if (ref.get("passiveHealthCheck").isObject()) {
            lb.put("passiveHealthCheck", ref.get("passiveHealthCheck").toPlain());
        }
        String transport = ref.get("serversTransport").string("");
        if (!transport.isEmpty()) {
            lb.put("serversTransport", serversTransport(namespace, transport, ref.get("serversTransport")));
        }
        return lb;
    }

    /** {@code sticky.cookie} as Traefik's dynamic Cookie: the fields written, {@code path} defaulting to {@code /}. */
    static Map<String, Object> cookie(ConfigNode cookie) throws ConfigException {
        cookie.warnUnknownKeys(Set.of("name", "secure", "httpOnly", "sameSite", "maxAge", "path", "domain"), m -> { });
        @SuppressWarnings("unchecked")
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) cookie.toPlain());
        out.putIfAbsent("path", "/");
        return out;
    }

    /**
     * {@code serversTransport}: a ServersTransport of the route's namespace ({@code namespace-name@kubernetescrd}),
     * or {@code name@provider} as written; {@code name@kubernetescrd} is refused without allowCrossNamespace
     * (it could name another namespace's transport), as Traefik's {@code makeServersTransportKey}.
     */
    private String serversTransport(String namespace, String name, ConfigNode at) throws ConfigException {
        if (!name.contains("@")) {
            return CrdNames.qualified(namespace, name);
        }
        if (!config.allowCrossNamespace() && name.endsWith("@" + CrdNames.PROVIDER)) {
            throw at.error("'" + name + "': the namespace-name@kubernetescrd form is refused when cross-namespace references are not allowed",
                    "name the ServersTransport of this namespace without @, or set providers.kubernetesCRD.allowCrossNamespace: true");
        }
        return name;
    }

    private List<String> servers(String namespace, ConfigNode ref) throws ConfigException {
        String service = ref.get("name").requiredString();
        String port = ref.get("port").string(null);
        KubeResource svc = resources.get(ResourceKind.SERVICE, namespace, service);
        List<java.net.URI> mapped = port == null ? null : config.serviceAddresses().get(namespace + "/" + service + ":" + port);
        ConfigNode servicePort = svc == null ? null : port(svc, port, ref);
        if (mapped == null && servicePort != null) {
            for (String alias : List.of(servicePort.get("port").string(""), servicePort.get("name").string(""))) {
                mapped = mapped != null ? mapped : config.serviceAddresses().get(namespace + "/" + service + ":" + alias);
            }
        }
        if (mapped != null) {
            return mapped.stream().map(Object::toString).toList();
        }
        if (svc == null) {
            throw ref.error("Service " + namespace + "/" + service + " does not exist",
                    "create it, or outside a cluster map it in the static configuration: providers.kubernetesCRD.serviceAddresses: {\""
                            + namespace + "/" + service + ":" + (port == null ? "80" : port) + "\": \"http://127.0.0.1:9000\"}");
        }
        boolean externalName = "ExternalName".equals(svc.spec().get("type").string(""));
        if (!externalName && ref.has("healthCheck")) {
            throw ref.get("healthCheck").error("is allowed only for ExternalName services (Traefik checks the pods through Kubernetes)",
                    "remove it, and give the pods a readiness probe");
        }
        int number = (int) servicePort.get("port").integer(0);
        String scheme = scheme(ref, servicePort.get("name").string(""), number);
        if (externalName) {
            if (!config.allowExternalNameServices()) {
                throw ref.error("Service " + svc.id() + " is of type ExternalName, which is not allowed",
                        "set providers.kubernetesCRD.allowExternalNameServices: true (as in Traefik)");
            }
            return List.of(scheme + "://" + hostPort(svc.spec().get("externalName").requiredString(), number));
        }
        if (ref.get("nativeLB").bool(config.nativeLBByDefault())) {
            String clusterIp = svc.spec().get("clusterIP").string("");
            if (clusterIp.isEmpty() || clusterIp.equals("None")) {
                // Traefik refuses a headless Service here; without a ClusterIP, manifests without one use the cluster DNS name.
                if (clusterIp.equals("None")) {
                    throw ref.get("nativeLB").error("Service " + svc.id() + " is headless (clusterIP: None): it has no address to balance to",
                            "remove nativeLB, so that its endpoints are used");
                }
                return List.of(scheme + "://" + service + "." + namespace + ".svc:" + number);
            }
            return List.of(scheme + "://" + hostPort(clusterIp, number));
        }
        List<KubeResource> slices = resources.endpointSlices(namespace, service);
        if (slices.isEmpty() && resources.all(ResourceKind.ENDPOINT_SLICE).isEmpty()) {
            // Manifests without any EndpointSlice (no cluster): the cluster DNS name (extension).
            return List.of(scheme + "://" + service + "." + namespace + ".svc:" + number);
        }
        Set<String> addresses = new LinkedHashSet<>();
        List<String> urls = new ArrayList<>();
        for (KubeResource slice : slices) {
            Integer slicePort = slicePort(slice.object(), servicePort);
            if (slicePort == null || slicePort == 0) {
                continue;
            }
            for (ConfigNode endpoint : slice.object().get("endpoints").elements()) {
                ConfigNode conditions = endpoint.get("conditions");
                // Traefik: serving (ready, or terminating) endpoints receive traffic; without the serving condition
                // (manifests written by hand), ready decides (fail closed: a not-ready pod gets nothing).
                if (!(conditions.has("serving") ? conditions.get("serving").bool(true) : conditions.get("ready").bool(true))) {
                    continue;
                }
                boolean terminating = endpoint.get("conditions").get("terminating").bool(false);
                for (ConfigNode address : endpoint.get("addresses").elements()) {
                    String host = address.string("");
                    // Traefik keys on the address alone; host:port keeps two slices of one pod IP apart (same result in a cluster).
                    if (addresses.add(hostPort(host, slicePort))) {
                        urls.add((terminating ? FENCED : "") + scheme + "://" + hostPort(host, slicePort));
                    }
                }
            }
        }
        if (urls.isEmpty() && !config.allowEmptyServices()) {
            throw ref.error("no servers found for " + svc.id() + " (no serving endpoint for port " + number + " in EndpointSlices "
                    + slices.stream().map(KubeResource::name).toList() + ")",
                    "wait for its pods to become ready, check its selector, or set providers.kubernetesCRD.allowEmptyServices: true");
        }
        return urls;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Traefik's parseServiceProtocol: the scheme written, else https for port 443 or a port named https*, else http. */
    private static String scheme(ConfigNode ref, String portName, int port) throws ConfigException {
        String scheme = ref.get("scheme").string("");
        return switch (scheme) {
            case "http", "https", "h2c" -> scheme;
            case "" -> port == 443 || portName.startsWith("https") ? "https" : "http";
            default -> throw ref.get("scheme").error("invalid scheme '" + scheme + "'", "write http, https or h2c");
        };
    }

    /** The Service's port named or numbered {@code port}; the only port when {@code port} is not given. */
    private static ConfigNode port(KubeResource svc, String port, ConfigNode ref) throws ConfigException {
        List<ConfigNode> ports = svc.spec().get("ports").elements();
        if (port == null) {
            if (ports.size() == 1) {
                return ports.get(0);
            }
            throw ref.get("port").error("is required: Service " + svc.id() + " has " + ports.size() + " ports", "set port to one of " + describe(ports));
        }
        for (ConfigNode p : ports) {
            if (port.equals(p.get("port").string(null)) || port.equals(p.get("name").string(null))) {
                return p;
            }
        }
        if ("ExternalName".equals(svc.spec().get("type").string("")) && port.matches("\\d+")) {
            return ConfigNode.of(Map.of("port", Integer.parseInt(port)), svc.describe(), "spec.ports"); // Traefik: any port of an ExternalName
        }
        throw ref.get("port").error("Service " + svc.id() + " has no port '" + port + "'", "use one of " + describe(ports));
    }

    private static String describe(List<ConfigNode> ports) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode p : ports) {
            String name = p.get("name").string(null);
            out.add(p.get("port").string("?") + (name == null ? "" : " (" + name + ")"));
        }
        return out.toString();
    }

    /** The slice's port for the Service port: matched by name (an unnamed Service port matches an unnamed slice port). */
    private static Integer slicePort(ConfigNode slice, ConfigNode servicePort) throws ConfigException {
        String wanted = servicePort.get("name").string("");
        for (ConfigNode p : slice.get("ports").elements()) {
            if (Objects.equals(wanted, p.get("name").string(""))) {
                return (int) p.get("port").integer(0);
            }
        }
        return null;
    }
}
