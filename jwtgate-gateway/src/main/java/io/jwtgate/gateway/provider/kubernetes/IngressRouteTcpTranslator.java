package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@code IngressRouteTCP} as {@code tcp.routers} and {@code tcp.services}, as Traefik's
 * {@code loadIngressRouteTCPConfiguration}: one router per route, named (and its service named)
 * {@code namespace-ingressroute-<sha256(match) prefix>}; one Kubernetes Service is that service's load
 * balancer, several are a weighted service of members {@code <router>-<service>-<port>}. A member that
 * cannot be resolved is left out, as in Traefik; a single service that cannot be resolved stays as a
 * broken service, so that the router says why it is not served. MiddlewareTCP and TLS to the servers
 * are not implemented: a route needing them is not served (fail closed) and says so.
 */
final class IngressRouteTcpTranslator {

    private static final Set<String> SPEC_KEYS = Set.of("entryPoints", "routes", "tls", "ingressClassName");
    private static final Set<String> ROUTE_KEYS = Set.of("match", "priority", "syntax", "services", "middlewares");
    private static final Set<String> TLS_KEYS = Set.of("secretName", "passthrough", "options", "certResolver", "domains", "store");
    private static final Set<String> SERVICE_KEYS = Set.of("name", "namespace", "port", "weight", "proxyProtocol", "serversTransport",
            "tls", "nativeLB", "nodePortLB", "terminationDelay");

    private final ResourceSet resources;
    private final IngressRouteTranslator http;
    private final TcpServiceResolver resolver;
    private final boolean allowCrossNamespace;
    private final Consumer<String> warn;
    private final Set<String> reported = new HashSet<>();

    IngressRouteTcpTranslator(ResourceSet resources, IngressRouteTranslator http, TcpServiceResolver resolver, boolean allowCrossNamespace,
                              Consumer<String> warn) {
        this.resources = resources;
        this.http = http;
        this.resolver = resolver;
        this.allowCrossNamespace = allowCrossNamespace;
        this.warn = warn;
    }

    /** An IngressRouteUDP of the provider's ingress class: said once, since nothing serves UDP. */
    void reportUdp(KubeResource udp, CrdOutput out) {
        try {
            if (http.selected(udp)) {
                warn.accept(Unsupported.message(udp.describe(), "kind: IngressRouteUDP", "UDP is not supported; no entry point listens for"
                        + " UDP, so its routes get no traffic (route UDP with Traefik or a UDP load balancer, or delete the resource)"));
            }
        } catch (ConfigException e) {
            out.errors.add(e);
        }
    }

    void translate(KubeResource ir, CrdOutput out) {
        ConfigNode spec = ir.spec();
        List<ConfigNode> routes;
        List<String> entryPoints;
        try {
            if (!http.selected(ir)) {
                return;
            }
            spec.warnUnknownKeys(SPEC_KEYS, warn);
            entryPoints = spec.get("entryPoints").stringList();
            routes = spec.get("routes").elements();
        } catch (ConfigException e) {
            out.errors.add(e);
            return;
        }
        TcpConfig.Tls tls = null;
        ConfigException tlsError = null;
        if (spec.has("tls")) {
            try {
                tls = tls(ir, spec.get("tls"), out);
            } catch (ConfigException e) {
                tlsError = e; // as Traefik: the routes are not served without the TLS options they name
                out.errors.add(e);
            }
        }
        for (ConfigNode route : routes) {
            route.warnUnknownKeys(ROUTE_KEYS, warn);
            String match;
            try {
                match = route.get("match").string("");
                if (match.isEmpty()) {
                    throw route.get("match").error("empty match rule", "write a rule, e.g. match: HostSNI(`db.example.com`)");
                }
            } catch (ConfigException e) {
                out.errors.add(e); // Traefik skips the route
                continue;
            }
            String name = CrdNames.tcpRoute(ir.namespace(), ir.name(), match);
            try {
                List<String> middlewares = middlewares(ir, route.get("middlewares"));
                service(ir, name, route.get("services"), out);
                String syntax = route.get("syntax").string("");
                if (!syntax.isEmpty() && !syntax.equalsIgnoreCase("v3") && !syntax.equalsIgnoreCase("default")) {
                    throw route.get("syntax").error("'" + syntax + "' is not supported for TCP routes", "write the match in v3 syntax");
                }
                long priority = route.get("priority").integer(0);
                if (priority < 0 || priority > Integer.MAX_VALUE) {
                    throw route.get("priority").error("must be between 0 and " + Integer.MAX_VALUE, "use a positive number (higher wins)");
                }
                if (tlsError != null) {
                    throw tlsError;
                }
                if (!middlewares.isEmpty()) {
                    // Fail closed: an ipAllowList that is not applied would admit every client.
                    throw route.get("middlewares").error("MiddlewareTCP " + middlewares + ": TCP middlewares (ipAllowList, inFlightConn) are "
                            + Unsupported.MARKER + ", so this route is not served", "remove middlewares; to admit some clients only, add"
                            + " ClientIP(`10.0.0.0/8`) to the match");
                }
                out.tcpRouters.put(name, new TcpConfig.Router(name, match, entryPoints, name, (int) priority, tls, ir.describe(), null));
            } catch (ConfigException e) {
                if (e != tlsError) {
                    out.errors.add(e);
                }
                out.tcpRouters.put(name, new TcpConfig.Router(name, null, List.of(), null, 0, null, ir.describe(), e));
            }
        }
    }

