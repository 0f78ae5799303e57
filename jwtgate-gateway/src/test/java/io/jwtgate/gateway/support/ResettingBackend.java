package io.jwtgate.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that accepts a connection, reads the request's head (and, if the request target
 * starts with {@code /after<N>/}, N bytes of its body), then resets the connection (RST, no
 * response): a server that fails after the request was sent to it. Records each head it read.
 */
public final class ResettingBackend implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    public ResettingBackend() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        RawHttpServer.acceptEach(server, this::reset);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The heads (request line and headers) of the requests it reset, in order. */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    private void reset(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int c;
            while (matched < 4 && (c = in.read()) >= 0) {
                head.write(c);
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String target = text.split(" ", 3).length > 1 ? text.split(" ", 3)[1] : "";
            if (target.startsWith("/after")) {
                int end = target.indexOf('/', 1);
                in.readNBytes(Integer.parseInt(target.substring("/after".length(), end < 0 ? target.length() : end)));
            }
            heads.add(text);
            socket.setSoLinger(true, 0); // close with RST
        } catch (IOException | RuntimeException e) {
            // the gateway went away first
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
