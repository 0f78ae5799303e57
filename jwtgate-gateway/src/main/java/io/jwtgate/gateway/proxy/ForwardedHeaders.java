package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.rule.CidrBlock;
import io.jwtgate.gateway.runtime.Exchange;
import io.vertx.core.MultiMap;
import java.net.InetAddress;
import java.util.List;

/**
 * X-Forwarded-* as Traefik sets them. Headers sent by an untrusted client are dropped and
 * replaced, so a client cannot claim another address; trusted peers' values are kept and extended.
 */
public final class ForwardedHeaders {

    private static final List<String> NAMES = List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Prefix", "X-Real-Ip", "Forwarded");

    private final boolean insecure;
    private final List<CidrBlock> trusted;
    private final String serverName;

    public ForwardedHeaders(EntryPointConfig.ForwardedHeadersConfig config, String serverName) {
        this.insecure = config.insecure();
        this.trusted = config.trustedIPs().stream().map(CidrBlock::parse).toList();
        this.serverName = serverName;
    }

    /** Call once on the upstream headers, before middlewares run (they may add X-Forwarded-Prefix). */
    public void apply(Exchange exchange, boolean websocket) {
        MultiMap h = exchange.upstreamHeaders();
        // With no trusted IPs, skip parsing the client address (InetAddress) on every request.
        boolean trustedPeer = insecure || (!trusted.isEmpty() && isTrusted(exchange.clientAddress()));
        String clientIp = exchange.clientIp();
        String scheme = exchange.isTls() ? (websocket ? "wss" : "https") : (websocket ? "ws" : "http");
        var authority = exchange.request().authority();
        String port = portOf(exchange);
        if (!trustedPeer) {
            NAMES.forEach(h::remove);
            // None of them is left: plain adds, no lookups.
            h.add("X-Forwarded-For", clientIp);
            h.add("X-Forwarded-Proto", scheme);
            if (authority != null) {
                h.add("X-Forwarded-Host", authority.toString());
            }
            h.add("X-Forwarded-Port", port);
            h.add("X-Forwarded-Server", serverName);
            h.add("X-Real-Ip", clientIp);
            return;
        }
        String previous = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", previous == null || previous.isBlank() ? clientIp : previous + ", " + clientIp);
        setIfAbsent(h, "X-Forwarded-Proto", scheme);
        if (authority != null) {
            setIfAbsent(h, "X-Forwarded-Host", authority.toString());
        }
        setIfAbsent(h, "X-Forwarded-Port", port);
        h.set("X-Forwarded-Server", serverName);
        setIfAbsent(h, "X-Real-Ip", clientIp);
    }

    private static String portOf(Exchange exchange) {
        var authority = exchange.request().authority();
        if (authority != null && authority.port() > 0) {
            return Integer.toString(authority.port());
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