    /** {@code tls}: its certificate (termination only), its options; ACME is not obtained for TCP routers (said). */
    private TcpConfig.Tls tls(KubeResource ir, ConfigNode tls, CrdOutput out) throws ConfigException {
        tls.fields();
        tls.warnUnknownKeys(TLS_KEYS, warn);
        boolean passthrough = tls.get("passthrough").bool(false);
        if (!passthrough) {
            http.certificate(ir, tls, out);
        } else if (!tls.get("secretName").string("").isEmpty()) {
            warn.accept(ir.describe() + ": " + tls.get("secretName").path() + ": unused with passthrough (the backend presents its own"
                    + " certificate), as in Traefik");
        }
        if (!tls.get("certResolver").string("").isEmpty()) {
            warn.accept(Unsupported.message(ir.describe(), tls.get("certResolver").path(), "ACME certificates are not obtained for TCP"
                    + " routes; the certificate is chosen by SNI among the known ones (give tls.secretName)"));
        }
        if (!tls.get("domains").elements().isEmpty()) {
            warn.accept(Unsupported.message(ir.describe(), tls.get("domains").path(), "read without effect for TCP routes (the certificate"
                    + " is chosen by SNI)"));
        }
        String options = http.tlsOptions(ir, tls.get("options"));
        return new TcpConfig.Tls(passthrough, options == null ? TlsOptionsConfig.DEFAULT : options);
    }

