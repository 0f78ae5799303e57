package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow clients (slowloris): headers or a body trickled one byte at a time are cut off by
 * {@code respondingTimeouts.readTimeout} even though bytes keep arriving (so the idle timeout never
 * fires), and while they trickle the gateway keeps serving others (no thread is held). Only a
 * generous upper bound is asserted, never a precise duration.
 */
class SlowClientIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final long UPPER_BOUND_MILLIS = 20_000;
    static CountingBackend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new CountingBackend());
        gw = closing.add(TestGateway.builder()
                .web("""
                transport:
                  respondingTimeouts:
                    readTimeout: 2s
                    idleTimeout: 5s
                """)
                .start("""
                http:
                  routers:
                    open: {rule: PathPrefix(`/`), service: b}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
    }


    Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gw.url("/").getPort());
        socket.setSoTimeout(500);
        return socket;
    }

    /** Writes one byte every 200 ms until the gateway closes the connection; returns how long that took. */
    static long trickleUntilClosed(Socket socket, byte[] prefix, byte filler) throws Exception {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(prefix);
        out.flush();
        while ((System.nanoTime() - start) / 1_000_000 < UPPER_BOUND_MILLIS) {
            try {
                out.write(filler);
                out.flush();
            } catch (IOException closed) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            try {
                if (in.read() == -1) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // nothing to read yet: keep trickling
            } catch (IOException reset) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    void tricklingHeadersAreCutOff() throws Exception {
        try (Socket socket = connect()) {
            byte[] prefix = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            assertThat(trickleUntilClosed(socket, prefix, (byte) 'a')).isLessThan(UPPER_BOUND_MILLIS);
        }
    }

    @Test
    void tricklingBodyIsCutOffAndNeverForwardedWhole() throws Exception {
        int before = backend.hits();
        try (Socket socket = connect()) {
            byte[] prefix = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(trickleUntilClosed(socket, prefix, (byte) 'b')).isLessThan(UPPER_BOUND_MILLIS);
        }
        assertThat(backend.hits()).as("the backend never receives a complete request").isEqualTo(before);
    }

    @Test
    void idleKeepAliveConnectionTricklingTheNextRequestIsCutOff() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            byte[] head = new byte[12];
            assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            socket.setSoTimeout(500);
            socket.getInputStream().skip(socket.getInputStream().available());
            // The next request trickles: idleTimeout (5s) + readTimeout (2s) is the bound; only assert it is closed within 40s.
            long took = trickleUntilClosedDraining(socket);
            assertThat(took).isLessThan(40_000);
        }
    }

    static long trickleUntilClosedDraining(Socket socket) throws Exception {
        long start = System.nanoTime();
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while ((System.nanoTime() - start) / 1_000_000 < 40_000) {
            try {
                socket.getOutputStream().write(i < request.length ? request[i++] : (byte) 'c');
                socket.getOutputStream().flush();
                int b = socket.getInputStream().read();
                if (b == -1) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // keep going
            } catch (IOException closed) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    void manySlowClientsDoNotStopOthersBeingServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = connect();
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(Http.get(gw.url("/")).statusCode()).isEqualTo(200);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
