package io.jwtgate.jwt.crypto;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.token.JwsAlgorithm;

/** The JCA algorithm name of a JWS algorithm in a given provider (BouncyCastle names P1363 ECDSA differently). */
public final class JcaNames {

    private JcaNames() {}

    /** The engine type: {@code Mac} for HMAC, {@code Signature} otherwise. */
    public static String type(JwsAlgorithm alg) {
        return alg.family() == AlgorithmFamily.HMAC ? "Mac" : "Signature";
    }

    public static String name(JwsAlgorithm alg, CryptoProvider provider) {
        if (provider == CryptoProvider.BOUNCYCASTLE && alg.family() == AlgorithmFamily.ECDSA) {
            // BouncyCastle's fixed-length r||s ("plain") encoding is the JOSE / IEEE P1363 form.
            return switch (alg) {
                case ES256 -> "SHA256withPLAIN-ECDSA";
                case ES384 -> "SHA384withPLAIN-ECDSA";
                default -> "SHA512withPLAIN-ECDSA";
            };
        }
        return alg.jcaName();
    }
}
