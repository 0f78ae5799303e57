package io.jwtgate.jwt.cache;

import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.JwsAlgorithm;

/**
 * What a successful signature verification established about one token: its parsed payload and the
 * header members that select the key, the key object that verified it, and until when the entry may
 * be used. Time claims and the {@code claims} expression are not part of it: they are checked on
 * every use, by the middleware using it.
 *
 * @param deadlineMillis the entry is unusable from this instant (the token's {@code exp}, or the max TTL)
 * @param weight         estimated bytes held, for the memory bound
 * @param typ            the header's {@code typ}, or null (for {@code requireAccessTokenProfile}, checked per middleware)
 */
public record CachedVerification(JsonValue.JsonObject payload, JwsAlgorithm algorithm, String kid, String issuer,
                                 VerificationKey key, long deadlineMillis, int weight, String typ) {

    public CachedVerification(JsonValue.JsonObject payload, JwsAlgorithm algorithm, String kid, String issuer,
                              VerificationKey key, long deadlineMillis, int weight) {
        this(payload, algorithm, kid, issuer, key, deadlineMillis, weight, null);
    }

    /** Usable only before its deadline, and only while key selection still yields the very key that verified it. */
    public boolean usableWith(VerificationKey currentKey, long nowMillis) {
        return nowMillis < deadlineMillis && currentKey == key;
    }
}
