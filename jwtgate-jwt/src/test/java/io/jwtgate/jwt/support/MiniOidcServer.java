package io.jwtgate.jwt.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real OpenID provider on 127.0.0.1: serves {@code /.well-known/openid-configuration} and
 * {@code /jwks} (with {@code Cache-Control: max-age}), and issues RS256 tokens with its current signing
 * key. {@link #rotate()} publishes a new key and signs with it (the old key stays published, as IdPs do);
 * {@link #retireOldKeys()} unpublishes everything but the current key.
 */
public final class MiniOidcServer implements AutoCloseable {

    private record Key(String kid, KeyPair pair) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Key> published = new ArrayList<>();
    private final AtomicInteger discoveryHits = new AtomicInteger();
    private final AtomicInteger jwksHits = new AtomicInteger();
    private final int maxAgeSeconds;
    private volatile String issuerOverride;
    private Key current;
    private int generation;

    public MiniOidcServer(int maxAgeSeconds) throws IOException {
        this.maxAgeSeconds = maxAgeSeconds;
        rotate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/.well-known/openid-configuration", ex -> {
            discoveryHits.incrementAndGet();
            String issuer = issuerOverride != null ? issuerOverride : issuer();
            send(ex, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        });
        server.createContext("/jwks", ex -> {
            jwksHits.incrementAndGet();
            send(ex, jwks());
        });
        server.start();
    }

    private void send(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Cache-Control", "public, max-age=" + maxAgeSeconds);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes the discovery document name another issuer (a misconfigured or spoofed provider). */
    public void announceIssuer(String issuer) {
        issuerOverride = issuer;
    }

    public synchronized String jwks() {
        List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
        for (Key k : published) {
            keys.add(new RSAKey.Builder((RSAPublicKey) k.pair.getPublic()).keyID(k.kid).algorithm(JWSAlgorithm.RS256).build());
        }
        return new JWKSet(keys).toString();
    }

    /** A new signing key (kid {@code key-N}), published next to the old ones. Returns its kid. */
    public synchronized String rotate() {
        generation++;
        current = new Key("key-" + generation, generation == 1 ? TestKeys.RSA_2048 : generation == 2 ? TestKeys.RSA_2048_B : TestKeys.rsa(2048));
        published.add(current);
        return current.kid;
    }

    public synchronized void retireOldKeys() {
        published.removeIf(k -> k != current);
    }

    /** A token signed with the current key, {@code iss} this issuer, valid for an hour from {@code nowSeconds}. */
    public synchronized String token(String subject, long nowSeconds) {
        return tokenFor(issuer(), subject, nowSeconds);
    }

    public synchronized String tokenFor(String iss, String subject, long nowSeconds) {
        String payload = "{\"iss\":\"" + iss + "\",\"sub\":\"" + subject + "\",\"iat\":" + nowSeconds + ",\"exp\":" + (nowSeconds + 3600) + "}";
        return Tokens.nimbus(rsaSigner(current.pair), JWSAlgorithm.RS256, current.kid, payload);
    }

    private static RSASSASigner rsaSigner(KeyPair pair) {
        return new RSASSASigner(pair.getPrivate());
    }

    public int discoveryHits() {
        return discoveryHits.get();
    }

    public int jwksHits() {
        return jwksHits.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
