package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.tls.TlsOptions;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How client certificates are checked, with Go's semantics for each {@code clientAuthType}: the
 * verifying types use the JDK's PKIX validation against {@code caFiles} (chain, validity, key usage
 * for client authentication); {@code RequestClientCert} and {@code RequireAnyClientCert} accept any
 * certificate (the client still proves it holds the key); {@code NoClientCert} asks for none.
 */
final class ClientCertificateTrust {

    private ClientCertificateTrust() {}

    static TrustManager of(TlsOptions options) throws GeneralSecurityException {
        if (!options.clientAuth().requests()) {
            return new Unverified(new X509Certificate[0], false);
        }
        X509Certificate[] cas = options.clientCas().toArray(X509Certificate[]::new);
        if (!options.clientAuth().verifies()) {
            return new Unverified(cas, true);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e); // never: nothing is read
        }
        for (int i = 0; i < cas.length; i++) {
            store.setCertificateEntry("ca-" + i, cas[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
    }

    /**
     * Accepts client certificates without verifying them ({@code accept}), or refuses any (never asked for).
     * An extended trust manager, so the JDK adds no checks of its own around it.
     */
    private static final class Unverified extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;
        private final boolean accept;

        Unverified(X509Certificate[] issuers, boolean accept) {
            this.issuers = issuers;
            this.accept = accept;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (!accept) {
                throw new CertificateException("client certificates are not requested by these TLS options");
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("empty client certificate chain");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a server-side trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a server-side trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
