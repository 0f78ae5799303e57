package io.jwtgate.gateway.cli;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs development tokens with plain JCA, for {@code jwtgate token}: any secret length (the
 * guide's own secret is 17 bytes, which stricter libraries refuse) and every algorithm the
 * middleware verifies. Private keys are PKCS#8 PEM ({@code openssl pkcs8 -topk8 -nocrypt} converts others).
 */
final class TokenSigner {

    private TokenSigner() {}

    static String sign(String alg, byte[] secret, PrivateKey key, String headerJson, String payloadJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] data = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature;
        if (alg.startsWith("HS")) {
            String jca = "HmacSHA" + alg.substring(2);
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(secret, jca));
            signature = mac.doFinal(data);
        } else {
            Signature s = signature(alg);
            s.initSign(key);
            s.update(data);
            signature = s.sign();
        }
        return input + "." + b64.encodeToString(signature);
    }

    private static Signature signature(String alg) throws Exception {
        String bits = alg.substring(2);
        return switch (alg.substring(0, 2)) {
            case "RS" -> Signature.getInstance("SHA" + bits + "withRSA");
            case "PS" -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                int hash = Integer.parseInt(bits);
                s.setParameter(new PSSParameterSpec("SHA-" + hash, "MGF1", new MGF1ParameterSpec("SHA-" + hash), hash / 8, 1));
                yield s;
            }
            case "ES" -> Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
            case "Ed" -> Signature.getInstance("Ed25519");
            default -> throw new IllegalArgumentException("unsupported algorithm " + alg);
        };
    }

    /** Reads a PKCS#8 PEM private key of any type the algorithms need. */
    static PrivateKey privateKey(String pem, String alg) throws Exception {
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException("the key must be PKCS#8 PEM (BEGIN PRIVATE KEY); convert it with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        String type = switch (alg.substring(0, 2)) {
            case "RS", "PS" -> "RSA";
            case "ES" -> "EC";
            default -> "Ed25519";
        };
        return KeyFactory.getInstance(type).generatePrivate(spec);
    }
}
