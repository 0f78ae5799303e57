package io.jwtgate.jwt.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code publicKey} option (decision 8): the first PEM block, which may be
 * {@code PUBLIC KEY} (PKIX, RSA/EC/Ed25519), {@code RSA PUBLIC KEY} (PKCS#1) or {@code CERTIFICATE} (X.509).
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, to wrap a PKCS#1 key as PKIX. */
    private static final byte[] RSA_ALGORITHM_ID = HexFormat.of().parseHex("300d06092a864886f70d0101010500");

    /** One decoded PEM block. */
    public record PemBlock(String type, byte[] der) {}

    private PemKeys() {}

    /** @throws IllegalArgumentException with an operator-readable reason */
    public static VerificationKey parsePublicKey(String pem) {
        List<PemBlock> blocks = blocks(pem);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN PUBLIC KEY-----)");
        }
        PemBlock block = blocks.get(0);
        return JcaKeys.toVerificationKey(switch (block.type()) {
            case "PUBLIC KEY" -> pkix(block.der());
            case "RSA PUBLIC KEY" -> pkix(wrapPkcs1(block.der()));
            case "CERTIFICATE" -> certificates(List.of(block)).get(0).getPublicKey();
            default -> throw new IllegalArgumentException("PEM block " + block.type()
                    + " is not a public key (expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)");
        });
    }

    /** All PEM blocks of a text, in order. */
    public static List<PemBlock> blocks(String pem) {
        List<PemBlock> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        while (m.find()) {
            try {
                out.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + m.group(1) + " has invalid base64", e);
            }
        }
        return out;
    }

    /** Parses every CERTIFICATE block. */
    public static List<X509Certificate> certificates(List<PemBlock> blocks) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : blocks) {
                if (block.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid X.509 certificate: " + e.getMessage(), e);
        }
        return out;
    }

    private static PublicKey pkix(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("PUBLIC KEY block is not an RSA, EC (P-256/384/521) or Ed25519 key");
    }

    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0); // no unused bits
        bitString.writeBytes(pkcs1);
        byte[] bits = der(0x03, bitString.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RSA_ALGORITHM_ID);
        body.writeBytes(bits);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
