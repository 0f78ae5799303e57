package io.jwtgate.gateway.provider.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Map;

/**
 * The CRD form of {@code rateLimit.redis} as the file form, the way Traefik's CRD provider builds it:
 * {@code secret} names a Secret of the Middleware's namespace holding {@code username} and
 * {@code password}; {@code tls.caSecret} one holding the CA ({@code tls.ca} or {@code ca.crt}, or its
 * only key); {@code tls.certSecret} one holding {@code tls.crt} and {@code tls.key}. They become
 * {@code urn:k8s:secret:} references, resolved when the middleware is built and tracked by its revision.
 */
final class RateLimitRedisCrd {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RateLimitRedisCrd() {}

    /** {@code options} of a {@code rateLimit} Middleware with its {@code redis} block rewritten; unchanged without one. */
    static ConfigNode rewrite(KubeResource m, ConfigNode options, SecretStore secrets) throws ConfigException {
        ConfigNode redisNode = options.get("redis");
        if (redisNode.isMissing() || !redisNode.isObject()) {
            return options;
        }
        ObjectNode root = (ObjectNode) JSON.valueToTree(options.toPlain());
        String redisKey = fieldName(root, "redis");
        ObjectNode redis = (ObjectNode) root.get(redisKey);
        String secretKey = fieldName(redis, "secret");
        if (secretKey != null) {
            String secret = redis.remove(secretKey).asText();
            redis.put("username", ref(secret, "username"));
            redis.put("password", ref(secret, "password"));
        }
        String tlsKey = fieldName(redis, "tls");
        if (tlsKey != null && redis.get(tlsKey).isObject()) {
            ObjectNode tls = (ObjectNode) redis.get(tlsKey);
            String caKey = fieldName(tls, "caSecret");
            if (caKey != null) {
                String secret = tls.remove(caKey).asText();
                tls.put("ca", ref(secret, caEntry(m, secret, secrets, redisNode.get("tls").get("caSecret"))));
            }
            String certKey = fieldName(tls, "certSecret");
            if (certKey != null) {
                String secret = tls.remove(certKey).asText();
                tls.put("cert", ref(secret, "tls.crt"));
                tls.put("key", ref(secret, "tls.key"));
            }
        }
        return new ConfigNode(root, options.source(), options.path());
    }

    /** Traefik's choice of the CA entry: {@code tls.ca}, else {@code ca.crt}, else the only entry. */
    private static String caEntry(KubeResource m, String secret, SecretStore secrets, ConfigNode at) throws ConfigException {
        Map<String, String> values = secrets.values(m.namespace(), secret);
        if (values == null || values.containsKey("tls.ca")) {
            return "tls.ca"; // a missing Secret is reported, by name, when the reference is resolved
        }
        if (values.containsKey("ca.crt")) {
            return "ca.crt";
        }
        if (values.size() == 1) {
            return values.keySet().iterator().next();
        }
        throw at.error("Secret " + m.namespace() + "/" + secret + " contains neither tls.ca nor ca.crt",
                "put the CA certificate (PEM) under the key ca.crt");
    }

    private static String ref(String secret, String key) {
        return SecretReference.PREFIX + secret + ":" + key;
    }

    private static String fieldName(JsonNode object, String name) {
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
