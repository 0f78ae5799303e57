package io.jwtgate.gateway.provider.kubernetes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The resources the provider sees at one moment, by kind and {@code namespace/name}. As with
 * {@code kubectl apply -f dir/}, a later definition of the same kind, namespace and name replaces
 * an earlier one. Immutable.
 */
public final class ResourceSet {

    /** The label EndpointSlices carry to name their Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<ResourceKind, Map<String, KubeResource>> byKind;

    private ResourceSet(Map<ResourceKind, Map<String, KubeResource>> byKind) {
        this.byKind = byKind;
    }

    /**
     * @param namespaces    only these namespaces (empty: all)
     * @param selector      applied to Middlewares and IngressRoutes, as Traefik does
     * @param replaced      told (with a readable line) when a later document replaces an earlier one
     */
    public static ResourceSet of(Collection<KubeResource> resources, List<String> namespaces, LabelSelector selector,
                                 Consumer<String> replaced) {
        Map<ResourceKind, Map<String, KubeResource>> byKind = new EnumMap<>(ResourceKind.class);
        for (ResourceKind k : ResourceKind.values()) {
            byKind.put(k, new LinkedHashMap<>());
        }
        for (KubeResource r : resources) {
            if (!namespaces.isEmpty() && !namespaces.contains(r.namespace())) {
                continue;
            }
            if (r.kind().traefik() && selector != null && !selector.matches(r.labels())) {
                continue;
            }
            KubeResource previous = byKind.get(r.kind()).put(r.id(), r);
            if (previous != null && replaced != null) {
                replaced.accept(r.describe() + " replaces the definition in " + (previous.origin() == null ? "the API" : previous.origin())
                        + " (later documents win, as with kubectl apply)");
            }
        }
        byKind.replaceAll((k, m) -> java.util.Collections.unmodifiableMap(m));
        return new ResourceSet(byKind);
    }

    public static ResourceSet empty() {
        return of(List.of(), List.of(), null, null);
    }

    public Collection<KubeResource> all(ResourceKind kind) {
        return byKind.get(kind).values();
    }

    public KubeResource get(ResourceKind kind, String namespace, String name) {
        return byKind.get(kind).get(namespace + "/" + name);
    }

    /** The EndpointSlices of one Service (label {@code kubernetes.io/service-name}). */
    public List<KubeResource> endpointSlices(String namespace, String service) {
        List<KubeResource> out = new ArrayList<>();
        for (KubeResource s : all(ResourceKind.ENDPOINT_SLICE)) {
            if (s.namespace().equals(namespace) && service.equals(s.labels().get(SERVICE_NAME_LABEL))) {
                out.add(s);
            }
        }
        return out;
    }
}
