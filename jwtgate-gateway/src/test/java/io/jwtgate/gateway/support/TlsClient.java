package io.jwtgate.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A JDK TLS client for one HTTP/1.1 request: chosen SNI (or none), protocol versions, cipher
 * suites, named groups, ALPN and client certificate. The certificate is always offered, whatever
 * CAs the server names, so the server's verification is what is tested. A handshake or a request
 * the server refuses is a {@link Result} without status, not an exception.
 */
public final class TlsClient {

    private final int port;
    private String sni;
    private String host;
    private String[] protocols;
    private String[] cipherSuites;
    private String[] namedGroups;
    private String[] alpn;
    private TestPki.Issued certificate;
    private SSLContext context;
    private java.security.cert.X509Certificate root;

    private TlsClient(int port) {
        this.port = port;
    }

    public static TlsClient to(int port) {
        return new TlsClient(port);
    }

    /** The server name to send; null sends none. Also the Host header unless {@link #host} is set. */
    public TlsClient sni(String serverName) {
        this.sni = serverName;
        return this;
    }

    public TlsClient host(String hostHeader) {
        this.host = hostHeader;
        return this;
    }

    public TlsClient protocols(String... versions) {
        this.protocols = versions;
        return this;
    }

    public TlsClient cipherSuites(String... suites) {
        this.cipherSuites = suites;
        return this;
    }

    public TlsClient namedGroups(String... groups) {
        this.namedGroups = groups;
        return this;
    }

    public TlsClient alpn(String... protocolsOffered) {
        this.alpn = protocolsOffered;
        return this;
    }

    /** Trusts only this root (PEM) and checks the server name as HTTPS clients do; the default trusts any certificate. */
    public TlsClient trusting(String rootPem) {
        try {
            this.root = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(rootPem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public TlsClient certificate(TestPki.Issued clientCertificate) {
        this.certificate = clientCertificate;
        return this;
    }

    /**
     * @param status       the response status, or -1 when the server refused the handshake or closed without answering
     * @param protocol     the negotiated TLS version, or null
     * @param sessionCreated when the TLS session was made: equal for two requests of one client means the second resumed it
     * @param failure      what the client saw when refused
     */
    public record Result(int status, String body, String protocol, String cipherSuite, String applicationProtocol, String peerSubject,
                         long sessionCreated, Exception failure, String peerSerial) {
        public boolean refused() {
            return status < 0;
        }

        @Override
        public String toString() {
            return refused() ? "refused (" + failure + ")" : status + " over " + protocol + " " + cipherSuite + " alpn=" + applicationProtocol;
        }
    }

    /** Handshakes, then (unless h2 was negotiated) sends {@code GET path} and reads the response. */
    public Result get(String path) {
        String protocol = null;
        String suite = null;
        String negotiated = null;
        String peer = null;
        long created = 0;
        String serial = null;
        try (SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            if (protocols != null) {
                p.setProtocols(protocols);
            }
            if (cipherSuites != null) {
                p.setCipherSuites(cipherSuites);
            }
            if (namedGroups != null) {
                p.setNamedGroups(namedGroups);
            }
            if (alpn != null) {
                p.setApplicationProtocols(alpn);
            }
            if (root != null) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(p);
            socket.startHandshake();
            protocol = socket.getSession().getProtocol();
            suite = socket.getSession().getCipherSuite();
            negotiated = socket.getApplicationProtocol();
            peer = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            serial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
            created = socket.getSession().getCreationTime();
            if ("h2".equals(negotiated)) {
                return new Result(0, "", protocol, suite, negotiated, peer, created, null, serial);
            }
            String hostHeader = host != null ? host : sni != null ? sni : "127.0.0.1";
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = readAll(socket.getInputStream());
            if (!response.startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP response: '" + response + "'");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Result(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4), protocol, suite, negotiated, peer, created,
                    null, serial);
        } catch (Exception e) {
            return new Result(-1, "", protocol, suite, negotiated, peer, created, e, serial);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One context per client: its second request may resume the session of the first (JDK clients cache sessions per context). */
    private synchronized SSLContext context() throws Exception {
        if (context == null) {
            context = SSLContext.getInstance("TLS");
            KeyManager[] keys = certificate == null ? new KeyManager[0] : new KeyManager[] {new AlwaysOffered(certificate)};
            TrustManager[] trust = {Http.TRUST_ALL};
            if (root != null) {
                java.security.KeyStore roots = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
                roots.load(null, null);
                roots.setCertificateEntry("root", root);
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(roots);
                trust = tmf.getTrustManagers();
            }
            context.init(keys, trust, null);
        }
        return context;
    }

    /** Offers its certificate to any server, whatever the key types and issuers asked for. */
    private static final class AlwaysOffered extends X509ExtendedKeyManager {
        private final TestPki.Issued issued;

        AlwaysOffered(TestPki.Issued issued) {
            this.issued = issued;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new ArrayList<>(issued.chain()).toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return issued.key();
        }
    }
}
