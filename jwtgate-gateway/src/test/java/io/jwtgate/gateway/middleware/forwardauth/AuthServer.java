package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.support.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * An auth server on plain sockets (127.0.0.1, ephemeral port) that records every request exactly
 * as it arrived and answers with exactly the head the test scripts, hop-by-hop headers and
 * chunked bodies included, which no HTTP server library would let a test write.
 */
final class AuthServer implements AutoCloseable {

    /**
     * What to answer: status line, headers in order, body (chunked when a Transfer-Encoding: chunked
     * header is scripted, else with a Content-Length unless one is scripted); null to answer nothing.
     */
    record Answer(int status, String reason, List<String[]> headers, String body) {}

    private final RawHttpServer server;

    AuthServer(Function<RawHttpServer.Request, Answer> script) throws IOException {
        this.server = new RawHttpServer(StandardCharsets.UTF_8, (request, reply) -> {
            Answer answer = script.apply(request);
            if (answer == null) {
                reply.hold(); // until the gateway gives up on it
            } else {
                reply.send(render(answer, request.method().equals("HEAD")));
            }
        });
    }

    String url() {
        return server.url();
    }

    List<RawHttpServer.Request> received() {
        return server.requests();
    }

    /** A latch for the next connection end (closed by the gateway or reset), to wait on after provoking it. */
    CountDownLatch nextClose() {
        return server.nextClose();
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

    @Override
    public void close() throws IOException {
        server.close();
    }
}
