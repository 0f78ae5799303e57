package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code providers.kubernetesCRD}: Traefik's Kubernetes CRD provider. With {@code directory} or
 * {@code filename} it reads manifest files (the same resources, no cluster needed); otherwise it
 * watches the API server.
 *
 * @param directory           manifests: every {@code .yaml}/{@code .yml}/{@code .json} file under it (extension, named as {@code providers.file.directory})
 * @param filename            manifests: one multi-document file (extension, named as {@code providers.file.filename})
 * @param watch               manifests: reload on change (default true)
 * @param namespaces          namespaces to read; empty means all (Traefik)
 * @param labelSelector       label selector for Middleware and IngressRoute resources (Traefik)
 * @param endpoint            API server URL; default: in-cluster service account or kubeconfig (Traefik)
 * @param token               bearer token for the API server (Traefik)
 * @param certAuthFilePath    CA bundle of the API server (Traefik)
 * @param allowCrossNamespace IngressRoutes may refer to Middlewares and Services of other namespaces (Traefik, default false)
 * @param nativeLBByDefault   send to the Service's cluster DNS name instead of its EndpointSlices' pod addresses (Traefik)
 * @param throttle            quiet period before a change is applied (Traefik's {@code throttleDuration})
 * @param resyncPeriod        informer resync period (extension, default 10m)
 * @param serviceAddresses    {@code namespace/name:port} → server URLs, for Services outside a cluster (extension)
 * @param allowEmptyServices  a Service without serving endpoints gives a load balancer without servers (503) instead of dropping the route (Traefik)
 * @param allowExternalNameServices ExternalName Services are followed (Traefik, default false)
 * @param ingressClass        only IngressRoutes of this class ({@code spec.ingressClassName} or the {@code kubernetes.io/ingress.class} annotation) (Traefik)
 */
public record KubernetesCrdConfig(
        Path directory,
        Path filename,
        boolean watch,
        List<String> namespaces,
        String labelSelector,
        String endpoint,
        String token,
        Path certAuthFilePath,
        boolean allowCrossNamespace,
        boolean nativeLBByDefault,
        Duration throttle,
        Duration resyncPeriod,
        Map<String, List<URI>> serviceAddresses,
        String source,
        boolean allowEmptyServices,
        boolean allowExternalNameServices,
        String ingressClass) {

    /** Without allowEmptyServices, allowExternalNameServices and ingressClass (their defaults). */
    public KubernetesCrdConfig(Path directory, Path filename, boolean watch, List<String> namespaces, String labelSelector, String endpoint,
                               String token, Path certAuthFilePath, boolean allowCrossNamespace, boolean nativeLBByDefault, Duration throttle,
                               Duration resyncPeriod, Map<String, List<URI>> serviceAddresses, String source) {
        this(directory, filename, watch, namespaces, labelSelector, endpoint, token, certAuthFilePath, allowCrossNamespace, nativeLBByDefault,
                throttle, resyncPeriod, serviceAddresses, source, false, false, "");
    }

    public static final Set<String> KEYS = Set.of("directory", "filename", "watch", "namespaces", "labelSelector", "endpoint",
            "token", "certAuthFilePath", "allowCrossNamespace", "nativeLBByDefault", "throttleDuration", "resyncPeriod",
            "serviceAddresses", "allowEmptyServices", "allowExternalNameServices", "ingressClass", "disableClusterScopeResources");

    public KubernetesCrdConfig {
        namespaces = List.copyOf(namespaces);
        Map<String, List<URI>> copy = new LinkedHashMap<>();
        serviceAddresses.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        serviceAddresses = java.util.Collections.unmodifiableMap(copy);
    }

    /** True when the resources come from manifest files rather than the API server. */
    public boolean manifests() {
        return directory != null || filename != null;
    }

    /** Parses the section; returns null when it is absent. */
    public static KubernetesCrdConfig parse(ConfigNode n, Path base, Duration defaultThrottle, Consumer<String> warn)
            throws ConfigException {
        if (!n.has("kubernetesCRD")) {
            return null;
        }
        n = n.get("kubernetesCRD");
        if (!n.isMissing() && !n.isObject()) {
            throw n.error("expected a map of options", "write `kubernetesCRD: {}` to watch the API server, or set `directory:`");
        }
        n.warnUnknownKeys(KEYS, warn);
        if (n.has("disableClusterScopeResources") && !n.get("disableClusterScopeResources").bool(false)) {
            warn.accept(io.jwtgate.gateway.config.Unsupported.message(n.source(), n.get("disableClusterScopeResources").path(),
                    "jwtgate reads no cluster-scope resources (Nodes), as with true"));
        }
        String directory = n.get("directory").string(null);
        String filename = n.get("filename").string(null);
        if (directory != null && filename != null) {
            throw n.error("both directory and filename are set", "keep one: a directory of manifests or one manifest file");
        }
        String ca = n.get("certAuthFilePath").string(null);
        return new KubernetesCrdConfig(
                directory == null ? null : base.resolve(directory).normalize(),
                filename == null ? null : base.resolve(filename).normalize(),
                n.get("watch").bool(true), n.get("namespaces").stringList(), n.get("labelSelector").string(null),
                n.get("endpoint").string(null), n.get("token").string(null), ca == null ? null : base.resolve(ca).normalize(),
                n.get("allowCrossNamespace").bool(false), n.get("nativeLBByDefault").bool(false),
                n.get("throttleDuration").duration(defaultThrottle), n.get("resyncPeriod").duration(Duration.ofMinutes(10)),
                serviceAddresses(n.get("serviceAddresses")), n.source(), n.get("allowEmptyServices").bool(false),
                n.get("allowExternalNameServices").bool(false), n.get("ingressClass").string(""));
    }

    private static Map<String, List<URI>> serviceAddresses(ConfigNode n) throws ConfigException {
        Map<String, List<URI>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
            String key = e.getKey().trim();
            if (!key.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[A-Za-z0-9-]+")) {
                throw e.getValue().error("'" + key + "' is not of the form namespace/service:port",
                        "write it as `apps/whoami:80: http://127.0.0.1:9000` (the port as the IngressRoute names it)");
            }
            List<URI> urls = new ArrayList<>();
            for (ConfigNode u : e.getValue().elements()) {
                urls.add(url(u));
            }
            if (urls.isEmpty()) {
                throw e.getValue().error("has no URL", "give one URL or a list of URLs, e.g. http://127.0.0.1:9000");
            }
            out.put(key, urls);
        }
        return out;
    }

    private static URI url(ConfigNode n) throws ConfigException {
        String raw = n.requiredString();
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!Set.of("http", "https", "h2c").contains(scheme) || uri.getHost() == null) {
                throw n.error("'" + raw + "' is not an http(s) URL with a host", "write it as http://127.0.0.1:9000");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw n.error("'" + raw + "' is not a valid URL: " + e.getReason(), "write it as http://127.0.0.1:9000");
        }
    }
}
