package io.jwtgate.gateway.pem;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * Key managers for PEM certificate chains and their keys: a server certificate as the one entry of a JKS store held in
 * memory, a client's certificates in an {@link OrderedClientKeyManager}.
 *
 * <p>Why not Vert.x's PEM options: they keep each key in an in-memory PKCS#12 store, whose default protection is
 * PBKDF2 with 10,000 iterations, and encrypt and decrypt it four to five times per certificate: ~10 ms of CPU per
 * certificate once compiled, ~0.4 s for the default certificate while the JVM starts, about 20 s at each TLS update
 * of a thousand tenant certificates (TlsCertificatesBenchmark). A JKS entry's key protection costs a few digests; the
 * store never leaves the process and its password is a constant, so nothing is lost.
 */
public final class PemKeyStores {

    private static final char[] IN_MEMORY = "in-memory only".toCharArray();

    private PemKeyStores() {}

    /**
     * A TLS client's key managers for these pairs ({@code certificatePems.get(i)} with {@code keyPems.get(i)}), each
     * checked as Go's {@code tls.X509KeyPair} checks it ({@link PemText#checkPair}'s rules): the client presents the
     * first, in this order, whose key type and issuer the server asks for ({@link OrderedClientKeyManager}).
     *
     * @throws IOException when a key does not parse or is not its certificate's own
     * @throws GeneralSecurityException when a certificate does not parse or a text holds none
     */
    public static KeyManagerFactory clientKeyManagers(List<String> certificatePems, List<String> keyPems)
            throws GeneralSecurityException, IOException {
        if (certificatePems.size() != keyPems.size()) {
            throw new IllegalArgumentException(certificatePems.size() + " certificates for " + keyPems.size() + " keys");
        }
        List<X509Certificate[]> chains = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        for (int i = 0; i < certificatePems.size(); i++) {
            X509Certificate[] chain = chain(certificatePems.get(i));
            PrivateKey key = PemText.privateKey(keyPems.get(i));
            PemText.requireOwnKey(chain[0].getPublicKey(), key);
            chains.add(chain);
            keys.add(key);
        }
        return new OrderedClientKeyManager(chains, keys).asFactory();
    }

    /** The key managers of one chain and its key, already parsed. */
    public static KeyManagerFactory keyManagers(X509Certificate[] chain, PrivateKey key) throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        store.setKeyEntry("key-0", key, IN_MEMORY, chain);
        return factory(store);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        return store;
    }

    private static KeyManagerFactory factory(KeyStore store) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory;
    }

    /** The certificates of a PEM text, leaf first. */
    public static X509Certificate[] chain(String certificatePem) throws GeneralSecurityException {
        List<X509Certificate> chain = PemText.certificates(certificatePem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no CERTIFICATE block in the certificate PEM");
        }
        return chain.toArray(X509Certificate[]::new);
    }
}
