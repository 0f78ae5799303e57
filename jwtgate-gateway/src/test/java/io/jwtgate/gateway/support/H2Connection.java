package io.jwtgate.gateway.support;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * HTTP/2 frames written by the test (RFC 9113), over TLS with ALPN {@code h2}: headers are HPACK
 * literals the test controls byte for byte (CR/LF in a value, an illegal {@code :path}), which no
 * HTTP/2 client library would send. Responses are decoded with Netty's HPACK decoder.
 */
public final class H2Connection implements AutoCloseable {

    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, CONTINUATION = 9;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;

    /** What came back on one stream: the status and headers, the body, or the code of the RST_STREAM/GOAWAY that ended it. */
    public record Response(int status, Map<String, String> headers, String body, long resetCode) {
        public boolean reset() {
            return resetCode >= 0;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    private final Map<Integer, Pending> streams = new ConcurrentHashMap<>();
    private volatile boolean goAway;
    private final CompletableFuture<Map<Integer, Long>> serverSettings = new CompletableFuture<>();
    private int nextStream = 1;

    private static final class Pending {
        final CompletableFuture<Response> done = new CompletableFuture<>();
        final ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = -1;
        Map<String, String> headers = Map.of();
    }

    private H2Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        Thread.ofVirtual().start(this::readLoop);
    }

    /** Connects with TLS (any certificate accepted) and ALPN h2. */
    public static H2Connection tls(int port, String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {Http.TRUST_ALL}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters params = socket.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2"});
        params.setServerNames(java.util.List.of(new SNIHostName(sni)));
        socket.setSSLParameters(params);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IOException("server did not negotiate h2 but '" + socket.getApplicationProtocol() + "'");
        }
        return new H2Connection(socket);
    }

    /** Opens a new stream with the given header fields (pseudo-headers first), each an HPACK literal as given. */
    public synchronized int request(boolean endStream, String... nameValues) throws IOException {
        int id = nextStream;
        nextStream += 2;
        streams.put(id, new Pending());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            block.write(0x00); // literal header field without indexing, new name
            string(block, nameValues[i]);
            string(block, nameValues[i + 1]);
        }
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), id, block.toByteArray());
        return id;
    }

    /** A GET with the usual pseudo-headers and the extra fields given. */
    public int get(String authority, String path, String... extra) throws IOException {
        String[] fields = new String[8 + extra.length];
        String[] pseudo = {":method", "GET", ":scheme", "https", ":authority", authority, ":path", path};
        System.arraycopy(pseudo, 0, fields, 0, 8);
        System.arraycopy(extra, 0, fields, 8, extra.length);
        return request(true, fields);
    }

    public synchronized void data(int stream, String body, boolean endStream) throws IOException {
        frame(DATA, endStream ? END_STREAM : 0, stream, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    public synchronized void reset(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8}); // CANCEL
    }

    public Response await(int stream, long seconds) throws Exception {
        return streams.get(stream).done.get(seconds, TimeUnit.SECONDS);
    }

    /** The server's first SETTINGS frame: identifier (RFC 9113 section 6.5.2) to value. */
    public Map<Integer, Long> serverSettings() throws Exception {
        return serverSettings.get(10, TimeUnit.SECONDS);
    }

    public boolean goAway() {
        return goAway;
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        synchronized (out) {
            out.write(header);
            out.write(payload);
            out.flush();
        }
    }

    /** HPACK string literal (RFC 7541 section 5.2), not Huffman-coded: the bytes go on the wire as given. */
    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int length = bytes.length;
        if (length < 127) {
            block.write(length);
        } else {
            block.write(127);
            length -= 127;
            while (length >= 128) {
                block.write((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            block.write(length);
        }
        block.writeBytes(bytes);
    }

    private void readLoop() {
        try {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7FFFFFFF;
                byte[] payload = in.readNBytes(length);
                handle(type, flags, stream, payload);
            }
        } catch (Exception e) {
            goAway = true;
            streams.values().forEach(p -> p.done.complete(new Response(p.status, p.headers, p.body.toString(StandardCharsets.UTF_8), 0)));
        }
    }

    private void handle(int type, int flags, int stream, byte[] payload) throws Exception {
        Pending p = streams.get(stream);
        switch (type) {
            case SETTINGS -> {
                if ((flags & ACK) == 0) {
                    Map<Integer, Long> settings = new java.util.HashMap<>();
                    for (int i = 0; i + 6 <= payload.length; i += 6) {
                        int id = ((payload[i] & 0xFF) << 8) | (payload[i + 1] & 0xFF);
                        long value = ((payload[i + 2] & 0xFFL) << 24) | ((payload[i + 3] & 0xFF) << 16)
                                | ((payload[i + 4] & 0xFF) << 8) | (payload[i + 5] & 0xFF);
                        settings.put(id, value);
                    }
                    serverSettings.complete(settings);
                    frame(SETTINGS, ACK, 0, new byte[0]);
                }
            }
            case PING -> {
                if ((flags & ACK) == 0) {
                    frame(PING, ACK, 0, payload);
                }
            }
            case GOAWAY -> {
                goAway = true;
                long code = ((payload[4] & 0xFFL) << 24) | ((payload[5] & 0xFF) << 16) | ((payload[6] & 0xFF) << 8) | (payload[7] & 0xFF);
                streams.values().forEach(q -> q.done.complete(new Response(q.status, q.headers, "", code)));
            }
            case HEADERS, CONTINUATION -> {
                if (p == null) {
                    return;
                }
                int offset = 0;
                int padding = 0;
                if (type == HEADERS && (flags & 0x8) != 0) {
                    padding = payload[0] & 0xFF;
                    offset = 1;
                }
                if (type == HEADERS && (flags & 0x20) != 0) {
                    offset += 5;
                }
                p.headerBlock.write(payload, offset, payload.length - offset - padding);
                if ((flags & END_HEADERS) != 0) {
                    Http2Headers decoded = decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(p.headerBlock.toByteArray()));
                    p.headerBlock.reset();
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    decoded.forEach(h -> headers.put(h.getKey().toString(), h.getValue().toString()));
                    if (headers.containsKey(":status") && p.status < 0) {
                        p.status = Integer.parseInt(headers.get(":status"));
                        p.headers = headers;
                    }
                }
                if ((flags & END_STREAM) != 0) {
                    p.done.complete(new Response(p.status, p.headers, p.body.toString(StandardCharsets.UTF_8), -1));
                }
            }
            case DATA -> {
                if (p == null) {
                    return;
                }
                int offset = (flags & 0x8) != 0 ? 1 : 0;
                int padding = offset == 1 ? payload[0] & 0xFF : 0;
                p.body.write(payload, offset, payload.length - offset - padding);
                if (length(payload) > 0) {
                    // Give the window back so long bodies keep flowing.
                    byte[] inc = {0, 0, (byte) (payload.length >>> 8), (byte) payload.length};
                    inc[0] = (byte) (payload.length >>> 24);
                    inc[1] = (byte) (payload.length >>> 16);
                    frame(8, 0, 0, inc);
                    frame(8, 0, stream, inc);
                }
                if ((flags & END_STREAM) != 0) {
                    p.done.complete(new Response(p.status, p.headers, p.body.toString(StandardCharsets.UTF_8), -1));
                }
            }
            case RST_STREAM -> {
                if (p != null) {
                    long code = ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
                    p.done.complete(new Response(p.status, p.headers, p.body.toString(StandardCharsets.UTF_8), code));
                }
            }
            default -> {
                // WINDOW_UPDATE, PRIORITY: nothing to do
            }
        }
    }

    private static int length(byte[] payload) {
        return payload.length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
