package io.jwtgate.gateway.acme;

import io.jwtgate.gateway.pem.PemText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Keys and PEM texts in the forms Traefik (lego) stores and reads. */
final class AcmeKeys {

    private AcmeKeys() {}

    /** A certificate key of Traefik's {@code keyType} (EC256, EC384, RSA2048, RSA4096, RSA8192). */
    static KeyPair generate(String keyType) throws GeneralSecurityException {
        if (keyType.startsWith("EC")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(keyType.equals("EC384") ? "secp384r1" : "secp256r1"));
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(Integer.parseInt(keyType.substring(3)));
        return g.generateKeyPair();
    }

    /** Traefik's account key: RSA 4096, stored as PKCS#1 DER. */
    static KeyPair newAccountKey() throws GeneralSecurityException {
        return generate("RSA4096");
    }

    static byte[] pkcs1(KeyPair rsa) throws IOException {
        return PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
    }

    static KeyPair fromPkcs1(byte[] der) throws GeneralSecurityException {
        RSAPrivateKey k = RSAPrivateKey.getInstance(der);
        KeyFactory f = KeyFactory.getInstance("RSA");
        PrivateKey priv = f.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(), k.getCoefficient()));
        return new KeyPair(f.generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent())), priv);
    }

    /** PEM as lego writes it: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1). */
    static String traditionalPem(KeyPair keys) throws IOException {
        if (keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
            // SEC 1 with the curve and the public key, as Go writes it (BouncyCastle's writer leaves the curve out for JDK keys).
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                    keys.getPublic().getEncoded());
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    spki.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN EC PRIVATE KEY-----\n" + b64 + "\n-----END EC PRIVATE KEY-----\n";
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(keys.getPrivate());
        }
        return out.toString();
    }

    /** Reads any of PKCS#1, SEC 1 and PKCS#8 PEM ({@link PemText#privateKey}), with the public key derived from the private one. */
    static KeyPair readKeyPair(String pem) throws IOException {
        PrivateKey key = PemText.privateKey(pem);
        if (key instanceof RSAPrivateCrtKey rsa) {
            try {
                return new KeyPair(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                        rsa.getPublicExponent())), key);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
        if (key instanceof java.security.interfaces.ECPrivateKey) {
            return withPublic(key);
        }
        return new KeyPair(null, key);
    }

    private static KeyPair withPublic(PrivateKey key) throws IOException {
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) {
            throw new IOException("a " + key.getAlgorithm() + " key PEM without its public key");
        }
        try {
            org.bouncycastle.math.ec.ECPoint q = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams())
                    .getG().multiply(ec.getS()).normalize();
            java.security.spec.ECPublicKeySpec spec = new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), ec.getParams());
            return new KeyPair(KeyFactory.getInstance("EC").generatePublic(spec), key);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** PKCS#8 PEM ({@code PRIVATE KEY}), what the TLS listener reads for every key type. */
    static String pkcs8Pem(PrivateKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : f.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM text");
        }
        return out;
    }

    static String pem(List<X509Certificate> chain) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : chain) {
                w.writeObject(c);
            }
        }
        return out.toString();
    }

    /** The DNS names a certificate is for (SANs, else its CN), lower case. */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(san.get(1).toString().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException ignored) {
            // no usable SANs: the CN below
        }
        if (names.isEmpty()) {
            String dn = cert.getSubjectX500Principal().getName();
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** Whether {@code name} is covered by a certificate name ({@code *.} covers one label, as Traefik's MatchDomain). */
    static boolean covers(String certName, String name) {
        if (certName.equals(name)) {
            return true;
        }
        if (certName.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(certName.substring(1));
        }
        return false;
    }

}
