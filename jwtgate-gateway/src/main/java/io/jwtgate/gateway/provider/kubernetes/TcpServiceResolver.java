package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code host:port} servers of an IngressRouteTCP {@code services[]} entry, as Traefik's
 * {@code loadTCPServers}: from {@code providers.kubernetesCRD.serviceAddresses} (outside a cluster:
 * the URL's host and port), an ExternalName Service's name, the ClusterIP ({@code nativeLB}), or the
 * ready endpoints of the Service's EndpointSlices; the cluster DNS name when no EndpointSlice is known
 * at all (manifests without them: extension, as for IngressRoute). Unlike an IngressRoute's, the
 * port is required and an endpoint counts only when {@code ready} is true (Traefik's TCP rules).
 */
final class TcpServiceResolver {

    private final ResourceSet resources;
    private final KubernetesCrdConfig config;

    TcpServiceResolver(ResourceSet resources, KubernetesCrdConfig config) {
        this.resources = resources;
        this.config = config;
    }

    /** @param namespace the namespace the reference resolves in (already checked against allowCrossNamespace) */
    List<String> servers(String namespace, ConfigNode ref) throws ConfigException {
        String name = ref.get("name").requiredString();
        String port = ref.get("port").string("");
        if (port.isEmpty() || port.equals("0")) {
            throw ref.get("port").error("is required for a TCP service", "name the Service's port, by number or name");
        }
        KubeResource svc = resources.get(ResourceKind.SERVICE, namespace, name);
        ConfigNode servicePort = svc == null ? null : port(svc, port, ref);
        List<URI> mapped = config.serviceAddresses().get(namespace + "/" + name + ":" + port);
        if (mapped == null && servicePort != null) {
            for (String alias : List.of(servicePort.get("port").string(""), servicePort.get("name").string(""))) {
                mapped = mapped != null ? mapped : config.serviceAddresses().get(namespace + "/" + name + ":" + alias);
            }
        }
        if (mapped != null) {
            return mapped.stream().map(u -> hostPort(u.getHost(), u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80))
                    .toList();
        }
        if (svc == null) {
            throw ref.error("Service " + namespace + "/" + name + " does not exist", "create it, or outside a cluster map it in the static"
                    + " configuration: providers.kubernetesCRD.serviceAddresses: {\"" + namespace + "/" + name + ":" + port
                    + "\": \"http://127.0.0.1:5432\"} (for TCP only the host and port are used)");
        }
        String type = svc.spec().get("type").string("");
        int number = (int) servicePort.get("port").integer(0);
        if (type.equals("ExternalName")) {
            if (!config.allowExternalNameServices()) {
                throw ref.error("Service " + svc.id() + " is of type ExternalName, which is not allowed",
                        "set providers.kubernetesCRD.allowExternalNameServices: true (as in Traefik)");
            }
            return List.of(hostPort(svc.spec().get("externalName").requiredString(), number));
        }
        if (type.equals("NodePort") && ref.get("nodePortLB").bool(false)) {
            throw ref.get("nodePortLB").error("NodePort load balancing (nodePortLB) is " + Unsupported.MARKER + " (jwtgate does not read"
                    + " Nodes)", "remove nodePortLB to balance over the Service's endpoints");
        }
        if (ref.get("nativeLB").bool(config.nativeLBByDefault())) {
            String clusterIp = svc.spec().get("clusterIP").string("");
            if (clusterIp.equals("None")) {
                throw ref.get("nativeLB").error("Service " + svc.id() + " is headless (clusterIP: None): it has no address to balance to",
                        "remove nativeLB, so that its endpoints are used");
            }
            // Traefik refuses a Service without a ClusterIP; manifests without one (no cluster) use the cluster DNS name.
            return List.of(clusterIp.isEmpty() ? hostPort(name + "." + namespace + ".svc", number) : hostPort(clusterIp, number));
        }
        List<KubeResource> slices = resources.endpointSlices(namespace, name);
        if (slices.isEmpty() && resources.all(ResourceKind.ENDPOINT_SLICE).isEmpty()) {
            return List.of(hostPort(name + "." + namespace + ".svc", number));
        }
        String portName = servicePort.get("name").string(null);
        Set<String> addresses = new LinkedHashSet<>();
        List<String> servers = new ArrayList<>();
        for (KubeResource slice : slices) {
            int slicePort = 0;
            for (ConfigNode p : slice.object().get("ports").elements()) {
                // Traefik: the slice port whose name equals the Service port's (a slice port without a name matches nothing).
                if (p.has("name") && p.get("name").string("").equals(portName == null ? "" : portName)) {
                    slicePort = (int) p.get("port").integer(0);
                    break;
                }
            }
            if (slicePort == 0) {
                continue;
            }
            for (ConfigNode endpoint : slice.object().get("endpoints").elements()) {
                if (!endpoint.get("conditions").get("ready").bool(false)) {
                    continue; // fail closed: only endpoints said to be ready get connections
                }
                for (ConfigNode address : endpoint.get("addresses").elements()) {
                    if (addresses.add(address.string(""))) {
                        servers.add(hostPort(address.string(""), slicePort));
                    }
                }
            }
        }
        if (servers.isEmpty() && !config.allowEmptyServices()) {
            throw ref.error("no servers found for " + svc.id() + " (no ready endpoint for port " + port + " in EndpointSlices "
                    + slices.stream().map(KubeResource::name).toList() + ")",
                    "wait for its pods to become ready, check its selector, or set providers.kubernetesCRD.allowEmptyServices: true");
        }
        return servers;
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Traefik's getServicePort: the port of that number or name; an ExternalName Service takes any number. */
    private static ConfigNode port(KubeResource svc, String port, ConfigNode ref) throws ConfigException {
        boolean number = port.matches("\\d+");
        List<ConfigNode> ports = svc.spec().get("ports").elements();
        for (ConfigNode p : ports) {
            if (number ? port.equals(p.get("port").string(null)) : port.equals(p.get("name").string(null))) {
                return p;
            }
        }
        if (number && "ExternalName".equals(svc.spec().get("type").string(""))) {
            return ConfigNode.of(java.util.Map.of("port", Integer.parseInt(port)), svc.describe(), "spec.ports");
        }
        List<String> known = new ArrayList<>();
        for (ConfigNode p : ports) {
            known.add(p.get("port").string("?") + (p.has("name") ? " (" + p.get("name").string("") + ")" : ""));
        }
        throw ref.get("port").error("Service " + svc.id() + " has no port '" + port + "'", "use one of " + known);
    }
}
