package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.http.HostSyntax;
import io.jwtgate.gateway.proxy.ForwardedHeaders;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers of the request to the auth server, as Traefik's forwardAuth writes them: the client's
 * headers as the chain left them (without hop-by-hop ones, {@code Proxy-Authorization} included,
 * RFC 7235 section 4.4), reduced to {@code authRequestHeaders} when set, then the
 * {@code X-Forwarded-Method}, {@code -Proto}, {@code -Host}, {@code -Uri}, {@code -For} (and
 * {@code -Port}) that tell the auth server what the client asked for. {@link ForwardHeaderTrust}
 * decides whether those already on the request are kept or replaced.
 */
final class AuthRequestHeaders {

    /** Traefik's managed X-headers, which {@code trustForwardHeader: true} adds to a non-empty {@code authRequestHeaders}. */
    private static final List<String> X_HEADERS = List.of("X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Uri", "X-Forwarded-Method",
            "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert", "X-Forwarded-Tls-Client-Cert-Info", "X-Scheme", "X-Real-Ip");

    /**
     * Traefik's hopHeaders (oxy's names, {@code Trailers} included), never sent to the auth server nor
     * relayed from it. The entry point already dropped the real hop-by-hop headers of the request.
     */
    private static final List<String> TRAEFIK_HOP_HEADERS = List.of("Connection", "Keep-Alive", "Te", "Trailers", "Transfer-Encoding",
            "Upgrade");

    /** Hop-by-hop headers of the client's request that the entry point keeps aside but Traefik sends to the auth server. */
    private static final List<String> PROXY_AUTH = List.of("Proxy-Authorization", "Proxy-Authenticate");

    private final ForwardHeaderTrust trust;
    private final List<String> allowed;

    AuthRequestHeaders(ForwardHeaderTrust trust, List<String> authRequestHeaders) {
        this.trust = trust;
        List<String> allowed = new ArrayList<>(authRequestHeaders);
        if (trust == ForwardHeaderTrust.TRUST && !allowed.isEmpty()) {
            allowed.addAll(X_HEADERS);
        }
        this.allowed = List.copyOf(allowed);
    }

    MultiMap build(Exchange exchange) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        List<String> scoped = exchange.connectionScoped();
        for (Map.Entry<String, String> e : exchange.upstream().headers()) {
            String name = e.getKey();
            // Headers the client named in Connection (kept for the chain by forwardedHeaders.connection) are not sent.
            if (!name.equalsIgnoreCase("X-Forwarded-For") && !HeaderNames.isHopByHop(name) && !isTraefikHopHeader(name)
                    && !containsIgnoreCase(scoped, name)) {
                h.add(GoHeaderKey.canonical(name), e.getValue());
            }
        }
        String prior = priorForwardedFor(exchange);
        if (prior != null) {
            h.add("X-Forwarded-For", prior);
        }
        List<String> connectionListed = HeaderNames.connectionTokens(exchange.request().headers().getAll("Connection"));
        for (String name : PROXY_AUTH) {
            if (!containsIgnoreCase(connectionListed, name)) {
                exchange.request().headers().getAll(name).forEach(v -> h.add(name, v));
            }
        }
        if (trust == ForwardHeaderTrust.DISTRUST) {
            List<String> managed = h.names().stream().filter(ForwardedHeaders::isManaged).toList();
            managed.forEach(h::remove);
        }
        MultiMap out = filter(h);
        String clientIp = exchange.clientIp();
        String proto = exchange.isTls() ? "https" : "http";
        String host = exchange.requestAuthority();
        String uri = exchange.upstream().uri();
        if (trust == ForwardHeaderTrust.LEGACY) {
            out.set("X-Forwarded-For", clientIp);
            out.set("X-Forwarded-Proto", proto);
            out.set("X-Forwarded-Method", exchange.method());
            out.set("X-Forwarded-Host", host);
            out.set("X-Forwarded-Uri", uri);
            return out;
        }
        String previous = out.get("X-Forwarded-For");
        out.set("X-Forwarded-For", previous != null ? String.join(", ", out.getAll("X-Forwarded-For")) + ", " + clientIp : clientIp);
        setIfAbsent(out, "X-Forwarded-Method", exchange.method());
        setIfAbsent(out, "X-Forwarded-Proto", proto);
        setIfAbsent(out, "X-Forwarded-Port", port(host, out.get("X-Forwarded-Proto"), exchange.isTls()));
        setIfAbsent(out, "X-Forwarded-Host", host);
        setIfAbsent(out, "X-Forwarded-Uri", uri);
        return out;
    }

    /**
     * The X-Forwarded-For as Traefik's middlewares see it: what a trusted proxy sent, the client's
     * address not appended yet (Traefik's entry point leaves that to the proxy, jwtgate's appends it
     * at once), or whatever an earlier middleware of the chain put instead.
     */
    private static String priorForwardedFor(Exchange exchange) {
        String current = exchange.upstream().headers().get("X-Forwarded-For");
        String received = exchange.receivedForwardedFor();
        boolean none = received == null || received.isBlank();
        String fromEntryPoint = none ? exchange.clientIp() : received + ", " + exchange.clientIp();
        if (current != null && current.equals(fromEntryPoint)) {
            return none ? null : received;
        }
        return current;
    }

    /** {@code authRequestHeaders}: only the listed headers, when the list is not empty. */
    private MultiMap filter(MultiMap h) {
        if (allowed.isEmpty()) {
            return h;
        }
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (String name : allowed) {
            if (!out.contains(name)) {
                h.getAll(name).forEach(v -> out.add(GoHeaderKey.canonical(name), v));
            }
        }
        return out;
    }

    static boolean isTraefikHopHeader(String name) {
        return containsIgnoreCase(TRAEFIK_HOP_HEADERS, name);
    }

    /** Traefik's forwardedPort: the Host's port, else 443 for https (or wss) or a TLS connection, else 80. */
    private static String port(String host, String proto, boolean tls) {
        int port = HostSyntax.port(host);
        if (port > 0) {
            return Integer.toString(port);
        }
        return "https".equals(proto) || "wss".equals(proto) || tls ? "443" : "80";
    }

    private static void setIfAbsent(MultiMap h, String name, String value) {
        if (!h.contains(name)) {
            h.set(name, value);
        }
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
