package io.jwtgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port nobody listens on: connecting to it is refused. The port stays reserved for the
 * JVM's life by a socket bound to it that neither listens nor connects. A port merely bound once
 * and released is not enough: a server of another test (or another process) may bind it later,
 * and an outgoing connection may take it as its source port and connect to itself (TCP
 * simultaneous open), so a "refused" server would sometimes answer, or hang.
 */
public final class ClosedPort {

    private static final List<Socket> RESERVED = new CopyOnWriteArrayList<>();

    private ClosedPort() {}

    public static int port() {
        try {
            Socket reserved = new Socket();
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            RESERVED.add(reserved);
            return reserved.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback port could be reserved", e);
        }
    }

    public static String url() {
        return "http://127.0.0.1:" + port();
    }
}
