package io.jwtgate.gateway.pem;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;

/**
 * A TLS client's certificates (a servers transport's, a forward-auth server's, Redis') as Vert.x key options, each
 * value a PEM text or a file path as Traefik takes them. Read, checked and built once, when Vert.x first asks (on its
 * worker pool, while its client's first TLS connection waits), into {@link PemKeyStores#clientKeyManagers}: no
 * PKCS#12 store and its PBKDF2 (13 ms per set-up with Vert.x's PEM options, ClientKeysBenchmark), and the configured
 * order kept when there are several. What cannot be read fails every connection that needs it, with the reason, as
 * Vert.x's own options did.
 */
public final class PemClientKeys implements KeyCertOptions {

    private final List<String> certificates;
    private final List<String> keys;
    private KeyManagerFactory built;

    public PemClientKeys(List<String> certificates, List<String> keys) {
        if (certificates.size() != keys.size()) {
            throw new IllegalArgumentException(certificates.size() + " certificates for " + keys.size() + " keys");
        }
        this.certificates = List.copyOf(certificates);
        this.keys = List.copyOf(keys);
    }

    /** One certificate and its key. */
    public static PemClientKeys of(String certificate, String key) {
        return new PemClientKeys(List.of(certificate), List.of(key));
    }

    @Override
    public KeyCertOptions copy() {
        return this; // immutable, and the same key managers for every copy Vert.x makes
    }

    @Override
    public synchronized KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        if (built == null) {
            built = PemKeyStores.clientKeyManagers(read(certificates, "certificate"), read(keys, "key"));
        }
        return built;
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
        return name -> null; // a client presents the same certificates to every server
    }

    private static List<String> read(List<String> values, String what) throws IOException {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            try {
                out.add(PemText.read(value, null));
            } catch (IOException e) {
                // Never the value of a key in a message: a key that is no PEM text was taken for a path, and may be the key.
                if (what.equals("key")) {
                    throw new IOException("the key is neither PEM text nor a readable file"); // no cause: its message is the value
                }
                throw new IOException("cannot read the " + what + " " + value + ": " + e, e);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PemClientKeys other && certificates.equals(other.certificates) && keys.equals(other.keys);
    }

    @Override
    public int hashCode() {
        return 31 * certificates.hashCode() + keys.hashCode();
    }
}