    /** The MiddlewareTCP names, as Traefik's {@code resolveReference}; a reference Traefik refuses skips the route. */
    private List<String> middlewares(KubeResource ir, ConfigNode refs) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode ref : refs.elements()) {
            String name = ref.get("name").requiredString();
            if (name.contains("@")) {
                if (!allowCrossNamespace && name.endsWith("@" + CrdNames.PROVIDER)) {
                    throw ref.get("name").error("'" + name + "': @kubernetescrd references are refused when cross-namespace references are"
                            + " not allowed", "name a MiddlewareTCP of this namespace, or set providers.kubernetesCRD.allowCrossNamespace: true");
                }
                out.add(name);
                continue;
            }
            String namespace = namespace(ir, ref, "MiddlewareTCP");
            out.add(CrdNames.qualified(namespace, name));
        }
        return out;
    }

    /** The reference's namespace (the route's by default); another one only with allowCrossNamespace. */
    private String namespace(KubeResource ir, ConfigNode ref, String kind) throws ConfigException {
        String namespace = ref.get("namespace").string("");
        namespace = namespace.isEmpty() ? ir.namespace() : namespace;
        if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
            throw ref.get("namespace").error("refers to " + kind + " " + namespace + "/" + ref.get("name").string("")
                    + " in another namespace", "set providers.kubernetesCRD.allowCrossNamespace: true, or use one of namespace " + ir.namespace());
        }
        return namespace;
    }

    /** Defines the route's service under the router's name. */
    private void service(KubeResource ir, String name, ConfigNode list, CrdOutput out) throws ConfigException {
        List<ConfigNode> refs = list.elements();
        if (refs.isEmpty()) {
            ConfigException e = list.error("the route has no services", "list the Kubernetes Services that take its connections");
            out.errors.add(e);
            out.tcpServices.put(name, new TcpConfig.Service(name, List.of(), 0, List.of(), ir.describe(), e));
            return;
        }
        if (refs.size() == 1) {
            out.tcpServices.put(name, loadBalancer(ir, name, refs.get(0), out));
            return;
        }
        List<TcpConfig.Weighted> members = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ConfigNode ref : refs) {
            String member = CrdNames.local(name) + "-" + ref.get("name").string("") + "-" + ref.get("port").string("") + "@"
                    + CrdNames.PROVIDER;
            TcpConfig.Service lb = loadBalancer(ir, member, ref, out);
            if (lb.error() != null) {
                failed.add(ref.path());
                continue; // as Traefik: the member is left out, the others take the connections
            }
            long weight = ref.get("weight").integer(1);
            if (weight < 0 || weight > Integer.MAX_VALUE) {
                throw ref.get("weight").error("must be 0 or more", "use a weight such as 1 or 3");
            }
            out.tcpServices.put(member, lb);
            members.add(new TcpConfig.Weighted(member, (int) weight));
        }
        if (members.isEmpty()) {
            ConfigException e = list.error("none of its services can be used (" + failed + ")", "fix the problems reported for them");
            out.tcpServices.put(name, new TcpConfig.Service(name, List.of(), 0, List.of(), ir.describe(), e));
            return;
        }
        out.tcpServices.put(name, new TcpConfig.Service(name, List.of(), 0, members, ir.describe(), null));
    }

    /** A {@code services[]} entry as a loadBalancer; broken (with the error, also reported) when it cannot be resolved. */
    private TcpConfig.Service loadBalancer(KubeResource ir, String name, ConfigNode ref, CrdOutput out) {
        try {
            ref.warnUnknownKeys(SERVICE_KEYS, warn);
            String namespace = ref.get("namespace").string("");
            namespace = namespace.isEmpty() ? ir.namespace() : namespace;
            if (!namespace.equals(ir.namespace()) && !allowCrossNamespace) {
                throw ref.get("namespace").error("TCP service " + namespace + "/" + ref.get("name").string("") + " is not in the"
                        + " IngressRouteTCP's namespace " + ir.namespace(), "set providers.kubernetesCRD.allowCrossNamespace: true");
            }
            List<String> servers = resolver.servers(namespace, ref);
            if (ref.get("tls").bool(false)) {
                throw ref.get("tls").error("TLS to TCP servers is " + Unsupported.MARKER + ", so this service is not served (fail closed:"
                        + " no cleartext to a server that expects TLS)", "remove tls: true, or use tls.passthrough so the client speaks TLS"
                        + " to the server");
            }
            int proxyProtocol = 0;
            if (ref.has("proxyProtocol")) {
                proxyProtocol = proxyProtocol(ref.get("proxyProtocol"));
            }
            String transport = ref.get("serversTransport").string("");
            if (!transport.isEmpty()) {
                int fromTransport = serversTransport(ir, transport, ref.get("serversTransport"));
                proxyProtocol = proxyProtocol == 0 ? fromTransport : proxyProtocol;
            } else if (ref.has("terminationDelay")) {
                warnOnce(Unsupported.message(ir.describe(), ref.get("terminationDelay").path(), "not applied: when one side closes, the"
                        + " other is closed at once (deprecated in Traefik too)"));
            }
            return new TcpConfig.Service(name, servers, proxyProtocol, List.of(), ir.describe(), null);
        } catch (ConfigException e) {
            out.errors.add(e);
            return new TcpConfig.Service(name, List.of(), 0, List.of(), ir.describe(), e);
        }
    }

    private static int proxyProtocol(ConfigNode n) throws ConfigException {
        int version = (int) n.get("version").integer(0);
        version = version == 0 ? 2 : version; // Traefik's default
        if (version != 1 && version != 2) {
            throw n.get("version").error("must be 1 or 2", "use version: 2 (binary) or 1 (text)");
        }
        return version;
    }

    /**
     * A ServersTransportTCP of the route's namespace (as Traefik's {@code makeTCPServersTransportKey}).
     * jwtgate dials TCP servers in cleartext with fixed settings: one with {@code tls} is refused (fail
     * closed); its timeouts are reported as not applied; its {@code proxyProtocol} is used.
     *
     * @return the PROXY protocol version it asks for, 0 for none
     */
    private int serversTransport(KubeResource ir, String name, ConfigNode at) throws ConfigException {
        KubeResource st = null;
        if (name.endsWith("@" + CrdNames.PROVIDER)) {
            if (!allowCrossNamespace) {
                throw at.error("'" + name + "': the namespace-name@kubernetescrd form is refused when cross-namespace references are not"
                        + " allowed", "name the ServersTransportTCP of this namespace without @, or set"
                        + " providers.kubernetesCRD.allowCrossNamespace: true");
            }
            for (KubeResource candidate : resources.all(ResourceKind.SERVERS_TRANSPORT_TCP)) {
                st = CrdNames.qualified(candidate.namespace(), candidate.name()).equals(name) ? candidate : st;
            }
        } else if (name.contains("@")) {
            throw at.error("'" + name + "': TCP servers transports of other providers are " + Unsupported.MARKER,
                    "name a ServersTransportTCP of namespace " + ir.namespace());
        } else {
            st = resources.get(ResourceKind.SERVERS_TRANSPORT_TCP, ir.namespace(), name);
        }
        if (st == null) {
            throw at.error("ServersTransportTCP '" + name + "' does not exist" + (name.contains("@") ? "" : " in namespace " + ir.namespace()),
                    "create it, or remove serversTransport");
        }
        ConfigNode spec = st.spec();
        spec.warnUnknownKeys(Set.of("dialTimeout", "dialKeepAlive", "terminationDelay", "proxyProtocol", "tls"), warn);
        if (spec.has("tls")) {
            throw at.error("ServersTransportTCP " + st.id() + " asks for TLS to the servers, which is " + Unsupported.MARKER + " for TCP,"
                    + " so this service is not served (fail closed)", "remove its tls, or use tls.passthrough on the IngressRouteTCP");
        }
        for (String key : List.of("dialTimeout", "dialKeepAlive", "terminationDelay")) {
            if (spec.has(key)) {
                spec.get(key).duration(null); // refused when it is not a duration, as Traefik
                warnOnce(Unsupported.message(st.describe(), spec.get(key).path(), "not applied: TCP servers are dialled with a 30s timeout"
                        + " and the connection closes as soon as one side does"));
            }
        }
        return spec.has("proxyProtocol") ? proxyProtocol(spec.get("proxyProtocol")) : 0;
    }

    private void warnOnce(String message) {
        if (reported.add(message)) {
            warn.accept(message);
        }
    }
}
