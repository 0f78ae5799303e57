package io.jwtgate.gateway.provider.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one parsed Kubernetes object (YAML document or API object) into a {@link KubeResource}. */
public final class KubeResources {

    private KubeResources() {}

    /**
     * @param where how to name the document in errors when it has no name yet (file and document number)
     * @return the resource, or null when its kind is not one the provider reads
     * @throws ConfigException when the object is of a read kind but lacks what identifies it
     */
    public static KubeResource from(JsonNode object, String origin, String where) throws ConfigException {
        ConfigNode root = new ConfigNode(object, where, "");
        String kindName = root.get("kind").string(null);
        ResourceKind kind = ResourceKind.of(kindName);
        if (kind == null) {
            return null;
        }
        String apiVersion = root.get("apiVersion").string("");
        if (!kind.apiVersions().contains(apiVersion)) {
            throw root.get("apiVersion").error("'" + apiVersion + "' is not an API version jwtgate reads for " + kindName,
                    "use one of " + kind.apiVersions());
        }
        ConfigNode metadata = root.get("metadata");
        String name = metadata.get("name").requiredString();
        String namespace = metadata.get("namespace").string("default");
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : metadata.get("labels").fields().entrySet()) {
            labels.put(e.getKey(), e.getValue().string(""));
        }
        String describe = kindName + " " + namespace + "/" + name + (origin == null ? "" : " (" + origin + ")");
        return new KubeResource(kind, apiVersion, namespace, name, labels, new ConfigNode(object, describe, ""), origin);
    }
}
