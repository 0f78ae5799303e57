package io.jwtgate.jwt.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** Turns JCA public keys into typed {@link VerificationKey}s, applying the load-time key rules. */
public final class JcaKeys {

    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JcaKeys() {}

    /** @throws IllegalArgumentException naming why the key cannot be used */
    public static VerificationKey toVerificationKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            String problem = RsaKeyRules.problem(rsa);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return new VerificationKey.Rsa(rsa);
        }
        if (key instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC key on an unsupported curve (P-256, P-384 and P-521 are supported)");
            }
            return new VerificationKey.Ec(ec, curve);
        }
        if (key instanceof EdECPublicKey ed) {
            if (!"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
                throw new IllegalArgumentException("EdDSA key on " + ed.getParams().getName() + " (only Ed25519 is supported)");
            }
            return new VerificationKey.Ed25519(ed);
        }
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }

    /** Builds an Ed25519 key from its 32-byte public value (JWK {@code x}). */
    public static VerificationKey ed25519(byte[] x) {
        if (x.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + x.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        try {
            return new VerificationKey.Ed25519(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key: " + e.getMessage(), e);
        }
    }
}
