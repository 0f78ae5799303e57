package io.jwtgate.jwt.verify;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.crypto.CryptoEngines;
import io.jwtgate.jwt.crypto.EngineSlot;
import io.jwtgate.jwt.crypto.PrecomputedHmac;
import io.jwtgate.jwt.keys.EcCurve;
import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a JWS signature with a typed key. Refuses any key/algorithm pair outside the key's family
 * (decision 8) and malformed signatures (RSA length, P1363 length and range) before touching JCA,
 * whatever the provider. The provider per algorithm comes from {@link CryptoEngines}.
 */
public final class SignatureVerifier {

    private static final class Default {
        static final SignatureVerifier INSTANCE = new SignatureVerifier(CryptoEngines.create(CryptoSettings.AUTO));
    }

    /** Each curve's order n as a big-endian number of exactly the coordinate length. */
    private static final Map<EcCurve, byte[]> ORDERS = new EnumMap<>(EcCurve.class);

    static {
        for (EcCurve curve : EcCurve.values()) {
            byte[] raw = curve.spec().getOrder().toByteArray();
            byte[] fixed = new byte[curve.coordinateLength()];
            int len = Math.min(raw.length, fixed.length);
            System.arraycopy(raw, raw.length - len, fixed, fixed.length - len, len);
            ORDERS.put(curve, fixed);
        }
    }

    private final CryptoEngines engines;

    public SignatureVerifier(CryptoEngines engines) {
        this.engines = engines;
    }

    /** The verifier with automatically chosen providers (fastest available). */
    public static SignatureVerifier defaults() {
        return Default.INSTANCE;
    }

    public CryptoEngines engines() {
        return engines;
    }

    /** {@link #verifies} with the default providers. */
    public static boolean verify(JwsAlgorithm alg, VerificationKey key, byte[] signingInput, byte[] signature) {
        return Default.INSTANCE.verifies(alg, key, signingInput, signature);
    }

    /** True only for a valid signature; every malformed input yields false, never an exception. */
    public boolean verifies(JwsAlgorithm alg, VerificationKey key, byte[] signingInput, byte[] signature) {
        if (!key.supports(alg)) {
            return false;
        }
        EngineSlot slot = null;
        try {
            boolean ok = switch (key) {
                case VerificationKey.Hmac hmac -> {
                    slot = engines.slot(alg);
                    yield verifyHmac(alg, hmac, slot, signingInput, signature);
                }
                case VerificationKey.Rsa rsa -> {
                    // RSA signatures have exactly the modulus length (RFC 8017 section 8.2.2 step 1).
                    if (signature.length != (rsa.key().getModulus().bitLength() + 7) / 8) {
                        yield false;
                    }
                    slot = engines.slot(alg);
                    yield verifySignature(alg, rsa, rsa.key(), slot, signingInput, signature);
                }
                case VerificationKey.Ec ec -> {
                    if (!validP1363(signature, ec)) {
                        yield false;
                    }
                    slot = engines.slot(alg);
                    yield verifySignature(alg, ec, ec.key(), slot, signingInput, signature);
                }
                case VerificationKey.Ed25519 ed -> {
                    if (signature.length != 64) {
                        yield false;
                    }
                    slot = engines.slot(alg);
                    yield verifySignature(alg, ed, ed.key(), slot, signingInput, signature);
                }
            };
            return ok;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (slot != null) {
                slot.key = null;
            }
            return false;
        }
    }

    private static boolean verifySignature(JwsAlgorithm alg, VerificationKey key, java.security.PublicKey jcaKey, EngineSlot slot,
                                           byte[] input, byte[] signature) throws GeneralSecurityException {
        Signature engine = (Signature) slot.engine;
        if (slot.key != key) {
            slot.key = null;
            engine.initVerify(jcaKey);
            if (alg.family() == AlgorithmFamily.RSA_PSS) {
                // RFC 7518 section 3.5: MGF1 with the same hash, salt length = hash length.
                engine.setParameter(new PSSParameterSpec(alg.hashName(), "MGF1",
                        new MGF1ParameterSpec(alg.hashName()), alg.hashLength(), 1));
            }
        } else {
            slot.key = null; // in flight: an exception leaves the engine to be initialised again
        }
        engine.update(input);
        boolean ok = engine.verify(signature);
        slot.key = key;
        return ok;
    }

    private static boolean verifyHmac(JwsAlgorithm alg, VerificationKey.Hmac key, EngineSlot slot, byte[] input, byte[] signature)
            throws GeneralSecurityException {
        byte[] secret = key.secretUnsafe();
        if (secret.length == 0) {
            return false; // an empty key is no key (attacks #4: kid pointing at /dev/null)
        }
        boolean ready = slot.key == key;
        slot.key = null;
        byte[] expected = slot.buffer;
        if (slot.engine instanceof PrecomputedHmac hmac) {
            if (!ready) {
                hmac.init(secret);
            }
            hmac.mac(input, expected);
        } else {
            Mac mac = (Mac) slot.engine;
            if (!ready) {
                mac.init(new SecretKeySpec(secret, alg.jcaName()));
            }
            mac.update(input);
            mac.doFinal(expected, 0);
        }
        slot.key = key;
        // Constant-time comparison (attacks #27); the lengths are public.
        boolean ok = MessageDigest.isEqual(expected, signature);
        Arrays.fill(expected, (byte) 0);
        return ok;
    }

    /**
     * ECDSA in JOSE is the fixed-length r||s form (RFC 7518 section 3.4): refuse DER and wrong lengths
     * (attacks #9), and r or s outside [1, n-1] (CVE-2022-21449, attacks #8) before JCA sees them.
     */
    static boolean validP1363(byte[] signature, VerificationKey.Ec ec) {
        int half = ec.curve().coordinateLength();
        if (signature.length != 2 * half) {
            return false;
        }
        byte[] n = ORDERS.get(ec.curve());
        return inRange(signature, 0, half, n) && inRange(signature, half, half, n);
    }

    /** 1 <= value < n for a big-endian value of {@code len} bytes at {@code off}. */
    private static boolean inRange(byte[] b, int off, int len, byte[] n) {
        boolean zero = true;
        for (int i = 0; i < len; i++) {
            if (b[off + i] != 0) {
                zero = false;
                break;
            }
        }
        return !zero && Arrays.compareUnsigned(b, off, off + len, n, 0, len) < 0;
    }
}
