package io.jwtgate.gateway.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM values as Traefik takes them: a file path or the PEM text itself ({@code FileOrContent}). */
public final class PemText {

    /** The private key types Go's {@code tls.X509KeyPair} takes (the JDK names Ed25519 and Ed448 keys EdDSA or by curve). */
    private static final List<String> SUPPORTED = List.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448");
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private PemText() {}

    /** True when the value is PEM text rather than a path. */
    public static boolean inline(String value) {
        return value.contains("-----BEGIN");
    }

    /** The PEM text: the value itself, or the file it names; relative paths start at the declaring file when it has them. */
    public static String read(String value, String declaringFile) throws IOException {
        if (inline(value)) {
            return value;
        }
        Path p = Path.of(value);
        if (!p.isAbsolute() && declaringFile != null) {
            Path parent = Path.of(declaringFile).toAbsolutePath().getParent();
            if (parent != null && Files.exists(parent.resolve(value))) {
                p = parent.resolve(value);
            }
        }
        return Files.readString(p);
    }

    /**
     * Every {@code CERTIFICATE} block of the text (other blocks are skipped, as Go's {@code AppendCertsFromPEM} does).
     *
     * @throws CertificateException when a certificate block does not parse
     */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = CERTIFICATE.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1).strip());
            } catch (IllegalArgumentException e) {
                throw new CertificateException("a CERTIFICATE block is not base64: " + e.getMessage());
            }
            if (der.length == 0) {
                throw new CertificateException("a CERTIFICATE block is empty");
            }
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    /**
     * The first private key of the text: PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519), PKCS#1 ({@code RSA PRIVATE KEY})
     * or SEC 1 ({@code EC PRIVATE KEY}); other blocks before it ({@code EC PARAMETERS}) are skipped, as Go's
     * {@code tls.X509KeyPair} does. Encrypted keys are refused (Traefik does not read them either).
     *
     * @throws IOException when the text holds no private key, or a key block that does not parse
     */
    public static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException | RuntimeException e) { // BouncyCastle reports malformed DER either way
            throw new IOException("a private key block does not parse: " + e.getMessage(), e);
        }
        throw new IOException("no unencrypted PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    /**
     * Checks a certificate and key pair as Go's {@code tls.X509KeyPair} reads it: the certificate text holds at least one
     * certificate, the key text a private key of the leaf's key type, and that key is the leaf's own: for RSA the
     * modulus is compared, for EC, Ed25519 and Ed448 the public key is derived from the private one
     * ({@link #isPublicHalf}). The runtime checks only pairs its previous runtime did not serve.
     *
     * @throws IOException with what is wrong, for the operator
     */
    public static void checkPair(String certificatePem, String keyPem) throws IOException {
        List<X509Certificate> chain;
        try {
            chain = certificates(certificatePem);
        } catch (CertificateException e) {
            throw new IOException("the certificate does not parse: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException("no CERTIFICATE block in the certificate");
        }
        requireOwnKey(chain.get(0).getPublicKey(), privateKey(keyPem));
    }

    /**
     * Whether {@code key} is the private half of the certificate's {@code leaf} key, as Go's {@code tls.X509KeyPair}
     * decides it: the same type, and for RSA the same modulus; EC, Ed25519 and Ed448 through {@link #isPublicHalf}.
     *
     * @throws IOException with what is wrong, for the operator
     */
    public static void requireOwnKey(PublicKey leaf, PrivateKey key) throws IOException {
        if (!SUPPORTED.contains(key.getAlgorithm())) {
            throw new IOException("unsupported key type " + key.getAlgorithm() + " (RSA, EC, Ed25519 or Ed448 keys are)");
        }
        if (!sameType(leaf.getAlgorithm(), key.getAlgorithm())) {
            throw new IOException("the key is " + key.getAlgorithm() + ", the certificate's public key " + leaf.getAlgorithm());
        }
        boolean matches;
        if (leaf instanceof RSAPublicKey rsa && key instanceof RSAKey rsaKey) {
            matches = rsa.getModulus().equals(rsaKey.getModulus());
        } else {
            matches = isPublicHalf(key, leaf);
        }
        if (!matches) {
            throw new IOException("the private key does not match the certificate's public key");
        }
    }

    /**
     * Whether {@code publicKey} is the public half of {@code key}, derived as Go derives it: for EC the private scalar
     * times the curve's generator (what an SEC 1 block says its public key is proves nothing), for Ed25519 and Ed448
     * the public key of the seed. BouncyCastle's lightweight API, from the keys' encodings: 0.05-0.17 ms a pair once
     * warm (P-256, Ed25519; the first pays ~70 ms of class loading), where a JCA signature and verification cost 0.7 ms
     * (P-256) to 1.5 ms (Ed25519) with the JDK's provider.
     */
    private static boolean isPublicHalf(PrivateKey key, PublicKey publicKey) throws IOException {
        AsymmetricKeyParameter privateParameters;
        AsymmetricKeyParameter publicParameters;
        try {
            privateParameters = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(key.getEncoded()));
            publicParameters = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        } catch (IOException | RuntimeException e) { // BouncyCastle reports unknown curves and bad encodings either way
            throw new IOException("the key or the certificate's public key cannot be compared: " + e.getMessage(), e);
        }
        if (privateParameters instanceof ECPrivateKeyParameters ec && publicParameters instanceof ECPublicKeyParameters ecPublic) {
            ECPoint derived = new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD());
            return derived.equals(ecPublic.getQ()); // false for a point of another curve too
        }
        if (privateParameters instanceof Ed25519PrivateKeyParameters ed && publicParameters instanceof Ed25519PublicKeyParameters edPublic) {
            return Arrays.equals(ed.generatePublicKey().getEncoded(), edPublic.getEncoded());
        }
        if (privateParameters instanceof Ed448PrivateKeyParameters ed && publicParameters instanceof Ed448PublicKeyParameters edPublic) {
            return Arrays.equals(ed.generatePublicKey().getEncoded(), edPublic.getEncoded());
        }
        return false; // an Ed25519 key for an Ed448 certificate, or the reverse
    }

    private static boolean sameType(String a, String b) {
        return a.equals(b) || (isEdwards(a) && isEdwards(b));
    }

    private static boolean isEdwards(String algorithm) {
        return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
    }
}
