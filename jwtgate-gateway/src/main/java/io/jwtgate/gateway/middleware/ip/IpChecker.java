package io.jwtgate.gateway.middleware.ip;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.rule.CidrBlock;
import io.jwtgate.jwt.config.ConfigException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's {@code ip.Checker}: a list of addresses and CIDR blocks. IPv4 addresses also match
 * their IPv4-mapped IPv6 form, as Go compares 16-byte forms.
 */
public final class IpChecker {

    private final List<CidrBlock> blocks;

    private IpChecker(List<CidrBlock> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Reads a list option ({@code sourceRange}, {@code excludedIPs}); each entry an IP or a CIDR. */
    public static IpChecker parse(ConfigNode list, String fix) throws ConfigException {
        List<CidrBlock> blocks = new ArrayList<>();
        List<ConfigNode> entries = list.elements();
        for (ConfigNode e : entries) {
            String text = e.requiredString().strip();
            try {
                blocks.add(CidrBlock.parse(text));
            } catch (IllegalArgumentException ex) {
                throw e.error("'" + text + "' is neither an IP address nor a CIDR block", "write it as 192.168.1.7, 10.0.0.0/8 or 2001:db8::/32");
            }
        }
        if (blocks.isEmpty()) {
            throw list.error("is empty", fix);
        }
        return new IpChecker(blocks);
    }

    /** Whether {@code address} (an IP literal, possibly with a port) is in the list; false for anything that is not an IP. */
    public boolean contains(String address) {
        InetAddress ip = IpLiteral.parse(address);
        if (ip == null) {
            return false;
        }
        for (CidrBlock b : blocks) {
            if (b.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
