package io.jwtgate.gateway.server.tcp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The PROXY protocol header (HAProxy's spec, versions 1 and 2) a connection carries before its own
 * bytes: how the internal servers behind a sniffing entry point, and TCP backends with
 * {@code proxyProtocol}, learn the client's address.
 */
public final class ProxyHeader {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeader() {}

    /** A header for a TCP connection from {@code source} to {@code destination}, in {@code version} 1 or 2. */
    public static Buffer of(int version, SocketAddress source, SocketAddress destination) {
        byte[] src = address(source);
        byte[] dst = address(destination);
        boolean v6 = src.length == 16 || dst.length == 16;
        if (v6) {
            src = v6(src);
            dst = v6(dst);
        }
        if (version == 1) {
            return Buffer.buffer("PROXY " + (v6 ? "TCP6 " : "TCP4 ") + text(src) + " " + text(dst) + " "
                    + source.port() + " " + destination.port() + "\r\n");
        }
        Buffer b = Buffer.buffer(V2_SIGNATURE);
        b.appendByte((byte) 0x21); // version 2, PROXY command
        b.appendByte((byte) (v6 ? 0x21 : 0x11)); // TCP over IPv6 / IPv4
        b.appendUnsignedShort(v6 ? 36 : 12);
        b.appendBytes(src).appendBytes(dst);
        b.appendUnsignedShort(source.port()).appendUnsignedShort(destination.port());
        return b;
    }

    private static byte[] address(SocketAddress a) {
        try {
            return InetAddress.getByName(a.hostAddress()).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + a.hostAddress(), e);
        }
    }

    private static byte[] v6(byte[] a) {
        if (a.length == 16) {
            return a;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(a, 0, mapped, 12, 4);
        return mapped;
    }

    private static String text(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            b.append(i == 0 ? "" : ":").append(Integer.toHexString(((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF)));
        }
        return b.toString();
    }
}
