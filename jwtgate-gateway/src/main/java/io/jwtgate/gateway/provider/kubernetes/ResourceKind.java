package io.jwtgate.gateway.provider.kubernetes;

import java.util.List;

/**
 * The Kubernetes kinds the CRD provider reads, with the API versions accepted for each (both
 * Traefik API groups: {@code traefik.io} and the older {@code traefik.containo.us}).
 */
public enum ResourceKind {
    MIDDLEWARE("Middleware", "middlewares", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    INGRESS_ROUTE("IngressRoute", "ingressroutes", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    TLS_OPTION("TLSOption", "tlsoptions", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    TLS_STORE("TLSStore", "tlsstores", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    TRAEFIK_SERVICE("TraefikService", "traefikservices", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    SERVERS_TRANSPORT("ServersTransport", "serverstransports", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    INGRESS_ROUTE_TCP("IngressRouteTCP", "ingressroutetcps", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    MIDDLEWARE_TCP("MiddlewareTCP", "middlewaretcps", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    SERVERS_TRANSPORT_TCP("ServersTransportTCP", "serverstransporttcps", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    /** Read only to report that UDP is not served. */
    INGRESS_ROUTE_UDP("IngressRouteUDP", "ingressrouteudps", List.of("traefik.io/v1alpha1", "traefik.containo.us/v1alpha1")),
    SECRET("Secret", "secrets", List.of("v1")),
    CONFIG_MAP("ConfigMap", "configmaps", List.of("v1")),
    SERVICE("Service", "services", List.of("v1")),
    ENDPOINT_SLICE("EndpointSlice", "endpointslices", List.of("discovery.k8s.io/v1"));

    private final String kind;
    private final String plural;
    private final List<String> apiVersions;

    ResourceKind(String kind, String plural, List<String> apiVersions) {
        this.kind = kind;
        this.plural = plural;
        this.apiVersions = apiVersions;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    /** Accepted {@code apiVersion} values, the preferred one first. */
    public List<String> apiVersions() {
        return apiVersions;
    }

    /** True for the kinds defined by Traefik's CRDs (label selectors apply to these only, as in Traefik). */
    public boolean traefik() {
        return !(this == SECRET || this == CONFIG_MAP || this == SERVICE || this == ENDPOINT_SLICE);
    }

    /**
     * True when a cluster without this kind's CRD is served anyway (the kind is then empty): clusters
     * set up with jwtgate's own deploy/crds before these kinds were read have no such CRD.
     */
    public boolean optional() {
        return traefik() && this != MIDDLEWARE && this != INGRESS_ROUTE;
    }

    /** The kind named {@code kind}, or null when the provider does not read it. */
    public static ResourceKind of(String kind) {
        for (ResourceKind k : values()) {
            if (k.kind.equals(kind)) {
                return k;
            }
        }
        return null;
    }
}
