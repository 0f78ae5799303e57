package io.jwtgate.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A backend on plain sockets that records exactly what reaches it: the raw bytes of every
 * connection, and each request it parsed from them (strict HTTP/1.1: Content-Length or chunked);
 * each request gets {@code 200 ok}. A smuggling test asserts that it parsed no request the gateway
 * did not route.
 */
public final class RecordingBackend implements AutoCloseable {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

    private final RawHttpServer server;

    public RecordingBackend() throws IOException {
        server = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> reply.send(OK));
    }

    public String url() {
        return server.url();
    }

    public List<RawHttpServer.Request> requests() {
        return server.requests();
    }

    /** Every byte each connection delivered, as Latin-1 text. */
    public String rawBytes() {
        return server.rawBytes();
    }

    public List<String> parseErrors() {
        return server.parseErrors();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
