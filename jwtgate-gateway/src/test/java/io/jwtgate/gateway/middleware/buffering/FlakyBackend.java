package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.support.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on plain sockets that fails the way a crashing server does: it reads each request
 * whole, records it (request line, headers, body), and for the first {@code resets} requests
 * resets the connection (RST, no answer: the gateway sees a network error and answers 502); later
 * requests get {@code 200 hello}. With {@code resets} negative, every request is reset.
 */
final class FlakyBackend implements AutoCloseable {

    private static final String HELLO = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

    private final RawHttpServer server;

    FlakyBackend(int resets) throws IOException {
        AtomicInteger resetsLeft = new AtomicInteger(resets);
        this.server = new RawHttpServer(StandardCharsets.ISO_8859_1, (request, reply) -> {
            if (resetsLeft.getAndDecrement() != 0) {
                reply.reset();
            } else {
                resetsLeft.set(0);
                reply.send(HELLO);
            }
        });
    }

    String url() {
        return server.url();
    }

    List<RawHttpServer.Request> requests() {
        return server.requests();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
