package io.jwtgate.gateway.provider.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Element names as Traefik's kubernetesCRD provider makes them ({@code namespace-name@kubernetescrd}). */
public final class CrdNames {

    public static final String PROVIDER = "kubernetescrd";

    private CrdNames() {}

    /** {@code namespace-name@kubernetescrd}. */
    public static String qualified(String namespace, String name) {
        return namespace + "-" + name + "@" + PROVIDER;
    }

    /** A route's router (and weighted service) name: {@code namespace-ingressroute-<first 10 bytes of sha256(match) in hex>}. */
    public static String route(String namespace, String ingressRoute, String match, long priority) {
        String key = namespace + "-" + ingressRoute + "-" + HexFormat.of().formatHex(sha256(match), 0, 10);
        return (priority != 0 ? key + "-" + priority : key) + "@" + PROVIDER;
    }

    /** A Kubernetes Service's load balancer: {@code namespace-service-port@kubernetescrd}. */
    public static String service(String namespace, String service, String port) {
        return namespace + "-" + service + "-" + port + "@" + PROVIDER;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
