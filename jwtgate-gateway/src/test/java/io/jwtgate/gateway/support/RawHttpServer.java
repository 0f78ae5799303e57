package io.jwtgate.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 server on plain sockets (127.0.0.1, ephemeral port) for the test servers that must
 * see or write what no HTTP library lets a test see or write: it records the raw bytes of every
 * connection and each request it parses from them (strict: a three-part request line, "name:
 * value" headers, a Content-Length or chunked body), and lets a {@link Handler} answer with bytes
 * of its own, reset the connection or hold it open.
 */
public final class RawHttpServer implements AutoCloseable {

    /** One request as it arrived: the request line, the headers in order, the body (decoded with the server's charset). */
    public record Request(String requestLine, List<String[]> headers, String body) {

        public String method() {
            return requestLine.split(" ")[0];
        }

        public String target() {
            return requestLine.split(" ")[1];
        }

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

    /** Answers one request; without a call on {@code reply} the connection stays open for the next request. */
    @FunctionalInterface
    public interface Handler {
        void answer(Request request, Reply reply) throws IOException;
    }

    /** What a handler does with the connection of a request. */
    public static final class Reply {
        private final Socket socket;
        private final OutputStream out;
        private final Charset charset;
        private boolean ended;

        private Reply(Socket socket, OutputStream out, Charset charset) {
            this.socket = socket;
            this.out = out;
            this.charset = charset;
        }

        /** Writes {@code raw} (status line, headers, body) exactly as given. */
        public void send(String raw) throws IOException {
            out.write(raw.getBytes(charset));
            out.flush();
        }

        /** Closes the connection normally (FIN) once the handler returns: a keep-alive timeout, or the end of a body without a length. */
        public void close() {
            ended = true;
        }

        /** Resets the connection (RST, no answer): what the gateway sees from a crashing server. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0); // the close that follows sends RST
            ended = true;
        }

        /** Answers nothing and keeps the connection until the other side gives up on it. */
        public void hold() throws IOException {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // discard
            }
            ended = true;
        }
    }

    private final ServerSocket server;
    private final Charset charset;
    private final Handler handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
    private final List<String> parseErrors = new CopyOnWriteArrayList<>();
    /** Counted down each time a connection ends (closed by the other side, reset, or refused by the parser). */
    private volatile CountDownLatch closed = new CountDownLatch(1);

    /** @param charset how request bodies are decoded and answers encoded */
    public RawHttpServer(Charset charset, Handler handler) throws IOException {
        this.charset = charset;
        this.handler = handler;
        this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        acceptEach(server, this::serve);
    }

    /** Accepts connections until {@code server} closes, each served on a virtual thread of its own. */
    static void acceptEach(ServerSocket server, Consumer<Socket> serve) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve.accept(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return connections.size();
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

    /** What the parser refused (the connection was closed there). */
    public List<String> parseErrors() {
        return List.copyOf(parseErrors);
    }

    /** A latch for the next connection end, to wait on after provoking it. */
    public CountDownLatch nextClose() {
        closed = new CountDownLatch(1);
        return closed;
    }

    private void serve(Socket socket) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        connections.add(raw);
        try (socket; InputStream in = new Recording(socket.getInputStream(), raw); OutputStream out = socket.getOutputStream()) {
            while (true) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Reply reply = new Reply(socket, out, charset);
                handler.answer(request, reply);
                if (reply.ended) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the other side closed or reset the connection
        } finally {
            closed.countDown();
        }
    }

    /** The next request, or null at the end of the connection or after a parse error. */
    private Request read(InputStream in) throws IOException {
        String requestLine;
        do {
            requestLine = CrLf.readLine(in);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        if (requestLine.split(" ").length != 3) {
            parseErrors.add("bad request line: " + requestLine);
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        String h;
        while ((h = CrLf.readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                parseErrors.add("bad header line: " + h);
                return null;
            }
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
        }
        return new Request(requestLine, headers, body(in, headers));
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
                int n = Integer.parseInt(CrLf.readLine(in).split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!CrLf.readLine(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                CrLf.readLine(in);
            }
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        }
        return body.toString(charset);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Copies what is read into the connection's record. */
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
