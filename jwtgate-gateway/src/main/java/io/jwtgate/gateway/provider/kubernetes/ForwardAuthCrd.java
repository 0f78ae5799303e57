package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.forwardAuth} of a {@code Middleware}: the file form's options, except that the
 * certificates come from Secrets of the Middleware's namespace, as in Traefik's CRD:
 * {@code tls.caSecret} (key {@code tls.ca}, else {@code ca.crt}, else the Secret's only key) and
 * {@code tls.certSecret} (keys {@code tls.crt} and {@code tls.key}). They become secret references
 * ({@code tls.ca: urn:k8s:secret:<name>:<key>}, ...) that the middleware resolves when it is built,
 * so that a change of the Secret rebuilds it. The CRD has no {@code ca}, {@code cert} or {@code key}.
 */
final class ForwardAuthCrd {

    private ForwardAuthCrd() {}

    static ConfigNode translate(KubeResource m, ConfigNode options, SecretStore secrets) throws ConfigException {
        ConfigNode tls = options.get("tls");
        if (tls.isMissing()) {
            return options;
        }
        for (String fileOnly : List.of("ca", "cert", "key")) {
            if (tls.has(fileOnly)) {
                throw tls.get(fileOnly).error("is not a field of Traefik's Middleware CRD",
                        "put the PEM in a Secret and name it in tls." + (fileOnly.equals("ca") ? "caSecret" : "certSecret"));
            }
        }
        Map<String, Object> translated = new LinkedHashMap<>();
        if (tls.toPlain() instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> translated.put(String.valueOf(k), v));
        }
        String caSecret = tls.get("caSecret").string("");
        if (!caSecret.isEmpty()) {
            translated.keySet().removeIf(k -> k.equalsIgnoreCase("caSecret"));
            translated.put("ca", SecretReference.PREFIX + caSecret + ":" + caKey(m, tls.get("caSecret"), caSecret, secrets));
        }
        String certSecret = tls.get("certSecret").string("");
        if (!certSecret.isEmpty()) {
            checkCertificateKeys(m, tls.get("certSecret"), certSecret, secrets);
            translated.keySet().removeIf(k -> k.equalsIgnoreCase("certSecret"));
            translated.put("cert", SecretReference.PREFIX + certSecret + ":tls.crt");
            translated.put("key", SecretReference.PREFIX + certSecret + ":tls.key");
        }
        Map<String, Object> all = new LinkedHashMap<>();
        if (options.toPlain() instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        all.keySet().removeIf(k -> k.equalsIgnoreCase("tls"));
        all.put("tls", translated);
        return ConfigNode.of(all, options.source(), options.path());
    }

    /** Traefik's loadCASecret: {@code tls.ca}, else {@code ca.crt}, else the only key of the Secret. */
    private static String caKey(KubeResource m, ConfigNode node, String name, SecretStore secrets) throws ConfigException {
        Map<String, String> values = existing(m, node, name, secrets, "CA");
        if (values.containsKey("tls.ca")) {
            return "tls.ca";
        }
        if (values.containsKey("ca.crt")) {
            return "ca.crt";
        }
        if (values.size() == 1) {
            return values.keySet().iterator().next();
        }
        throw node.error("Secret " + m.namespace() + "/" + name + " has no CA: it has neither a tls.ca nor a ca.crt key (keys: "
                + values.keySet() + ")", "add the CA certificate (PEM) under the key ca.crt");
    }

    /** Traefik's getCertificateBlocks: both {@code tls.crt} and {@code tls.key}, neither empty. */
    private static void checkCertificateKeys(KubeResource m, ConfigNode node, String name, SecretStore secrets) throws ConfigException {
        Map<String, String> values = existing(m, node, name, secrets, "client certificate");
        List<String> missing = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String key : List.of("tls.crt", "tls.key")) {
            if (!values.containsKey(key)) {
                missing.add(key);
            } else if ("".equals(values.get(key))) {
                empty.add(key);
            }
        }
        if (!missing.isEmpty() || !empty.isEmpty()) {
            throw node.error("Secret " + m.namespace() + "/" + name + (missing.isEmpty() ? " has empty " + empty : " lacks " + missing),
                    "use a kubernetes.io/tls Secret (kubectl create secret tls " + name + " --cert=... --key=...)");
        }
    }

    private static Map<String, String> existing(KubeResource m, ConfigNode node, String name, SecretStore secrets, String what)
            throws ConfigException {
        Map<String, String> values = secrets.values(m.namespace(), name);
        if (values == null) {
            throw node.error("the " + what + " Secret '" + name + "' does not exist in namespace '" + m.namespace() + "'",
                    "create it there; Secrets of other namespaces cannot be used");
        }
        return values;
    }
}
