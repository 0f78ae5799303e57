package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.http.HostSyntax;
import io.jwtgate.gateway.rule.CidrBlock;
import io.vertx.core.MultiMap;
import java.net.InetAddress;
import java.util.List;

/**
 * X-Forwarded-* as Traefik sets them. Headers sent by an untrusted client are dropped and
 * replaced, so a client cannot claim another address; trusted peers' values are kept and extended.
 */
public final class ForwardedHeaders {

    /** Traefik's managed X-headers: a client can neither forge them (untrusted) nor name them in Connection. */
    private static final List<String> MANAGED = List.of("X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Uri", "X-Forwarded-Method",
            "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert", "X-Forwarded-Tls-Client-Cert-Info", "X-Scheme", "X-Real-Ip");

    /** Removed from an untrusted client's request, with their underscore variants ({@code X_Forwarded_For}). */
    private static final List<String> NAMES;

    static {
        List<String> names = new java.util.ArrayList<>(MANAGED);
        names.add("Forwarded");
        NAMES = List.copyOf(names);
    }

    /** True for one of the managed X-headers, also written with underscores ({@code X_Real_Ip}), in any case. */
    public static boolean isManaged(String name) {
        if (name.isEmpty() || (name.charAt(0) != 'X' && name.charAt(0) != 'x')) {
            return false;
        }
        for (String managed : MANAGED) {
            if (HeaderNames.sameVariable(managed, name)) {
                return true;
            }
        }
        return false;
    }

    private final boolean insecure;
    private final List<CidrBlock> trusted;
    private final String serverName;
    private final boolean schemeHeaders;

    public ForwardedHeaders(EntryPointConfig.ForwardedHeadersConfig config, String serverName) {
        this.insecure = config.insecure();
        this.schemeHeaders = config.addXForwardedSchemeHeaders();
        this.trusted = config.trustedIPs().stream().map(CidrBlock::parse).toList();
        this.serverName = serverName;
    }

    /** Call once on the upstream headers, before middlewares run (they may add X-Forwarded-Prefix). */
    public void apply(Exchange exchange, boolean websocket) {
        MultiMap h = exchange.upstream().headers();
        // With no trusted IPs, skip parsing the client address (InetAddress) on every request.
        boolean trustedPeer = insecure || (!trusted.isEmpty() && isTrusted(exchange.clientAddress()));
        String clientIp = exchange.clientIp();
        String scheme = exchange.isTls() ? (websocket ? "wss" : "https") : (websocket ? "ws" : "http");
        String authority = exchange.authority().isEmpty() ? null : exchange.authority();
        String port = portOf(exchange);
        if (!trustedPeer) {
            HeaderNames.removeWithVariants(h, NAMES);
            // None of them is left: plain adds, no lookups.
            h.add("X-Forwarded-For", clientIp);
            h.add("X-Forwarded-Proto", scheme);
            if (authority != null) {
                h.add("X-Forwarded-Host", authority);
            }
            h.add("X-Forwarded-Port", port);
            h.add("X-Forwarded-Server", serverName);
            h.add("X-Real-Ip", clientIp);
            schemeHeaders(h);
            return;
        }
        String previous = h.get("X-Forwarded-For");
        exchange.receivedForwardedFor(previous);
        h.set("X-Forwarded-For", previous == null || previous.isBlank() ? clientIp : previous + ", " + clientIp);
        setIfAbsent(h, "X-Forwarded-Proto", scheme);
        if (authority != null) {
            setIfAbsent(h, "X-Forwarded-Host", authority);
        }
        setIfAbsent(h, "X-Forwarded-Port", port);
        h.set("X-Forwarded-Server", serverName);
        setIfAbsent(h, "X-Real-Ip", clientIp);
        schemeHeaders(h);
    }

    /** {@code addXForwardedSchemeHeaders}: Traefik's compatibility copies of the final X-Forwarded-Proto. */
    private void schemeHeaders(MultiMap h) {
        if (schemeHeaders) {
            String proto = h.get("X-Forwarded-Proto");
            h.set("X-Forwarded-Scheme", proto);
            h.set("X-Scheme", proto);
        }
    }

    private static String portOf(Exchange exchange) {
        int port = HostSyntax.port(exchange.authority());
        if (port > 0) {
            return Integer.toString(port);
        }
        return exchange.isTls() ? "443" : "80";
    }

    private static void setIfAbsent(MultiMap h, String name, String value) {
        if (!h.contains(name)) {
            h.set(name, value);
        }
    }

    private boolean isTrusted(InetAddress address) {
        if (address == null) {
            return false;
        }
        for (CidrBlock block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
