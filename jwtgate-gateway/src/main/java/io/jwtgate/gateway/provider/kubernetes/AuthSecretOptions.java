package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code spec.basicAuth.secret} and {@code spec.digestAuth.secret}: the users are in a Secret of
 * the Middleware's namespace. Checked as Traefik's CRD provider checks it: the Secret must exist;
 * for basicAuth, a {@code kubernetes.io/basic-auth} Secret gives one user from its {@code username}
 * and {@code password} keys (the password hashed as {@code {SHA}}); any other Secret must have exactly
 * one key, each non-empty line of its value being an htpasswd (basicAuth) or htdigest (digestAuth) line.
 *
 * <p>The option is rewritten into {@code urn:k8s:secret:} references to those keys (see the
 * middleware's {@code AuthUsers}): the Secret's content stays out of the options, and the
 * Middleware's revision follows the values, so a changed Secret rebuilds it.
 */
final class AuthSecretOptions {

    static final String BASIC_AUTH_TYPE = "kubernetes.io/basic-auth";

    private AuthSecretOptions() {}

    /** The options with {@code secret} rewritten; unchanged when there is no {@code secret}. */
    static ConfigNode rewrite(KubeResource m, String type, ConfigNode options, SecretStore secrets) throws ConfigException {
        if (!options.has("secret")) {
            return options;
        }
        ConfigNode secret = options.get("secret");
        String name = secret.string("");
        if (name.isEmpty()) {
            throw secret.error("is empty", "name a Secret of namespace " + m.namespace() + " that holds the users");
        }
        if (options.has("users") || options.has("usersFile")) {
            throw options.error("has both `secret` and `users`/`usersFile`", "keep only `secret` (Traefik's CRD has no users field)");
        }
        String id = m.namespace() + "/" + name;
        Map<String, String> values = secrets.values(m.namespace(), name);
        if (values == null) {
            throw secret.error("Secret " + id + " does not exist", "create it in namespace " + m.namespace()
                    + " (Secrets of other namespaces cannot be used), e.g. kubectl -n " + m.namespace() + " create secret generic " + name
                    + " --from-file=users=./users");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        if (type.equalsIgnoreCase("basicAuth") && BASIC_AUTH_TYPE.equals(secrets.type(m.namespace(), name))) {
            if (!values.containsKey("username") || !values.containsKey("password")) {
                throw secret.error("Secret " + id + " is of type " + BASIC_AUTH_TYPE + " but lacks the username or the password key",
                        "give it both keys");
            }
            for (String key : new String[] {"username", "password"}) {
                readable(secret, id, key, values.get(key));
                refs.put(key, new SecretReference(name, key).toString());
            }
        } else {
            if (values.size() != 1) {
                throw secret.error("Secret " + id + " has " + values.size() + " keys " + values.keySet()
                        + "; it must have exactly one, whose value holds the users one per line",
                        "keep one key (e.g. kubectl create secret generic " + name + " --from-file=users=./users)");
            }
            Map.Entry<String, String> only = values.entrySet().iterator().next();
            readable(secret, id, only.getKey(), only.getValue());
            if (only.getValue().lines().allMatch(String::isEmpty)) {
                throw secret.error("Secret " + id + " holds no user (key " + only.getKey() + " has no non-empty line)",
                        "put one " + (type.equalsIgnoreCase("basicAuth") ? "htpasswd" : "htdigest") + " line per user in it");
            }
            refs.put("users", new SecretReference(name, only.getKey()).toString());
        }
        Map<String, Object> rewritten = new LinkedHashMap<>();
        if (options.toPlain() instanceof Map<?, ?> plain) {
            plain.forEach((k, v) -> rewritten.put(String.valueOf(k), v));
        }
        rewritten.keySet().removeIf(k -> k.equalsIgnoreCase("secret"));
        rewritten.put("secret", refs);
        return ConfigNode.of(rewritten, options.source(), options.path());
    }

    private static void readable(ConfigNode secret, String id, String key, String value) throws ConfigException {
        if (value == null) {
            throw secret.error("Secret " + id + ": data." + key + " is not valid base64", "encode the value with base64, or put it under stringData");
        }
    }
}
