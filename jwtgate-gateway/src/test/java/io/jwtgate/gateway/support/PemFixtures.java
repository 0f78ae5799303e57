package io.jwtgate.gateway.support;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Self-signed certificates of every key type a TLS entry point takes, and their keys in each PEM encoding. */
public final class PemFixtures {

    public enum KeyType {
        RSA("RSA", "SHA256withRSA"), EC("EC", "SHA256withECDSA"), ED25519("Ed25519", "Ed25519");

        final String algorithm;
        final String signature;

        KeyType(String algorithm, String signature) {
            this.algorithm = algorithm;
            this.signature = signature;
        }
    }

    /** How a key is written: PKCS#8, or its type's traditional block (PKCS#1, SEC 1), or SEC 1 after an EC PARAMETERS block as openssl writes it. */
    public enum Encoding { PKCS8, TRADITIONAL, EC_PARAMETERS_FIRST }

    private PemFixtures() {}

    public static KeyPair keys(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm);
            if (type == KeyType.EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else if (type == KeyType.RSA) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for {@code keys} with this subject ({@code CN=...}) and these DNS names. */
    public static X509Certificate certificate(KeyType type, KeyPair keys, String subject, String... dnsNames) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            if (dnsNames.length > 0) {
                GeneralName[] names = Stream.of(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(type.signature).build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate: " + e, e);
        }
    }

    /** A certificate and its PKCS#8 key for these DNS names (the first one also the CN). */
    public static PemPair pair(KeyType type, String... dnsNames) {
        KeyPair keys = keys(type);
        return new PemPair(TestPki.pem(certificate(type, keys, "CN=" + dnsNames[0], dnsNames)), keyPem(keys, Encoding.PKCS8));
    }

    public static String keyPem(KeyPair keys, Encoding encoding) {
        return switch (encoding) {
            case PKCS8 -> pkcs8(keys);
            case TRADITIONAL -> keys.getPrivate() instanceof ECPrivateKey ec ? sec1(ec, keys) : TestPki.pem(keys.getPrivate());
            case EC_PARAMETERS_FIRST -> "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                    + sec1((ECPrivateKey) keys.getPrivate(), keys);
        };
    }

    private static String pkcs8(KeyPair keys) {
        try {
            return TestPki.pem(new JcaPKCS8Generator(keys.getPrivate(), null));
        } catch (IOException e) { // the generator's constructor declares it; an unencrypted key never throws
            throw new IllegalStateException(e);
        }
    }

    /** SEC 1 as {@code openssl ec} writes it: the curve and the public key inside the key structure. */
    private static String sec1(ECPrivateKey key, KeyPair keys) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
            return TestPki.pem(new PemObject("EC PRIVATE KEY", der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
