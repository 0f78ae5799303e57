package io.jwtgate.jwt.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Key pairs generated once per test JVM (RSA generation is slow). */
public final class TestKeys {

    public static final KeyPair RSA_2048 = rsa(2048);
    public static final KeyPair RSA_2048_B = rsa(2048);
    public static final KeyPair EC_P256 = ec("secp256r1");
    public static final KeyPair EC_P384 = ec("secp384r1");
    public static final KeyPair EC_P521 = ec("secp521r1");
    public static final KeyPair ED25519 = ed25519();

    private TestKeys() {}

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM "PUBLIC KEY" (PKIX) of a key. */
    public static String pem(java.security.PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
