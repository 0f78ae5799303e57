package io.jwtgate.jwt.keys;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the HTTP client for key sets from {@code clientConfig}: connect timeout, CA bundle (replaces the
 * default trust store, like Go's RootCAs), client certificate and PKCS#8 key for mTLS, and
 * {@code insecureSkipVerify} (no certificate or host name check: testing only).
 */
public final class HttpClients {

    /** Resolved TLS material (PEM text). */
    public record TlsMaterial(String caPem, String certPem, String keyPem, boolean insecureSkipVerify) {
        @Override
        public String toString() {
            return "TlsMaterial[ca=" + (caPem != null) + ", cert=" + (certPem != null) + ", key=" + (keyPem != null ? "redacted" : "none")
                    + ", insecureSkipVerify=" + insecureSkipVerify + "]";
        }
    }

    /** The clients without TLS material, one per connect timeout and redirect policy, shared by the whole process. */
    private static final java.util.concurrent.ConcurrentHashMap<SharedKey, HttpClient> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private record SharedKey(Duration connectTimeout, HttpClient.Redirect redirects) {}

    private HttpClients() {}

    /**
     * The process's client for key sets with the default trust store and this connect timeout. Each
     * JDK client owns a selector thread and a thread pool: a gateway with a thousand {@code jwksUrl}
     * middlewares would otherwise start two thousand threads and spend seconds doing it at every
     * configuration load. Never closed (it outlives any one middleware); its threads are daemons.
     */
    public static HttpClient shared(Duration connectTimeout) {
        return shared(connectTimeout, HttpClient.Redirect.NORMAL);
    }

    /** The same, with a redirect policy (introspection never follows one: it would carry the token elsewhere). */
    public static HttpClient shared(Duration connectTimeout, HttpClient.Redirect redirects) {
        return SHARED.computeIfAbsent(new SharedKey(connectTimeout, redirects),
                k -> build(new TlsMaterial(null, null, null, false), k.connectTimeout(), k.redirects()));
    }

    /** @throws IllegalArgumentException naming the faulty part ("ca", "cert", "key") in its message */
    public static HttpClient build(TlsMaterial tls, Duration connectTimeout) {
        return build(tls, connectTimeout, HttpClient.Redirect.NORMAL);
    }

    /** As {@link #build(TlsMaterial, Duration)}, with the redirect policy ({@code NEVER} where a redirect would carry a credential elsewhere). */
    public static HttpClient build(TlsMaterial tls, Duration connectTimeout, HttpClient.Redirect redirects) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(redirects);
        if (tls.caPem() != null || tls.certPem() != null || tls.keyPem() != null || tls.insecureSkipVerify()) {
            builder.sslContext(sslContext(tls));
        }
        return builder.build();
    }

    static SSLContext sslContext(TlsMaterial tls) {
        try {
            TrustManager[] trust = null;
            if (tls.insecureSkipVerify()) {
                trust = new TrustManager[] {new TrustAll()};
            } else if (tls.caPem() != null) {
                List<X509Certificate> cas = PemKeys.certificates(PemKeys.blocks(tls.caPem()));
                if (cas.isEmpty()) {
                    throw new IllegalArgumentException("ca: no CERTIFICATE block found");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            KeyManagerFactory kmf = null;
            if (tls.certPem() != null || tls.keyPem() != null) {
                if (tls.certPem() == null || tls.keyPem() == null) {
                    throw new IllegalArgumentException((tls.certPem() == null ? "cert" : "key") + ": cert and key must be set together");
                }
                List<X509Certificate> chain = PemKeys.certificates(PemKeys.blocks(tls.certPem()));
                if (chain.isEmpty()) {
                    throw new IllegalArgumentException("cert: no CERTIFICATE block found");
                }
                PrivateKey key = privateKey(tls.keyPem());
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = new char[0];
                store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("tls: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        List<PemKeys.PemBlock> blocks = PemKeys.blocks(pem);
        PemKeys.PemBlock block = blocks.stream().filter(b -> b.type().endsWith("PRIVATE KEY")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("key: no PRIVATE KEY block found"));
        if (!block.type().equals("PRIVATE KEY")) {
            throw new IllegalArgumentException("key: " + block.type() + " is not supported; convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            } catch (GeneralSecurityException e) {
                // next type
            }
        }
        throw new IllegalArgumentException("key: PRIVATE KEY is not an RSA, EC or Ed25519 key");
    }

    /** Accepts every certificate and skips host name verification (which JSSE performs in the trust manager). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
