package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code providers.precedence} (Traefik v3.7): among routers of equal priority, those of a provider listed earlier
 * come first; providers not listed ({@code internal}) come after every listed one; then by router name.
 */
public record ProvidersPrecedence(List<String> providers) {

    /** Traefik's default order (static_config.go {@code providerNames}); of these, jwtgate has kubernetescrd and file. */
    public static final List<String> TRAEFIK_PROVIDERS = List.of("kubernetesgateway", "kubernetescrd", "kubernetes", "kubernetesingressnginx",
            "swarm", "docker", "file", "redis", "knative", "consul", "consulcatalog", "nomad", "etcd", "ecs", "http", "zookeeper", "rest");
    public static final ProvidersPrecedence DEFAULT = new ProvidersPrecedence(TRAEFIK_PROVIDERS);

    public ProvidersPrecedence {
        providers = List.copyOf(providers);
    }

    /** Reads {@code providers.precedence}: provider names, case-insensitive; an unknown name stops the start, as in Traefik. */
    static ProvidersPrecedence parse(ConfigNode providers) throws ConfigException {
        ConfigNode node = providers.get("precedence");
        if (node.isMissing()) {
            return DEFAULT;
        }
        List<String> names = new ArrayList<>();
        for (String name : node.stringList()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TRAEFIK_PROVIDERS.contains(lower)) {
                throw node.error("provider \"" + lower + "\" is not a valid provider name", "use names among " + TRAEFIK_PROVIDERS);
            }
            names.add(lower);
        }
        return new ProvidersPrecedence(names);
    }

    /** The rank of a qualified router name ({@code name@provider}): lower comes first; unlisted providers last. */
    public int rank(String qualifiedName) {
        int at = qualifiedName.lastIndexOf('@');
        int i = at < 0 ? -1 : providers.indexOf(qualifiedName.substring(at + 1));
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
