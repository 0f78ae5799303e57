package io.jwtgate.jwt.verify;

import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a JWS signature with a typed key. Refuses any key/algorithm pair outside the key's family
 * (decision 8) before touching JCA. JCA {@link Mac}/{@link Signature} objects are not thread-safe,
 * so each thread keeps its own instance per algorithm.
 */
public final class SignatureVerifier {

    private static final ThreadLocal<Map<JwsAlgorithm, Object>> ENGINES = ThreadLocal.withInitial(() -> new EnumMap<>(JwsAlgorithm.class));

    private SignatureVerifier() {}

    /** True only for a valid signature; every malformed input yields false, never an exception. */
    public static boolean verify(JwsAlgorithm alg, VerificationKey key, byte[] signingInput, byte[] signature) {
        if (!key.supports(alg)) {
            return false;
        }
        try {
            return switch (key) {
                case VerificationKey.Hmac hmac -> verifyHmac(alg, hmac, signingInput, signature);
                case VerificationKey.Rsa rsa -> {
                    // RSA signatures have exactly the modulus length (RFC 8017 section 8.2.2 step 1).
                    if (signature.length != (rsa.key().getModulus().bitLength() + 7) / 8) {
                        yield false;
                    }
                    Signature engine = signature(alg);
                    engine.initVerify(rsa.key());
                    if (alg.family() == JwsAlgorithm.Family.RSA_PSS) {
                        // RFC 7518 section 3.5: MGF1 with the same hash, salt length = hash length.
                        engine.setParameter(new PSSParameterSpec(alg.hashName(), "MGF1",
                                new MGF1ParameterSpec(alg.hashName()), alg.hashLength(), 1));
                    }
                    engine.update(signingInput);
                    yield engine.verify(signature);
                }
                case VerificationKey.Ec ec -> {
                    if (!validP1363(signature, ec)) {
                        yield false;
                    }
                    Signature engine = signature(alg);
                    engine.initVerify(ec.key());
                    engine.update(signingInput);
                    yield engine.verify(signature);
                }
                case VerificationKey.Ed25519 ed -> {
                    if (signature.length != 64) {
                        yield false;
                    }
                    Signature engine = signature(alg);
                    engine.initVerify(ed.key());
                    engine.update(signingInput);
                    yield engine.verify(signature);
                }
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean verifyHmac(JwsAlgorithm alg, VerificationKey.Hmac key, byte[] input, byte[] signature)
            throws GeneralSecurityException {
        byte[] secret = key.secretUnsafe();
        if (secret.length == 0) {
            return false; // an empty key is no key (attacks #4: kid pointing at /dev/null)
        }
        Mac mac = (Mac) ENGINES.get().get(alg);
        if (mac == null) {
            mac = Mac.getInstance(alg.jcaName());
            ENGINES.get().put(alg, mac);
        }
        mac.init(new SecretKeySpec(secret, alg.jcaName()));
        byte[] expected = mac.doFinal(input);
        // Constant-time comparison (attacks #27); the lengths are public.
        return MessageDigest.isEqual(expected, signature);
    }

    /**
     * ECDSA in JOSE is the fixed-length r||s form (RFC 7518 section 3.4): refuse DER and wrong lengths
     * (attacks #9), and r or s outside [1, n-1] (CVE-2022-21449, attacks #8) before JCA sees them.
     */
    private static boolean validP1363(byte[] signature, VerificationKey.Ec ec) {
        int half = ec.curve().coordinateLength();
        if (signature.length != 2 * half) {
            return false;
        }
        BigInteger n = ec.curve().spec().getOrder();
        BigInteger r = new BigInteger(1, signature, 0, half);
        BigInteger s = new BigInteger(1, signature, half, half);
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
    }

    private static Signature signature(JwsAlgorithm alg) throws GeneralSecurityException {
        Map<JwsAlgorithm, Object> engines = ENGINES.get();
        Signature engine = (Signature) engines.get(alg);
        if (engine == null) {
            engine = Signature.getInstance(alg.jcaName());
            engines.put(alg, engine);
        }
        return engine;
    }
}
