package io.jwtgate.jwt.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JWKS server on 127.0.0.1 (ephemeral port) whose answer tests change at will. */
public final class JwksServer implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static Answer json(String body, String cacheControl) {
            return new Answer(200, body, cacheControl == null ? Map.of() : Map.of("Cache-Control", cacheControl));
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();

    public JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = answers.get(path);
            if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer = new Answer(503, "", Map.of());
            }
            if (answer == null) {
                answer = new Answer(404, "", Map.of());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** The next {@code n} requests get 503. */
    public void failNext(int n) {
        failuresToInject.set(n);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Waits (bounded) until {@code path} was requested {@code expected} times; returns the count. */
    public int awaitHits(String path, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
        while (hits(path) < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // let a wrongly started extra fetch show up
        return hits(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
