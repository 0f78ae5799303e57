package io.jwtgate.gateway.middleware.ip;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.jwt.config.ConfigException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code ipStrategy}: which address is "the client". Without options, the peer of the
 * connection; with {@code depth}, the n-th entry from the right of the {@code X-Forwarded-For}
 * the entry point received from a trusted proxy; with {@code excludedIPs}, the rightmost entry
 * not in the list. {@code ipv6Subnet} reduces an IPv6 address to its subnet's first address.
 * Shared by {@code ipAllowList}, {@code ipWhiteList}, and (next) the {@code sourceCriterion} of
 * {@code rateLimit} and {@code inFlightReq}.
 */
public sealed interface IpStrategy {

    /** The client address, or "" when the strategy finds none (never authorized). */
    String clientIp(Exchange exchange);

    record RemoteAddress(Integer ipv6Subnet) implements IpStrategy {
        @Override
        public String clientIp(Exchange exchange) {
            return subnet(exchange.clientIp(), ipv6Subnet);
        }
    }

    record Depth(int depth, Integer ipv6Subnet) implements IpStrategy {
        @Override
        public String clientIp(Exchange exchange) {
            List<String> entries = forwardedFor(exchange);
            if (entries.size() < depth) {
                return "";
            }
            return subnet(entries.get(entries.size() - depth).strip(), ipv6Subnet);
        }
    }

    record Pool(IpChecker excluded) implements IpStrategy {
        @Override
        public String clientIp(Exchange exchange) {
            List<String> entries = forwardedFor(exchange);
            for (int i = entries.size() - 1; i >= 0; i--) {
                String e = entries.get(i).strip();
                if (!e.isEmpty() && !excluded.contains(e)) {
                    return e;
                }
            }
            return "";
        }
    }

    /** Reads {@code ipStrategy} (missing: the connection's peer), with Traefik's precedence: depth, then excludedIPs. */
    static IpStrategy parse(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        if (n.isMissing()) {
            return new RemoteAddress(null);
        }
        n.warnUnknownKeys(Set.of("depth", "excludedIPs", "ipv6Subnet"), warnings);
        int depth = (int) n.get("depth").integer(0);
        Integer subnet = n.has("ipv6Subnet") ? (int) n.get("ipv6Subnet").integer(0) : null;
        boolean excluded = !n.get("excludedIPs").elements().isEmpty();
        if (depth > 0) {
            checkSubnet(n, subnet);
            if (excluded) {
                warnings.accept(n.source() + ": " + n.get("excludedIPs").path() + ": ignored because depth is set (Traefik's precedence)");
            }
            return new Depth(depth, subnet);
        }
        if (excluded) {
            if (subnet != null) {
                warnings.accept(n.source() + ": " + n.get("ipv6Subnet").path() + ": ignored with excludedIPs (Traefik's precedence)");
            }
            return new Pool(IpChecker.parse(n.get("excludedIPs"), "list addresses or CIDR blocks"));
        }
        checkSubnet(n, subnet);
        return new RemoteAddress(subnet);
    }

    private static void checkSubnet(ConfigNode n, Integer subnet) throws ConfigException {
        if (subnet != null && (subnet <= 0 || subnet > 128)) {
            throw n.get("ipv6Subnet").error("invalid IPv6 subnet " + subnet + " value, should be greater to 0 and lower or equal to 128",
                    "write a prefix length such as 64");
        }
    }

    /** The X-Forwarded-For entries a trusted proxy sent (Go splits on commas and keeps one empty entry for an empty header). */
    private static List<String> forwardedFor(Exchange exchange) {
        String xff = exchange.receivedForwardedFor();
        return List.of((xff == null ? "" : xff).split(",", -1));
    }

    /** Go's {@code getIPv6SubnetIP}: the first address of the subnet for IPv6, the address itself otherwise. */
    private static String subnet(String ip, Integer bits) {
        if (bits == null) {
            return ip;
        }
        InetAddress address = IpLiteral.parse(ip);
        if (!(address instanceof Inet6Address)) {
            return ip;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }
}
