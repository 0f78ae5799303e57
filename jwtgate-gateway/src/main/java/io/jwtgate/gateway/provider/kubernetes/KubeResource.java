package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import java.util.Map;

/**
 * One Kubernetes object as read from a manifest or the API server: its identity and the whole
 * object as a {@link ConfigNode} whose key paths start at the object's root ({@code spec.routes[0].match}).
 *
 * @param origin where it came from: a file name, or {@code null} for the API server
 */
public record KubeResource(ResourceKind kind, String apiVersion, String namespace, String name, Map<String, String> labels,
                           ConfigNode object, String origin) {

    public KubeResource {
        labels = Map.copyOf(labels);
    }

    /** {@code namespace/name}, how kubectl names it. */
    public String id() {
        return namespace + "/" + name;
    }

    /** How errors name it, e.g. {@code Middleware apps/test-jwt (01-secret.yaml)}. */
    public String describe() {
        return kind.kind() + " " + id() + (origin == null ? "" : " (" + origin + ")");
    }

    public ConfigNode spec() {
        return object.get("spec");
    }
}
