package io.jwtgate.gateway.provider.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secret values of one {@link ResourceSet}: decoding ({@code data} is base64, {@code stringData}
 * plain and wins, as the API server merges them), resolution of {@code urn:k8s:secret:} references
 * and the revision that tells a middleware to rebuild when a referenced value changes.
 * Values are never logged; revisions are keyed hashes (random key per process), so they reveal nothing.
 */
public final class SecretStore {

    private static final byte[] REVISION_KEY = new SecureRandom().generateSeed(32);

    private final ResourceSet resources;

    public SecretStore(ResourceSet resources) {
        this.resources = resources;
    }

    /** The decoded key/value pairs of a Secret, or null when it does not exist. */
    public Map<String, String> values(String namespace, String name) {
        KubeResource secret = resources.get(ResourceKind.SECRET, namespace, name);
        if (secret == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        plainMap(secret.object().get("data")).forEach((k, v) -> {
            try {
                out.put(k, new String(Base64.getMimeDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.put(k, null); // reported when the key is used
            }
        });
        plainMap(secret.object().get("stringData")).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** The {@code type} of a Secret ({@code Opaque} when not written, as the API server defaults it), or null when it does not exist. */
    public String type(String namespace, String name) {
        KubeResource secret = resources.get(ResourceKind.SECRET, namespace, name);
        if (secret == null) {
            return null;
        }
        return secret.object().get("type").toPlain() instanceof String type && !type.isEmpty() ? type : "Opaque";
    }

    /**
     * Resolves a reference made by a Middleware of {@code namespace}.
     *
     * @throws IllegalStateException with an operator-readable message naming the Secret, key and namespace
     */
    public String resolve(String namespace, String middleware, SecretReference ref) {
        Map<String, String> values = values(namespace, ref.name());
        String user = "Middleware " + namespace + "/" + middleware;
        if (values == null) {
            throw new IllegalStateException(user + " refers to " + ref + ", but Secret '" + ref.name() + "' does not exist in namespace '"
                    + namespace + "' (fix: create it there, e.g. kubectl -n " + namespace + " create secret generic " + ref.name()
                    + " --from-literal=" + ref.key() + "=...; Secrets of other namespaces cannot be used)");
        }
        if (!values.containsKey(ref.key())) {
            throw new IllegalStateException(user + " refers to " + ref + ", but Secret " + namespace + "/" + ref.name()
                    + " has no key '" + ref.key() + "' (fix: add the key; the Secret has the keys " + values.keySet() + ")");
        }
        String value = values.get(ref.key());
        if (value == null) {
            throw new IllegalStateException("Secret " + namespace + "/" + ref.name() + ": data." + ref.key()
                    + " is not valid base64 (fix: encode the value with base64, or put it under stringData)");
        }
        return value;
    }

    /**
     * A value that changes when any Secret value referenced from {@code options} changes, appears or
     * disappears; empty when nothing is referenced.
     */
    public String revision(String namespace, Object options) {
        List<String> refs = new ArrayList<>();
        collect(options, refs);
        if (refs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String raw : refs) {
            SecretReference ref;
            try {
                ref = SecretReference.parse(raw);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Map<String, String> values = values(namespace, ref.name());
            String state = values == null ? "no-secret" : !values.containsKey(ref.key()) ? "no-key" : keyedHash(ref + "=" + values.get(ref.key()));
            b.append(ref).append('=').append(state).append(';');
        }
        return b.toString();
    }

    private static Map<String, Object> plainMap(io.jwtgate.gateway.config.ConfigNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node.toPlain() instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof String s && s.startsWith(SecretReference.PREFIX)) {
            out.add(s);
        } else if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    private static String keyedHash(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(REVISION_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
