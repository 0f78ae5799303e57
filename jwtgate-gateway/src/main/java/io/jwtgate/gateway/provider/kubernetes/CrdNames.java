package io.jwtgate.gateway.provider.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Element names as Traefik's kubernetesCRD provider makes them: {@code namespace-name}, normalised
 * (every run of characters that are neither letters nor digits becomes one {@code -}, as Traefik's
 * {@code provider.Normalize}), then qualified with {@code @kubernetescrd}. Metric labels, dashboards
 * and references from other providers ({@code name@kubernetescrd}) depend on these names.
 */
public final class CrdNames {

    public static final String PROVIDER = "kubernetescrd";
    private static final String SUFFIX = "@" + PROVIDER;

    private CrdNames() {}

    /** Traefik's {@code provider.Normalize}: runs of non-letter, non-digit characters become one hyphen, none at the ends. */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean pending = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c) || Character.isDigit(c)) {
                if (pending && !out.isEmpty()) {
                    out.append('-');
                }
                pending = false;
                out.appendCodePoint(c);
            } else {
                pending = true;
            }
        }
        return out.toString();
    }

    /** {@code normalize(namespace-name)@kubernetescrd}: Middlewares, TLSOptions, TraefikServices, ServersTransports. */
    public static String qualified(String namespace, String name) {
        return normalize(namespace + "-" + name) + SUFFIX;
    }

    /**
     * A route's router, and the service of its route when Traefik names it after the route (one
     * Kubernetes Service, or a weighted set): {@code normalize(namespace-ingressroute-<first 10
     * bytes of sha256(match) in hex>)}, as Traefik's {@code makeServiceKey}. The priority is not part of it.
     */
    public static String route(String namespace, String ingressRoute, String match) {
        return normalize(namespace + "-" + ingressRoute + "-" + HexFormat.of().formatHex(sha256(match), 0, 10)) + SUFFIX;
    }

    /**
     * An IngressRouteTCP route's router and service: {@code namespace-ingressroute-<first 10 bytes of
     * sha256(match) in hex>}, as Traefik's TCP translation makes it ({@code makeID}, not normalised: dots stay).
     */
    public static String tcpRoute(String namespace, String ingressRoute, String match) {
        return namespace + "-" + ingressRoute + "-" + HexFormat.of().formatHex(sha256(match), 0, 10) + SUFFIX;
    }

    /** A Kubernetes Service's load balancer inside a weighted, mirroring or failover service: {@code normalize(namespace-service-port)}. */
    public static String service(String namespace, String service, String port) {
        return normalize(namespace + "-" + service + (port == null || port.isEmpty() || port.equals("0") ? "" : "-" + port)) + SUFFIX;
    }

    /**
     * The name a {@code kind: TraefikService} reference resolves to, as Traefik's {@code fullServiceName}:
     * {@code name@kubernetescrd} (or a bare name) is a TraefikService of this provider
     * ({@code normalize(namespace-name)}); {@code name@other} is another provider's service, as written.
     */
    public static String traefikService(String namespace, String name) {
        int at = name.lastIndexOf('@');
        if (at < 0) {
            return qualified(namespace, name);
        }
        String provider = name.substring(at + 1);
        if (provider.equals(PROVIDER)) {
            return qualified(namespace, name.substring(0, at));
        }
        return normalize(name.substring(0, at)) + "@" + provider;
    }

    /** The name without {@code @kubernetescrd} (as Traefik's provider tests print it). */
    public static String local(String qualified) {
        return qualified.endsWith(SUFFIX) ? qualified.substring(0, qualified.length() - SUFFIX.length()) : qualified;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
