package io.jwtgate.bench;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.keys.JcaKeys;
import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A key pair (or HMAC secret) per algorithm and a signer producing compact JWS, with the JDK's providers. */
public final class BenchKeys {

    public static final byte[] SECRET = "a-benchmark-secret-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII);

    private final JwsAlgorithm alg;
    private final KeyPair pair;

    public BenchKeys(JwsAlgorithm alg) throws GeneralSecurityException {
        this.alg = alg;
        this.pair = switch (alg.family()) {
            case HMAC -> null;
            case RSA, RSA_PSS -> generate("RSA", null, 2048);
            case ECDSA -> generate("EC", new ECGenParameterSpec(alg == JwsAlgorithm.ES256 ? "secp256r1"
                    : alg == JwsAlgorithm.ES384 ? "secp384r1" : "secp521r1"), 0);
            case EDDSA -> generate("Ed25519", null, 0);
        };
    }

    private static KeyPair generate(String type, ECGenParameterSpec spec, int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(type);
        if (spec != null) {
            g.initialize(spec);
        } else if (bits > 0) {
            g.initialize(bits);
        }
        return g.generateKeyPair();
    }

    public JwsAlgorithm alg() {
        return alg;
    }

    public KeyPair pair() {
        return pair;
    }

    public VerificationKey verificationKey() {
        return pair == null ? new VerificationKey.Hmac(SECRET) : JcaKeys.toVerificationKey(pair.getPublic());
    }

    /** The public key as PEM (the {@code publicKey} option), or null for HMAC. */
    public String publicKeyPem() {
        return pair == null ? null : "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A compact JWS with this payload (JSON text). */
    public String sign(String payloadJson) throws GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(("{\"alg\":\"" + alg.name() + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] data = input.getBytes(StandardCharsets.US_ASCII);
        byte[] sig;
        if (pair == null) {
            Mac mac = Mac.getInstance(alg.jcaName());
            mac.init(new SecretKeySpec(SECRET, alg.jcaName()));
            sig = mac.doFinal(data);
        } else {
            Signature s = Signature.getInstance(alg.jcaName());
            s.initSign(pair.getPrivate());
            if (alg.family() == AlgorithmFamily.RSA_PSS) {
                s.setParameter(new PSSParameterSpec(alg.hashName(), "MGF1", new MGF1ParameterSpec(alg.hashName()), alg.hashLength(), 1));
            }
            s.update(data);
            sig = s.sign();
        }
        return input + "." + b64.encodeToString(sig);
    }

    /** A realistic access-token payload, distinct per {@code n}, expiring in an hour. */
    public static String payload(int n) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"https://idp.example.com/\",\"sub\":\"user-" + n + "\",\"aud\":\"api\",\"iat\":" + now
                + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600) + ",\"scope\":\"read write\",\"grp\":[\"dev\",\"ops\"]}";
    }
}
