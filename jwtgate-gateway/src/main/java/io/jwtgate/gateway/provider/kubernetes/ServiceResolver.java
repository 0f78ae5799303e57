package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the servers of a Service referenced by an IngressRoute, in this order:
 * <ol>
 *   <li>{@code providers.kubernetesCRD.serviceAddresses} ({@code namespace/name:port}), for running outside a cluster;</li>
 *   <li>the Service's cluster DNS name {@code <scheme>://<name>.<namespace>.svc:<port>} when {@code nativeLB} is asked for;</li>
 *   <li>the ready endpoints of the Service's EndpointSlices (pod addresses), as Traefik does;</li>
 *   <li>the cluster DNS name when no EndpointSlice of the Service is known (e.g. manifests without them).</li>
 * </ol>
 * A Service that does not exist, has no such port, or has EndpointSlices with no ready endpoint
 * becomes a broken service: routes to it answer 503 with the reason.
 */
public final class ServiceResolver {

    private final ResourceSet resources;
    private final KubernetesCrdConfig config;

    public ServiceResolver(ResourceSet resources, KubernetesCrdConfig config) {
        this.resources = resources;
        this.config = config;
    }

    /**
     * @param name      the load balancer's qualified name
     * @param namespace the namespace the reference resolves in
     * @param ref       the {@code services[]} entry of the route
     * @param route     the IngressRoute, for error messages
     */
    public ServiceConfig resolve(String name, String namespace, ConfigNode ref, KubeResource route) {
        try {
            // The options a file provider would hold: {servers: [{url}], passHostHeader}.
            List<Map<String, Object>> servers = servers(namespace, ref, route).stream()
                    .map(u -> Map.<String, Object>of("url", u.toString(), "weight", 1)).toList();
            Map<String, Object> options = Map.of("servers", servers, "passHostHeader", ref.get("passHostHeader").bool(true));
            return ServiceConfig.of(name, "loadBalancer", ConfigNode.of(options, route.describe(), ref.path()), route.describe());
        } catch (ConfigException e) {
            return ServiceConfig.broken(name, route.describe(), e);
        }
    }

    private List<URI> servers(String namespace, ConfigNode ref, KubeResource route) throws ConfigException {
        String service = ref.get("name").requiredString();
        String port = ref.get("port").string(null);
        List<URI> mapped = port == null ? null : config.serviceAddresses().get(namespace + "/" + service + ":" + port);
        KubeResource svc = resources.get(ResourceKind.SERVICE, namespace, service);
        ConfigNode servicePort = svc == null ? null : port(svc, port, ref);
        if (mapped == null && servicePort != null) {
            for (String alias : List.of(servicePort.get("port").string(""), servicePort.get("name").string(""))) {
                mapped = mapped != null ? mapped : config.serviceAddresses().get(namespace + "/" + service + ":" + alias);
            }
        }
        if (mapped != null) {
            return mapped;
        }
        if (svc == null) {
            throw ref.error("Service " + namespace + "/" + service + " does not exist",
                    "create it, or outside a cluster map it in the static configuration: providers.kubernetesCRD.serviceAddresses: {\""
                            + namespace + "/" + service + ":" + (port == null ? "80" : port) + "\": \"http://127.0.0.1:9000\"}");
        }
        if ("ExternalName".equals(svc.spec().get("type").string(""))) {
            throw ref.error("Service " + svc.id() + " is of type ExternalName, which jwtgate does not follow",
                    "map it under providers.kubernetesCRD.serviceAddresses, or use a Service with a selector");
        }
        int number = (int) servicePort.get("port").integer(0);
        String scheme = ref.get("scheme").string(number == 443 || servicePort.get("name").string("").startsWith("https") ? "https" : "http");
        if (ref.get("nativeLB").bool(config.nativeLBByDefault())) {
            return List.of(URI.create(scheme + "://" + service + "." + namespace + ".svc:" + number));
        }
        List<KubeResource> slices = resources.endpointSlices(namespace, service);
        if (slices.isEmpty()) {
            return List.of(URI.create(scheme + "://" + service + "." + namespace + ".svc:" + number));
        }
        Set<String> urls = new LinkedHashSet<>();
        for (KubeResource slice : slices) {
            Integer slicePort = slicePort(slice.object(), servicePort);
            if (slicePort == null) {
                continue;
            }
            for (ConfigNode endpoint : slice.object().get("endpoints").elements()) {
                if (!endpoint.get("conditions").get("ready").bool(true)) {
                    continue;
                }
                for (ConfigNode address : endpoint.get("addresses").elements()) {
                    String host = address.string("");
                    urls.add(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + slicePort);
                }
            }
        }
        if (urls.isEmpty()) {
            throw ref.error("Service " + svc.id() + " has no ready endpoint for port " + number + " (EndpointSlices: "
                    + slices.stream().map(KubeResource::name).toList() + ")", "wait for its pods to become ready, or check its selector");
        }
        return urls.stream().map(URI::create).toList();
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
