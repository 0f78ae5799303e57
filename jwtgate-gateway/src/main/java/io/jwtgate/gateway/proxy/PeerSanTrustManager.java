package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig.PeerSan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Traefik's {@code peerCertSANs} check of a backend's certificate (pkg/tls VerifyPeerCertificate):
 * the chain is verified against the transport's root CAs (the JDK's when none), even with
 * {@code insecureSkipVerify}, which then only skips the host name check; and the leaf must carry
 * one of the SANs: a URI SAN equal ignoring case, or a DNS name the certificate is valid for.
 * Written by hand because no JDK or Vert.x option checks a URI SAN.
 */
final class PeerSanTrustManager extends X509ExtendedTrustManager {

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final X509ExtendedTrustManager chain;
    private final List<PeerSan> sans;
    private final boolean skipHostName;

    private PeerSanTrustManager(X509ExtendedTrustManager chain, List<PeerSan> sans, boolean skipHostName) {
        this.chain = chain;
        this.sans = List.copyOf(sans);
        this.skipHostName = skipHostName;
    }

    /** Reads the CAs (PEM files or inline PEM) now: call it where blocking is allowed or accepted (client creation). */
    static PeerSanTrustManager of(List<String> rootCAs, List<PeerSan> sans, boolean skipHostName) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(rootCAs.isEmpty() ? null : keyStore(rootCAs));
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new PeerSanTrustManager(x, sans, skipHostName);
                }
            }
            throw new IllegalStateException("the JDK offers no X509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("rootCAs could not be read: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(List<String> rootCAs) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (String ca : rootCAs) {
            byte[] pem = ca.contains("-----BEGIN") ? ca.getBytes(StandardCharsets.US_ASCII) : Files.readAllBytes(Path.of(ca));
            try (InputStream in = new ByteArrayInputStream(pem)) {
                for (java.security.cert.Certificate c : x509.generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            }
        }
        return store;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        if (skipHostName) {
            chain.checkServerTrusted(certs, authType);
        } else {
            chain.checkServerTrusted(certs, authType, engine);
        }
        checkSans(certs[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        if (skipHostName) {
            chain.checkServerTrusted(certs, authType);
        } else {
            chain.checkServerTrusted(certs, authType, socket);
        }
        checkSans(certs[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        chain.checkServerTrusted(certs, authType);
        checkSans(certs[0]);
    }

    private void checkSans(X509Certificate leaf) throws CertificateException {
        Collection<List<?>> names = names(leaf);
        for (PeerSan san : sans) {
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                String value = String.valueOf(name.get(1));
                if (san.type().equals(PeerSan.URI) && type == SAN_URI && value.equalsIgnoreCase(san.value())) {
                    return;
                }
                if (san.type().equals(PeerSan.DNS_NAME) && type == SAN_DNS && dnsMatches(value, san.value())) {
                    return;
                }
            }
        }
        throw new CertificateException("no matching SAN in peer certificate (peerCertSANs " + sans + ")");
    }

    private static Collection<List<?>> names(X509Certificate leaf) throws CertificateParsingException {
        Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        return names == null ? List.of() : names;
    }

    /** Go's VerifyHostname for one DNS SAN: exact (ignoring case and a final dot) or a wildcard for one left-most label. */
    static boolean dnsMatches(String pattern, String host) {
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a backend transport does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a backend transport does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("a backend transport does not accept clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
