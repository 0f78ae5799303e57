package io.jwtgate.gateway.pem;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client's certificates chosen as Go's client chooses them: the first one, in the configured order, whose key type
 * the server accepts and whose chain has a certificate issued by one of the CAs the server names (any, when it names
 * none). The JDK's own key managers look their aliases up in hash maps and by key-type order, so with several
 * certificates their choice does not follow the configuration. Holds the keys itself (aliases {@code key-0},
 * {@code key-1}, ... in order): no key store, and no dependence on which key manager algorithm the JDK defaults to.
 */
final class OrderedClientKeyManager extends X509ExtendedKeyManager {

    private final List<X509Certificate[]> chains;
    private final List<PrivateKey> keys;

    OrderedClientKeyManager(List<X509Certificate[]> chains, List<PrivateKey> keys) {
        this.chains = List.copyOf(chains);
        this.keys = List.copyOf(keys);
    }

    /** These key managers as a factory, which is what Vert.x's key options hand out. */
    KeyManagerFactory asFactory() {
        KeyManager[] managers = {this};
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore store, char[] password) {
                // built from its keys already
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
                // built from its keys already
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return managers.clone();
            }
        }, Security.getProvider("SunJSSE"), "jwtgate-ordered") { };
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return first(keyTypes, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return first(keyTypes, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).getAlgorithm().equals(keyType) && issuedByOneOf(chains.get(i), issuers)) {
                out.add(alias(i));
            }
        }
        return out.isEmpty() ? null : out.toArray(String[]::new);
    }

    private String first(String[] keyTypes, Principal[] issuers) {
        if (keyTypes == null) {
            return null;
        }
        for (int i = 0; i < keys.size(); i++) {
            // JSSE names the key types it accepts as the keys' algorithms: RSA, EC, EdDSA, RSASSA-PSS.
            if (List.of(keyTypes).contains(keys.get(i).getAlgorithm()) && issuedByOneOf(chains.get(i), issuers)) {
                return alias(i);
            }
        }
        return null;
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

    private static String alias(int index) {
        return "key-" + index;
    }

    private int index(String alias) {
        if (alias == null || !alias.startsWith("key-")) {
            return -1;
        }
        try {
            int i = Integer.parseInt(alias.substring(4));
            return i >= 0 && i < keys.size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        int i = index(alias);
        return i < 0 ? null : chains.get(i).clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        int i = index(alias);
        return i < 0 ? null : keys.get(i);
    }

    /** A client's key managers: no server side. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
