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
        boolean trustedPeer = insecure || isTrusted(exchange.clientAddress());
        if (!trustedPeer) {
            NAMES.forEach(h::remove);
        }
        String clientIp = exchange.clientIp();
        String previous = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", previous == null || previous.isBlank() ? clientIp : previous + ", " + clientIp);
        String scheme = exchange.isTls() ? (websocket ? "wss" : "https") : (websocket ? "ws" : "http");
        setIfAbsent(h, "X-Forwarded-Proto", scheme);
        String authority = exchange.request().authority() == null ? null : exchange.request().authority().toString();
        if (authority != null) {
            setIfAbsent(h, "X-Forwarded-Host", authority);
        }
        setIfAbsent(h, "X-Forwarded-Port", String.valueOf(port(exchange)));
        h.set("X-Forwarded-Server", serverName);
        setIfAbsent(h, "X-Real-Ip", clientIp);
    }

    private static int port(Exchange exchange) {
        var authority = exchange.request().authority();
        if (authority != null && authority.port() > 0) {
            return authority.port();
        }
        return exchange.isTls() ? 443 : 80;
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
