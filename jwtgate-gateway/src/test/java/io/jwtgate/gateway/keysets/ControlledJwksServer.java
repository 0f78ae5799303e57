package io.jwtgate.gateway.keysets;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS server on 127.0.0.1 whose behaviour per path the test sets: a JSON answer with a status,
 * {@code hang} (never answers), or {@code huge} (a 10 MB chunked body). Counts requests per path.
 * Also signs RS256 tokens with its own key pairs.
 */
final class ControlledJwksServer implements AutoCloseable {

    static final KeyPair GOOD = rsa(2048);
    static final KeyPair WEAK = rsa(1024);

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Object> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    ControlledJwksServer() throws IOException {
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

    void answer(String path, int status, String body) {
        behaviour.put(path, new Answer(status, body));
    }

    void hang(String path) {
        behaviour.put(path, "hang");
    }

    void huge(String path) {
        behaviour.put(path, "huge");
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    static String jwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build().toJSONString();
    }

    static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    static String token(KeyPair pair, String kid) {
        try {
            long now = System.currentTimeMillis() / 1000;
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                    new Payload("{\"sub\":\"alice\",\"exp\":" + (now + 3600) + "}"));
            jws.sign(new RSASSASigner(pair.getPrivate(), true));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
