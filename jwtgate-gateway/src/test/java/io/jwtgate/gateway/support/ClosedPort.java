package io.jwtgate.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nobody listens on (bound once, then released): connecting to it is refused. */
public final class ClosedPort {

    private ClosedPort() {}

    public static int port() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static String url() throws IOException {
        return "http://127.0.0.1:" + port();
    }
}
