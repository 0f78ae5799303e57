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
    private final java.util.concurrent.ExecutorService executor;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    /** Misbehaviour beyond a scripted answer. */
    public enum Fault {
        /** Accepts the request and never answers (until the server stops). */
        HANG,
        /** 200 with a 10 MB chunked body (no Content-Length), streamed until the client gives up. */
        HUGE_BODY
    }

    public JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Fault fault = faults.get(path);
            if (fault == Fault.HANG) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (fault == Fault.HUGE_BODY) {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = ("{\"keys\":[],\"pad\":\"" + "x".repeat(64 * 1024)).getBytes(StandardCharsets.UTF_8);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 160; i++) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the client stopped reading: expected
                }
                exchange.close();
                return;
            }
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

    public void fault(String path, Fault fault) {
        faults.put(path, fault);
    }

    /** The next {@code n} requests get 503. */
    public void failNext(int n) {
        failuresToInject.set(n);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Waits (at most 10 s: a loaded machine) until {@code path} was requested {@code expected} times; returns the count. */
    public int awaitHits(String path, int expected) throws InterruptedException {
        return awaitHits(path, expected, Duration.ofSeconds(10));
    }

    /** The same with a shorter bound, for a test that expects the count NOT to be reached (it always waits that long). */
    public int awaitHits(String path, int expected, Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (hits(path) < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // let a wrongly started extra fetch show up
        return hits(path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // wakes HANG handlers
    }
}
