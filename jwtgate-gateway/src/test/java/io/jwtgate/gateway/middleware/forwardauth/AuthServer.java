package io.jwtgate.gateway.middleware.forwardauth;

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
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * An auth server on plain sockets (127.0.0.1, ephemeral port) that records every request exactly
 * as it arrived and answers with exactly the head the test scripts, hop-by-hop headers and
 * chunked bodies included, which no HTTP server library would let a test write.
 */
final class AuthServer implements AutoCloseable {

    /** One request as it arrived. */
    record Received(String method, String target, List<String[]> headers, String body) {
        List<String> header(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }
    }

    /**
     * What to answer: status line, headers in order, body (chunked when a Transfer-Encoding: chunked
     * header is scripted, else with a Content-Length unless one is scripted); null to answer nothing.
     */
    record Answer(int status, String reason, List<String[]> headers, String body) {}

    private final ServerSocket server;
    private final Function<Received, Answer> script;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down each time a connection ends (closed by the gateway or reset). */
    private volatile CountDownLatch closed = new CountDownLatch(1);

    AuthServer(Function<Received, Answer> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** A latch for the next connection end, to wait on after provoking it. */
    CountDownLatch nextClose() {
        closed = new CountDownLatch(1);
        return closed;
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
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                List<String[]> headers = new ArrayList<>();
                String h;
                while ((h = line(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
                }
                Received r = new Received(parts[0], parts[1], headers, body(in, headers));
                received.add(r);
                Answer answer = script.apply(r);
                if (answer == null) {
                    // Hold the connection until the gateway gives up on it.
                    while (in.read() >= 0) {
                        // discard
                    }
                    return;
                }
                out.write(render(answer, r.method().equals("HEAD")).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the gateway closed or reset the connection
        } finally {
            closed.countDown();
        }
    }

    private static String render(Answer a, boolean head) {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(a.status()).append(' ').append(a.reason()).append("\r\n");
        boolean chunked = false;
        boolean length = false;
        for (String[] h : a.headers()) {
            b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            chunked |= h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].equalsIgnoreCase("chunked");
            length |= h[0].equalsIgnoreCase("Content-Length");
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        boolean bodyless = head || a.status() == 204 || a.status() == 304;
        if (!chunked && !length && !bodyless) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        if (bodyless) {
            return b.toString();
        }
        if (chunked) {
            if (body.length > 0) {
                b.append(Integer.toHexString(body.length)).append("\r\n").append(a.body()).append("\r\n");
            }
            return b.append("0\r\n\r\n").toString();
        }
        return b.append(a.body()).toString();
    }

    private static String body(InputStream in, List<String[]> headers) throws IOException {
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
                int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
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
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
