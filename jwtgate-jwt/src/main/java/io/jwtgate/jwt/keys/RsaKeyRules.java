package io.jwtgate.jwt.keys;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;

/** Load-time checks on RSA public keys (attacks #10): size, exponent, ROCA. */
public final class RsaKeyRules {

    /** Smallest modulus accepted (decision 8). */
    public static final int MIN_BITS = 2048;

    private RsaKeyRules() {}

    /** Returns why the key is unacceptable, or null when it is fine. */
    public static String problem(RSAPublicKey key) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS) {
            return "RSA key of " + bits + " bits is shorter than the minimum of " + MIN_BITS;
        }
        BigInteger e = key.getPublicExponent();
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            return "RSA public exponent must be odd and at least 3";
        }
        if (RocaCheck.isVulnerable(key.getModulus())) {
            return "RSA key has the ROCA weakness (CVE-2017-15361)";
        }
        return null;
    }
}
