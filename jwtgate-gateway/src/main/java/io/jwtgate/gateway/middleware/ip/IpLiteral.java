package io.jwtgate.gateway.middleware.ip;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address written as text, as Go's {@code net.SplitHostPort} then {@code netip.ParseAddr} read it; never a DNS lookup. */
final class IpLiteral {

    private IpLiteral() {}

    /** The address, or null when {@code text} (optionally {@code ip:port} or {@code [ipv6]:port}) is not an IP literal. */
    static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // ipv4:port
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || (s.indexOf(':') < 0 && !s.matches("((0|[1-9]\\d{0,2})\\.){3}(0|[1-9]\\d{0,2})"))) {
            return null; // Go's netip refuses leading zeros (octal-looking octets)
        }
        // Netty's literal parser: never a DNS lookup (InetAddress.getByName would resolve what is not a literal).
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
