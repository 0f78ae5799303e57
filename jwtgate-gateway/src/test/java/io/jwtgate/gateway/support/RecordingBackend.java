package io.jwtgate.gateway.support;

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

/**
 * A backend written on plain sockets that records exactly what reaches it: the raw bytes of every
 * connection, and each request it parsed from them (strict HTTP/1.1: Content-Length or chunked).
 * A smuggling test asserts that it parsed no request the gateway did not route.
 */
public final class RecordingBackend implements AutoCloseable {

    /** One request as the backend read it. */
    public record Received(String method, String target, List<String[]> headers, String body) {
        /** Every value of {@code name} (case-insensitive), in order. */
        public List<String> header(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        public boolean hasHeader(String name) {
            return !header(name).isEmpty();
        }
    }

    private final ServerSocket server;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
    private final List<String> parseErrors = new CopyOnWriteArrayList<>();

    public RecordingBackend() throws IOException {
        server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** Every byte each connection delivered, as Latin-1 text. */
    public String rawBytes() {
        StringBuilder out = new StringBuilder();
        for (ByteArrayOutputStream c : connections) {
            synchronized (c) {
                out.append(c.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toString();
    }

    public List<String> parseErrors() {
        return List.copyOf(parseErrors);
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
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        connections.add(raw);
        try (socket; InputStream in = new Recording(socket.getInputStream(), raw); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3) {
                    parseErrors.add("bad request line: " + requestLine);
                    return;
                }
                List<String[]> headers = new ArrayList<>();
                String h;
                while ((h = line(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        parseErrors.add("bad header line: " + h);
                        return;
                    }
                    headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
                }
                String body = body(in, headers);
                requests.add(new Received(parts[0], parts[1], headers, body));
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the gateway closed the connection
        }
    }

    private String body(InputStream in, List<String[]> headers) throws IOException {
        String length = null;
        boolean chunked = false;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Length")) {
                length = h[1];
            }
            if (h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        return CrLf.readLine(in);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static final class Recording extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream copy;

        Recording(InputStream in, ByteArrayOutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (copy) {
                    copy.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                synchronized (copy) {
                    copy.write(buf, off, n);
                }
            }
            return n;
        }
    }
}
