package io.jwtgate.jwt.support;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA with a server certificate for 127.0.0.1 and a client certificate (BouncyCastle, EC P-256). */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key pair. */
    public record Issued(X509Certificate cert, KeyPair pair) {
        public String certPem() {
            try {
                return TestKeys.pem("CERTIFICATE", cert.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** PKCS#8 "PRIVATE KEY". */
        public String keyPem() {
            return TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        }
    }

    public final Issued ca;
    public final Issued server;
    public final Issued client;

    public TestPki(String name) {
        ca = issue("CN=" + name + " CA", null, true, false);
        server = issue("CN=127.0.0.1", ca, false, true);
        client = issue("CN=jwtgate client", ca, false, false);
    }

    /** A server certificate for 127.0.0.1 signed by nobody but itself. */
    public static Issued selfSignedServer() {
        return issue("CN=127.0.0.1", null, false, true);
    }

    private static Issued issue(String subject, Issued issuer, boolean isCa, boolean loopbackSan) {
        try {
            KeyPair pair = TestKeys.ec("secp256r1");
            X500Name name = new X500Name(subject);
            X500Name issuerName = issuer == null ? name : new X500Name(issuer.cert.getSubjectX500Principal().getName());
            Date now = new Date();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    new Date(now.getTime() - 60_000), new Date(now.getTime() + 86_400_000L), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (loopbackSan) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            java.security.PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.pair.getPrivate();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
            return new Issued(cert, pair);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server-side TLS context: presents {@code identity}; trusts client certificates issued by {@code clientCa} (or none). */
    public static SSLContext serverContext(Issued identity, Issued clientCa) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", identity.pair.getPrivate(), new char[0], new X509Certificate[] {identity.cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            TrustManagerFactory tmf = null;
            if (clientCa != null) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                ts.setCertificateEntry("ca", clientCa.cert);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress loopback() throws Exception {
        return InetAddress.getByName("127.0.0.1");
    }
}
