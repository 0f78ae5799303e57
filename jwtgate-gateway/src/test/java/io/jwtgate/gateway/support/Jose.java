package io.jwtgate.gateway.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Crafts tokens and JWKs with plain JCA, independently of the code under test (attackers do not use our library). */
public final class Jose {

    private Jose() {}

    public static final KeyPair RSA = rsa(2048);
    public static final KeyPair RSA_B = rsa(2048);
    public static final KeyPair EC = ec();

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    public static String input(String header, String payload) {
        return b64(header) + "." + b64(payload);
    }

    public static String hmac(byte[] key, String header, String payload) {
        try {
            String input = input(header, payload);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] sig = key.length == 0 ? new byte[32] : mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the usual header {@code {"alg":"HS256","typ":"JWT"}}. */
    public static String hs256(String secret, String payload) {
        return hs256(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
    }

    public static String hs256(String secret, String header, String payload) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), header, payload);
    }

    /** {@code SHA256withRSA}, {@code SHA256withECDSAinP1363Format}, ... */
    public static String sign(String jcaAlgorithm, PrivateKey key, String header, String payload) {
        try {
            String input = input(header, payload);
            Signature s = Signature.getInstance(jcaAlgorithm);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(KeyPair pair, String kid, String payload) {
        String header = kid == null ? "{\"alg\":\"RS256\"}" : "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        return sign("SHA256withRSA", pair.getPrivate(), header, payload);
    }

    public static String ps256(KeyPair pair, String kid, String payload) {
        try {
            String input = input("{\"alg\":\"PS256\",\"kid\":\"" + kid + "\"}", payload);
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            s.initSign(pair.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String es256(KeyPair pair, String kid, String payload) {
        String header = kid == null ? "{\"alg\":\"ES256\"}" : "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}";
        return sign("SHA256withECDSAinP1363Format", pair.getPrivate(), header, payload);
    }

    public static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(signature);
    }

    public static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    public static String rsaJwk(PublicKey key, String kid, String extra) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"n\":\"" + b64(unsigned(rsa.getModulus()))
                + "\",\"e\":\"" + b64(unsigned(rsa.getPublicExponent())) + "\"" + extra + "}";
    }

    public static String ecJwk(PublicKey key, String kid) {
        ECPublicKey ec = (ECPublicKey) key;
        return ecJwk(kid, pad32(unsigned(ec.getW().getAffineX())), pad32(unsigned(ec.getW().getAffineY())));
    }

    public static String ecJwk(String kid, byte[] x, byte[] y) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"" + b64(x) + "\",\"y\":\"" + b64(y) + "\"}";
    }

    public static String jwks(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    public static byte[] pad32(byte[] bytes) {
        if (bytes.length >= 32) {
            return bytes;
        }
        byte[] out = new byte[32];
        System.arraycopy(bytes, 0, out, 32 - bytes.length, bytes.length);
        return out;
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
