package io.jwtgate.gateway.pem;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client's certificates chosen as Go's client chooses them: the first one, in the configured order, whose key type
 * the server accepts and whose chain has a certificate issued by one of the CAs the server names (any, when it names
 * none). The JDK's own key manager looks its aliases up in a hash map, so with several certificates its choice does
 * not follow the configuration. Aliases are {@code key-0}, {@code key-1}, ... in order; the rest is delegated.
 */
final class OrderedClientKeyManager extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager keys;
    private final int count;

    OrderedClientKeyManager(X509ExtendedKeyManager keys, int count) {
        this.keys = keys;
        this.count = count;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return first(keyTypes, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return first(keyTypes, issuers);
    }

    private String first(String[] keyTypes, Principal[] issuers) {
        if (keyTypes == null) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            String alias = "key-" + i;
            PrivateKey key = keys.getPrivateKey(alias);
            X509Certificate[] chain = keys.getCertificateChain(alias);
            if (key != null && chain != null && accepts(keyTypes, key.getAlgorithm()) && issuedByOneOf(chain, issuers)) {
                return alias;
            }
        }
        return null;
    }

    /** JSSE names key types as the keys' algorithms ({@code RSA}, {@code EC}, {@code EdDSA}), some with a {@code _suffix}. */
    private static boolean accepts(String[] keyTypes, String algorithm) {
        for (String type : keyTypes) {
            int underscore = type.indexOf('_');
            if ((underscore < 0 ? type : type.substring(0, underscore)).equals(algorithm)) {
                return true;
            }
        }
        return false;
    }

    private static boolean issuedByOneOf(X509Certificate[] chain, Principal[] issuers) {
        if (issuers == null || issuers.length == 0) {
            return true;
        }
        for (X509Certificate certificate : chain) {
            for (Principal issuer : issuers) {
                if (certificate.getIssuerX500Principal().equals(issuer)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code factory}'s key managers with this choice; the factory has its store's {@code count} pairs. */
    static KeyManagerFactory wrap(KeyManagerFactory factory, int count) {
        X509ExtendedKeyManager ordered = new OrderedClientKeyManager((X509ExtendedKeyManager) factory.getKeyManagers()[0], count);
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore store, char[] password) {
                // initialised already
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
                // initialised already
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {ordered};
            }
        }, factory.getProvider(), factory.getAlgorithm()) { };
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys.getClientAliases(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return keys.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
    }
}
