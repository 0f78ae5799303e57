package io.jwtgate.gateway.middleware.buffering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on plain sockets that fails the way a crashing server does: it reads each request
 * whole, records it (request line, headers, body), and for the first {@code resets} requests
 * resets the connection (RST, no answer: the gateway sees a network error and answers 502); later
 * requests get {@code 200 hello}. With {@code resets} negative, every request is reset.
 */
final class FlakyBackend implements AutoCloseable {

    /** One request as the backend read it. */
    record Received(String requestLine, List<String[]> headers, String body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final AtomicInteger resetsLeft;
    private final List<Received> requests = new CopyOnWriteArrayList<>();

    FlakyBackend(int resets) throws IOException {
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.resetsLeft = new AtomicInteger(resets);
        Thread.ofVirtual().start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                List<String[]> headers = new ArrayList<>();
                String h;
                int length = 0;
                while ((h = line(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    String[] header = {h.substring(0, colon), h.substring(colon + 1).trim()};
                    headers.add(header);
                    if (header[0].toLowerCase(Locale.ROOT).equals("content-length")) {
                        length = Integer.parseInt(header[1]);
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
                requests.add(new Received(requestLine, headers, body));
                int left = resetsLeft.getAndDecrement();
                if (left != 0) {
                    socket.setSoLinger(true, 0); // close() now sends RST
                    return;
                }
                resetsLeft.set(0);
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the gateway went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
