package io.jwtgate.gateway.rule;

import java.net.InetAddress;

/** An IP range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address means a single host. */
public record CidrBlock(byte[] network, int prefixLength) {

    public static CidrBlock parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        if (!addressPart.matches("[0-9a-fA-F:.]+")) {
            // Refuse host names: resolving DNS at configuration time would be slow and surprising.
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        // Netty's literal parser never resolves a name (InetAddress.getByName would for "10.0.0.350").
        byte[] address = io.netty.util.NetUtil.createByteArrayFromIpAddressString(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
        }
        return new CidrBlock(address, prefix);
    }

    public boolean contains(InetAddress candidate) {
        byte[] c = candidate.getAddress();
        if (c.length != network.length) {
            // Match IPv4 ranges against IPv4-mapped IPv6 peers (::ffff:a.b.c.d).
            if (network.length == 4 && c.length == 16 && isV4Mapped(c)) {
                c = java.util.Arrays.copyOfRange(c, 12, 16);
            } else {
                return false;
            }
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (c[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (c[full] & mask) == (network[full] & mask);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }
}
