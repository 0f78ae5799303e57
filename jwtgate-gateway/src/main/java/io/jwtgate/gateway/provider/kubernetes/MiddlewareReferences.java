package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;

/**
 * A {@code middlewares[]} entry ({@code {name, namespace}}) as Traefik's {@code resolveReference}:
 * {@code name@provider} is used as written ({@code name@kubernetescrd} only with
 * {@code allowCrossNamespace}, since it can name any namespace's Middleware); otherwise
 * {@code normalize(namespace-name)@kubernetescrd}, the namespace defaulting to the referrer's and
 * another one allowed only with {@code allowCrossNamespace}.
 */
final class MiddlewareReferences {

    private final ResourceSet resources;
    private final boolean allowCrossNamespace;
    private final java.util.function.Consumer<String> warn;

    MiddlewareReferences(ResourceSet resources, boolean allowCrossNamespace, java.util.function.Consumer<String> warn) {
        this.resources = resources;
        this.allowCrossNamespace = allowCrossNamespace;
        this.warn = warn;
    }

    String resolve(String parentNamespace, ConfigNode ref, KubeResource owner, CrdOutput out) throws ConfigException {
        ref.warnUnknownKeys(Set.of("name", "namespace"), warn);
        String name = ref.get("name").requiredString();
        String namespace = ref.get("namespace").string("");
        if (name.contains("@")) {
            if (!allowCrossNamespace && name.endsWith("@" + CrdNames.PROVIDER)) {
                throw ref.get("name").error("'" + name + "': @kubernetescrd references are refused when cross-namespace references are"
                        + " not allowed", "write the Middleware's name without @kubernetescrd, or set providers.kubernetesCRD.allowCrossNamespace: true");
            }
            if (!namespace.isEmpty()) {
                warn.accept(owner.describe() + ": " + ref.get("namespace").path() + ": ignored for a middleware of another provider (" + name + ")");
            }
            return name;
        }
        if (namespace.isEmpty()) {
            namespace = parentNamespace;
        }
        if (!namespace.equals(parentNamespace) && !allowCrossNamespace) {
            throw ref.get("namespace").error("refers to Middleware " + namespace + "/" + name + " in another namespace",
                    "set providers.kubernetesCRD.allowCrossNamespace: true, or use a Middleware of namespace " + parentNamespace);
        }
        String qualified = CrdNames.qualified(namespace, name);
        if (resources.get(ResourceKind.MIDDLEWARE, namespace, name) == null && !out.middlewares.containsKey(qualified)) {
            // Fail closed: the routers using it answer 503 and say which Middleware is missing.
            out.middlewares.put(qualified, new MiddlewareConfig(qualified, null, ref, owner.describe(), ref.error(
                    "Middleware " + namespace + "/" + name + " does not exist",
                    "create it (kubectl get middlewares.traefik.io -n " + namespace + ") or remove it from the reference")));
        }
        return qualified;
    }
}
