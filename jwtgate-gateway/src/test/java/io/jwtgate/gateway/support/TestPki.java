package io.jwtgate.gateway.support;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made for a test: CAs, server certificates signed by them, client certificates, self-signed ones (EC P-256). */
public final class TestPki {

    /** A certificate, its key, and the chain a peer presents (the certificate, then its issuers below the root). */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
        public String certificatePem() {
            return pem(certificate);
        }

        public String chainPem() {
            StringBuilder b = new StringBuilder();
            chain.forEach(c -> b.append(pem(c)));
            return b.toString();
        }

        public String keyPem() {
            try {
                return write(new JcaPKCS8Generator(key, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }

        String subjectCn() {
            return cnOf(certificate);
        }
    }

    private TestPki() {}

    public static Issued ca(String commonName) {
        KeyPair keys = keys();
        return make(commonName, keys, commonName, keys.getPrivate(), null, true, null, List.of());
    }

    /** An intermediate CA signed by {@code ca}. */
    public static Issued intermediate(Issued ca, String commonName) {
        return make(commonName, keys(), ca.subjectCn(), ca.key(), ca, true, null, List.of());
    }

    /** A server certificate for these DNS names, signed by {@code ca}. */
    public static Issued server(Issued ca, String commonName, String... dnsNames) {
        return make(commonName, keys(), ca.subjectCn(), ca.key(), ca, false, KeyPurposeId.id_kp_serverAuth, List.of(dnsNames));
    }

    /** A client certificate (extended key usage clientAuth) signed by {@code ca}. */
    public static Issued client(Issued ca, String commonName) {
        return make(commonName, keys(), ca.subjectCn(), ca.key(), ca, false, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** A self-signed client certificate that is not a CA. */
    public static Issued selfSignedClient(String commonName) {
        KeyPair keys = keys();
        return make(commonName, keys, commonName, keys.getPrivate(), null, false, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    private static String cnOf(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName();
        return dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
    }

    private static Issued make(String commonName, KeyPair keys, String issuerCn, PrivateKey issuerKey, Issued issuer, boolean isCa,
                               KeyPurposeId purpose, List<String> dnsNames) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn), new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + commonName),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            if (issuer != null && !issuer.certificate().getSubjectX500Principal().equals(issuer.certificate().getIssuerX500Principal())) {
                chain.addAll(issuer.chain());
            }
            return new Issued(cert, keys.getPrivate(), chain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate: " + e, e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text of a certificate, key or PKCS#8 generator. */
    public static String pem(Object object) {
        try {
            return write(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object object) throws java.io.IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
