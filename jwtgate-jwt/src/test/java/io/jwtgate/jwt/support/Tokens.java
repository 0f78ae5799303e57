package io.jwtgate.jwt.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds test tokens: with Nimbus signers (an independent implementation) or from raw JSON text. */
public final class Tokens {

    private Tokens() {}

    public static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    /** Signs with Nimbus. */
    public static String nimbus(JWSSigner signer, JWSAlgorithm alg, String kid, String payloadJson) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(kid).build(), new Payload(payloadJson));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC over raw header/payload JSON, any secret length (Nimbus refuses secrets shorter than the hash). */
    public static String hmac(String jcaAlg, byte[] secret, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(mac(jcaAlg, secret, input));
    }

    public static String hs256(String secret, String payloadJson) {
        return hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson);
    }

    public static byte[] mac(String jcaAlg, byte[] secret, String input) {
        try {
            Mac mac = Mac.getInstance(jcaAlg);
            mac.init(new SecretKeySpec(secret, jcaAlg));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** JCA signature over raw header/payload JSON (e.g. "SHA256withRSA", "Ed25519", "SHA256withECDSAinP1363Format"). */
    public static String jca(String jcaAlg, PrivateKey key, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Signature s = Signature.getInstance(jcaAlg);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same token with another signature segment. */
    public static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(signature);
    }
}
