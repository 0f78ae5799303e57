package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One consistent view: the resources, the dynamic configuration built from them, and what secret
 * resolution needs (each middleware's namespace and the Secrets of the same moment).
 */
public record CrdSnapshot(ResourceSet resources, DynamicConfig config, Map<String, KubeResource> middlewares, SecretStore secrets,
                          Map<String, Map<String, Object>> serversTransportOptions, Map<String, List<String>> serviceMiddlewares) {

    public CrdSnapshot {
        middlewares = Map.copyOf(middlewares);
        serversTransportOptions = Map.copyOf(serversTransportOptions);
        serviceMiddlewares = Map.copyOf(serviceMiddlewares);
    }

    public static CrdSnapshot empty() {
        return new CrdSnapshot(ResourceSet.empty(), DynamicConfig.empty(), Map.of(), new SecretStore(ResourceSet.empty()), Map.of(), Map.of());
    }

    /**
     * Translates every TLSStore, Middleware, TraefikService, ServersTransport, TLSOption, IngressRoute and IngressRouteTCP of
     * {@code resources} (MiddlewareTCP and ServersTransportTCP as the routes name them; IngressRouteUDP is reported).
     */
    public static CrdSnapshot build(ResourceSet resources, KubernetesCrdConfig config, Consumer<String> warn) {
        SecretStore secrets = new SecretStore(resources);
        CrdOutput out = new CrdOutput();
        out.defaultCertificate = new TlsStoreTranslator(secrets, warn).translateAll(resources.all(ResourceKind.TLS_STORE), out);
        Map<String, KubeResource> byName = new HashMap<>();
        ServiceResolver resolver = new ServiceResolver(resources, config);
        MiddlewareReferences middlewareRefs = new MiddlewareReferences(resources, config.allowCrossNamespace(), warn);
        ServiceReferences services = new ServiceReferences(resolver, middlewareRefs, config.allowCrossNamespace());
        MiddlewareTranslator middlewares = new MiddlewareTranslator(secrets, services, middlewareRefs, config.allowCrossNamespace(), warn);
        for (KubeResource m : resources.all(ResourceKind.MIDDLEWARE)) {
            MiddlewareConfig mc = middlewares.translate(m, out);
            if (mc.error() != null) {
                out.errors.add(mc.error());
            }
            out.middlewares.put(mc.name(), mc);
            byName.put(mc.name(), m);
        }
        TraefikServiceTranslator traefikServices = new TraefikServiceTranslator(services, warn);
        for (KubeResource ts : resources.all(ResourceKind.TRAEFIK_SERVICE)) {
            traefikServices.translate(ts, out);
        }
        new ServersTransportTranslator(resources, secrets, warn).translateAll(resources.all(ResourceKind.SERVERS_TRANSPORT), out);
        new TlsOptionTranslator(secrets, warn).translateAll(resources.all(ResourceKind.TLS_OPTION), out);
        IngressRouteTranslator routes = new IngressRouteTranslator(resources, services, middlewareRefs, secrets,
                config.allowCrossNamespace(), config.ingressClass(), warn);
        for (KubeResource ir : resources.all(ResourceKind.INGRESS_ROUTE)) {
            routes.translate(ir, out);
        }
        IngressRouteTcpTranslator tcp = new IngressRouteTcpTranslator(resources, routes, new TcpServiceResolver(resources, config),
                config.allowCrossNamespace(), warn);
        for (KubeResource ir : resources.all(ResourceKind.INGRESS_ROUTE_TCP)) {
            tcp.translate(ir, out);
        }
        for (KubeResource udp : resources.all(ResourceKind.INGRESS_ROUTE_UDP)) {
            tcp.reportUdp(udp, out);
        }
        return new CrdSnapshot(resources, out.build(), byName, secrets, out.serversTransportOptions, out.serviceMiddlewares);
    }

    /**
     * Resolves {@code urn:k8s:secret:<name>:<key>} for a middleware of this snapshot.
     *
     * @return null when {@code value} is not such a reference
     * @throws IllegalStateException naming the Secret, the key and the namespace when it cannot be resolved
     */
    public String resolveSecret(String middlewareName, String value) {
        SecretReference ref;
        try {
            ref = SecretReference.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + " (fix: write urn:k8s:secret:<secret-name>:<key>)");
        }
        if (ref == null) {
            return null;
        }
        KubeResource middleware = middlewares.get(middlewareName);
        if (middleware == null) {
            throw new IllegalStateException("middleware " + middlewareName + " is not a Kubernetes Middleware, so " + ref
                    + " has no namespace (fix: use env: or file: references outside Kubernetes)");
        }
        return secrets.resolve(middleware.namespace(), middleware.name(), ref);
    }
}
