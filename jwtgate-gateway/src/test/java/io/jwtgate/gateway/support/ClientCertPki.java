package io.jwtgate.gateway.support;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests, made with BouncyCastle: a CA that issues client certificates (for mutual
 * TLS against the gateway), the client's {@link SSLContext} presenting one, and a bare
 * {@link #sign} for certificates with unusual contents.
 */
public final class ClientCertPki {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A certificate with its private key; {@code chain} is what a client presents: this certificate first. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate... chain) {
        public String certificatePem() {
            return pem(certificate);
        }
    }

    private final Issued ca;

    private ClientCertPki(Issued ca) {
        this.ca = ca;
    }

    /** A new self-signed CA named {@code subject} ({@code CN=Test CA,O=jwtgate}). */
    public static ClientCertPki ca(String subject) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name(subject);
        X509Certificate cert = convert(sign(name, keys.getPrivate(), name, keys.getPublic(), BigInteger.valueOf(SERIALS.incrementAndGet()),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), true, null));
        return new ClientCertPki(new Issued(cert, keys.getPrivate(), cert));
    }

    public Issued ca() {
        return ca;
    }

    /** A client certificate issued by this CA, presented with the CA after it when {@code withCa}. */
    public Issued issue(String subject, GeneralNames sans, boolean withCa) {
        KeyPair keys = keyPair();
        X509Certificate cert = convert(sign(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), ca.key(),
                new X500Name(subject), keys.getPublic(), BigInteger.valueOf(SERIALS.incrementAndGet()), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)), false, sans));
        return withCa ? new Issued(cert, keys.getPrivate(), cert, ca.certificate()) : new Issued(cert, keys.getPrivate(), cert);
    }

    /** A TLS client context that presents {@code client} (trusting any server), or none when null. */
    public static SSLContext clientContext(Issued client, TrustManager trust) {
        try {
            KeyManagerFactory kmf = null;
            if (client != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", client.key(), new char[0], client.chain());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {trust}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code key}, signed by {@code issuerKey} (whose name need not match a real issuer). */
    public static X509CertificateHolder sign(X500Name issuer, PrivateKey issuerKey, X500Name subject, PublicKey key, BigInteger serial,
                                             Instant notBefore, Instant notAfter, boolean ca, GeneralNames sans) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter),
                    subject, key);
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate convert(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
