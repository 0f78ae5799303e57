package io.jwtgate.gateway.rule;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses and ranges of a {@code ClientIP} matcher, read as Traefik's {@code ip.NewChecker}
 * reads them (Go's {@code net.ParseIP}, else {@code net.ParseCIDR}): dotted IPv4 without leading
 * zeros, IPv6 without a zone, {@code addr/bits}. Anything else is refused with Go's wording.
 */
final class IpRanges {

    private final List<CidrBlock> blocks;

    private IpRanges(List<CidrBlock> blocks) {
        this.blocks = blocks;
    }

    /** @throws IllegalArgumentException with Traefik's text, e.g. {@code parsing CIDR trusted IPs 1: invalid CIDR address: 1} */
    static IpRanges parse(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no trusted IPs provided");
        }
        List<CidrBlock> out = new ArrayList<>();
        for (String v : values) {
            int slash = v.indexOf('/');
            String address = slash < 0 ? v : v.substring(0, slash);
            boolean valid = isGoIp(address) && (slash < 0 || isPrefixLength(v.substring(slash + 1), address.indexOf(':') < 0 ? 32 : 128));
            if (!valid) {
                // Traefik prints the (nil) parsed network here; the text it parsed is more useful.
                throw new IllegalArgumentException("parsing CIDR trusted IPs " + v + ": invalid CIDR address: " + v);
            }
            out.add(CidrBlock.parse(v));
        }
        return new IpRanges(List.copyOf(out));
    }

    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        for (CidrBlock b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code netip.ParseAddr} as {@code net.ParseIP} uses it: no leading zeros in IPv4, no zone. */
    private static boolean isGoIp(String s) {
        if (s.indexOf(':') >= 0) {
            return s.indexOf('%') < 0 && s.matches("[0-9a-fA-F:.]+") && io.netty.util.NetUtil.isValidIpV6Address(s)
                    && ipv4Tail(s);
        }
        return isGoIpv4(s);
    }

    /** An embedded IPv4 tail ({@code ::ffff:1.2.3.4}) follows the IPv4 rules too. */
    private static boolean ipv4Tail(String s) {
        int colon = s.lastIndexOf(':');
        String tail = s.substring(colon + 1);
        return tail.indexOf('.') < 0 || isGoIpv4(tail);
    }

    private static boolean isGoIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || (p.length() > 1 && p.charAt(0) == '0')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrefixLength(String s, int max) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(s) <= max;
    }
}
