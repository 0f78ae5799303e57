package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A typed verification key. The type decides which algorithms it may verify (decision 8), so an
 * RSA public key can never be used as an HMAC secret, whatever the token header says.
 */
public sealed interface VerificationKey {

    /** True when this key may verify tokens signed with {@code alg}. */
    boolean supports(JwsAlgorithm alg);

    /** A shared HMAC secret: HS256/384/512 only. */
    record Hmac(byte[] secret) implements VerificationKey {
        public Hmac {
            secret = secret.clone();
        }

        @Override
        public boolean supports(JwsAlgorithm alg) {
            return alg.family() == AlgorithmFamily.HMAC;
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /** Internal fast access without a copy; callers must not modify the array. */
        public byte[] secretUnsafe() {
            return secret;
        }

        @Override
        public String toString() {
            return "Hmac[" + secret.length + " bytes]";
        }
    }

    /** An RSA public key (at least 2048 bits): RS* and PS*. */
    record Rsa(RSAPublicKey key) implements VerificationKey {
        @Override
        public boolean supports(JwsAlgorithm alg) {
            return alg.family() == AlgorithmFamily.RSA || alg.family() == AlgorithmFamily.RSA_PSS;
        }
    }

    /** An EC public key: only the ES algorithm of its curve. */
    record Ec(ECPublicKey key, EcCurve curve) implements VerificationKey {
        @Override
        public boolean supports(JwsAlgorithm alg) {
            return alg == curve.algorithm();
        }
    }

    /** An Ed25519 public key: EdDSA only. */
    record Ed25519(PublicKey key) implements VerificationKey {
        @Override
        public boolean supports(JwsAlgorithm alg) {
            return alg == JwsAlgorithm.EdDSA;
        }
    }
}
