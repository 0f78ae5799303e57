package io.jwtgate.gateway.acme;

import io.jwtgate.gateway.config.statics.AcmeConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * The HTTPS connection to the CA as Traefik sets it up: trust the system's roots, or the
 * {@code caCertificates} (plus the system's with {@code caSystemCertPool}), check the name
 * {@code caServerName} instead of the URL's host when set, and {@code clientTimeout} per request.
 */
final class CaConnection {

    private CaConnection() {}

    static Session session(AcmeConfig.Resolver r) throws IOException, GeneralSecurityException {
        SSLContext tls = sslContext(r);
        GenericAcmeProvider provider = new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings) {
                return new HttpConnector(settings) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        HttpClient.Builder b = super.createClientBuilder();
                        return tls == null ? b : b.sslContext(tls);
                    }
                };
            }
        };
        Session session = new Session(URI.create(r.caServer()), provider);
        session.networkSettings().setTimeout(r.clientTimeout());
        return session;
    }

    /** Null: the JDK's default trust and host name check. */
    private static SSLContext sslContext(AcmeConfig.Resolver r) throws IOException, GeneralSecurityException {
        if (r.caCertificates().isEmpty() && r.caServerName().isEmpty()) {
            return null;
        }
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        int i = 0;
        for (Path p : r.caCertificates()) {
            for (X509Certificate c : AcmeKeys.certificates(Files.readString(p))) {
                roots.setCertificateEntry("ca-" + i++, c);
            }
        }
        X509TrustManager system = trustManager(null);
        X509TrustManager own = r.caCertificates().isEmpty() ? system : trustManager(roots);
        boolean both = !r.caCertificates().isEmpty() && r.caSystemCertPool();
        X509TrustManager chain = both ? new EitherTrust(own, system) : own;
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager tm = r.caServerName().isEmpty() ? (TrustManager) chain : new NamedTrust(chain, r.caServerName());
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }

    private static X509TrustManager trustManager(KeyStore roots) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(roots);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusted by either set of roots ({@code caCertificates} with {@code caSystemCertPool}). */
    private record EitherTrust(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * Checks the chain, then {@code caServerName} against the certificate's names instead of the URL's
     * host (Go's {@code tls.Config.ServerName}). Extended, so the JDK's own host check is not added on top.
     */
    private static final class NamedTrust extends X509ExtendedTrustManager {
        private final X509TrustManager chain;
        private final String name;

        NamedTrust(X509TrustManager chain, String name) {
            this.chain = chain;
            this.name = name.toLowerCase(java.util.Locale.ROOT);
        }

        private void check(X509Certificate[] certs, String authType) throws CertificateException {
            chain.checkServerTrusted(certs, authType);
            List<String> names = AcmeKeys.names(certs[0]);
            try {
                if (certs[0].getSubjectAlternativeNames() != null) {
                    for (List<?> san : certs[0].getSubjectAlternativeNames()) {
                        if (Integer.valueOf(7).equals(san.get(0)) && san.get(1).toString().equals(name)) {
                            return; // an IP address SAN
                        }
                    }
                }
            } catch (java.security.cert.CertificateParsingException ignored) {
                // the DNS names below
            }
            if (names.stream().noneMatch(n -> AcmeKeys.covers(n, name))) {
                throw new CertificateException("the CA's certificate is not valid for caServerName " + name + " (it is for " + names + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            check(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            check(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            check(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
