package io.jwtgate.gateway.support;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' one key-set server, on 127.0.0.1: the test sets each path's behaviour (a JSON answer
 * with a status, {@code hang}: never answers, {@code huge}: a 10 MB chunked body) and reads how
 * often each path was fetched. Also signs RS256 tokens with its own key pairs.
 */
public final class JwksServer implements AutoCloseable {

    /** The path {@link #JwksServer(String)} serves. */
    public static final String PATH = "/jwks.json";

    public static final KeyPair GOOD = Jose.rsa(2048);
    public static final KeyPair WEAK = Jose.rsa(1024);

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Object> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    /** Serves {@code jwksJson} at {@link #PATH} with status 200. */
    public JwksServer(String jwksJson) throws IOException {
        this();
        answer(PATH, 200, jwksJson);
    }

    public JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Object b = behaviour.getOrDefault(path, new Answer(404, ""));
            try (ex) {
                if ("hang".equals(b)) {
                    Thread.sleep(60_000);
                } else if ("huge".equals(b)) {
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = ("{\"keys\":[],\"pad\":\"" + "x".repeat(64 * 1024)).getBytes(StandardCharsets.UTF_8);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 160; i++) {
                            out.write(chunk);
                        }
                    }
                } else {
                    Answer a = (Answer) b;
                    byte[] body = a.body.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(a.status, body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(body);
                        }
                    }
                }
            } catch (InterruptedException | IOException e) {
                // server stopping, or the client gave up on a huge body
            }
        });
        server.start();
    }

    public void answer(String path, int status, String body) {
        behaviour.put(path, new Answer(status, body));
    }

    public void hang(String path) {
        behaviour.put(path, "hang");
    }

    public void huge(String path) {
        behaviour.put(path, "huge");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The URL of {@link #PATH}. */
    public String url() {
        return url(PATH);
    }

    /** Fetches of {@link #PATH}. */
    public int fetches() {
        return hits(PATH);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public static String jwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build().toJSONString();
    }

    public static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    public static String token(KeyPair pair, String kid) {
        return Jose.rs256(pair, kid, "{\"sub\":\"alice\",\"exp\":" + (Jose.now() + 3600) + "}");
    }


    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
