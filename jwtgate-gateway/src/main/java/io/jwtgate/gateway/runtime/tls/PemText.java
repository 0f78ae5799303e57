package io.jwtgate.gateway.runtime.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM values as Traefik takes them: a file path or the PEM text itself ({@code FileOrContent}). */
public final class PemText {

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
     * certificate, the key text a private key of the leaf's key type and, for RSA, of its modulus. (Whether an EC or
     * Ed25519 key is the leaf's own would take a point multiplication per certificate at every reload; a stranger's key
     * fails at the handshake.)
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
        PrivateKey key = privateKey(keyPem);
        java.security.PublicKey leaf = chain.get(0).getPublicKey();
        if (!sameType(leaf.getAlgorithm(), key.getAlgorithm())) {
            throw new IOException("the key is " + key.getAlgorithm() + ", the certificate's public key " + leaf.getAlgorithm());
        }
        if (leaf instanceof java.security.interfaces.RSAPublicKey rsa && key instanceof java.security.interfaces.RSAKey rsaKey
                && !rsa.getModulus().equals(rsaKey.getModulus())) {
            throw new IOException("the private key does not match the certificate's public key");
        }
    }

    private static boolean sameType(String a, String b) {
        return a.equals(b) || (isEdwards(a) && isEdwards(b));
    }

    private static boolean isEdwards(String algorithm) {
        return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
    }
}
