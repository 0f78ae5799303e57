package io.jwtgate.gateway.runtime.tls;

import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TLS options of one entry point by server name (SNI), as Traefik's TLS router picks them:
 * the host names of the routers' {@code Host(...)} rules (exact, then {@code *.} wildcards of one
 * label, then {@code Host(`*`)}), and {@code default} for every other name and for connections
 * without SNI.
 */
public final class SniOptions {

    private final TlsChoice defaultChoice;
    private final Map<String, TlsChoice> exact;
    private final Map<String, TlsChoice> wildcards;
    private final TlsChoice catchAll;

    /**
     * @param hosts lower-case host names without a trailing dot; {@code *.example.com} is a wildcard, {@code *} matches any name
     */
    public SniOptions(TlsChoice defaultChoice, Map<String, TlsChoice> hosts) {
        this.defaultChoice = defaultChoice;
        Map<String, TlsChoice> e = new TreeMap<>();
        Map<String, TlsChoice> w = new TreeMap<>();
        TlsChoice all = null;
        for (Map.Entry<String, TlsChoice> h : hosts.entrySet()) {
            if (h.getKey().equals("*")) {
                all = h.getValue();
            } else if (h.getKey().startsWith("*.")) {
                w.put(h.getKey().substring(1), h.getValue());
            } else {
                e.put(h.getKey(), h.getValue());
            }
        }
        this.exact = Map.copyOf(e);
        this.wildcards = Map.copyOf(w);
        this.catchAll = all;
    }

    /** An entry point whose every handshake fails (no runtime yet, or its options cannot be built). */
    public static SniOptions refuseAll(String reason) {
        return new SniOptions(new TlsChoice.Refuse(TlsOptionsConfig.DEFAULT, reason), Map.of());
    }

    public TlsChoice defaultChoice() {
        return defaultChoice;
    }

    /** The options for a server name; null or empty (no SNI) gets {@code default}, unless {@code Host(`*`)} names options. */
    public TlsChoice choose(String serverName) {
        String name = normalize(serverName);
        if (!name.isEmpty()) {
            TlsChoice c = exact.get(name);
            if (c != null) {
                return c;
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                c = wildcards.get(name.substring(dot));
                if (c != null) {
                    return c;
                }
            }
        }
        return catchAll != null ? catchAll : defaultChoice;
    }

    /** Lower case, without the trailing dot of a fully qualified name. */
    public static String normalize(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Equal for the same choices by name: two entry point setups with equal digests serve the same handshakes. */
    public String digest() {
        StringBuilder b = new StringBuilder(describe(defaultChoice));
        new TreeMap<>(exact).forEach((h, c) -> b.append('|').append(h).append('=').append(describe(c)));
        new TreeMap<>(wildcards).forEach((h, c) -> b.append("|*").append(h).append('=').append(describe(c)));
        if (catchAll != null) {
            b.append("|*=").append(describe(catchAll));
        }
        return b.toString();
    }

    private static String describe(TlsChoice c) {
        return switch (c) {
            case TlsChoice.Use u -> u.options().ref().name() + "#" + u.options().ref().digest();
            case TlsChoice.Refuse r -> "refuse:" + r.name() + ":" + r.reason();
        };
    }
}
