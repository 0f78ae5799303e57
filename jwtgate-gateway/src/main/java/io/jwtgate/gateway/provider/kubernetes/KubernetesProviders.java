package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.function.Consumer;

/** The Kubernetes providers the static configuration asks for (none, manifests, or the API server). */
public final class KubernetesProviders {

    private KubernetesProviders() {}

    public static List<ConfigProvider> from(StaticConfig config, Consumer<String> warn) throws ConfigException {
        KubernetesCrdConfig crd = config.kubernetesCrd();
        if (crd == null) {
            return List.of();
        }
        return List.of(crd.manifests() ? new ManifestProvider(crd, warn) : new KubernetesApiProvider(crd, warn));
    }
}
