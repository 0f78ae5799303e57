package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.token.JwsAlgorithm;
import java.util.Set;

/**
 * One key of a key set with the JWK members that restrict its use.
 *
 * @param kid    the JWK {@code kid}, or null
 * @param key    the typed key
 * @param alg    the JWK {@code alg}, or null when absent
 * @param use    the JWK {@code use}, or null when absent
 * @param keyOps the JWK {@code key_ops}, or null when absent
 */
public record KeyEntry(String kid, VerificationKey key, String alg, String use, Set<String> keyOps) {

    public KeyEntry {
        keyOps = keyOps == null ? null : Set.copyOf(keyOps);
    }

    /** A key without JWK restrictions (publicKey, signingSecret). */
    public static KeyEntry unrestricted(VerificationKey key) {
        return new KeyEntry(null, key, null, null, null);
    }

    /**
     * Whether this key may verify a token with {@code alg}: right type and curve, JWK {@code alg}
     * equal when present, {@code use} is {@code sig} when present, {@code key_ops} has {@code verify}
     * when present (attacks #3).
     */
    public boolean fits(JwsAlgorithm algorithm) {
        return key.supports(algorithm)
                && (alg == null || alg.equals(algorithm.name()))
                && (use == null || use.equals("sig"))
                && (keyOps == null || keyOps.contains("verify"));
    }
}
