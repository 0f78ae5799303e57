package io.jwtgate.gateway.middleware.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The nonces a {@code digestAuth} middleware has issued and the last nonce count seen with each,
 * as go-http-auth keeps them for Traefik: every challenge issues a new nonce (12 random bytes,
 * base64); a nonce stays valid until it is evicted; when more than {@code size + tolerance} are
 * remembered, the {@code 2 * tolerance} least recently used are forgotten before a new one is
 * issued (go-http-auth's ClientCacheSize 1000 and ClientCacheTolerance 100).
 *
 * <p>A count equal to the last one is a replay (refused); a lower one is an out-of-order request
 * (refused as stale, so that the client retries with a fresh nonce without asking the user again).
 * Unlike go-http-auth, the first use is remembered even when its count is 0, so that
 * {@code nc=00000000} cannot be replayed either. Shared by the event loops: methods are synchronized.
 */
final class DigestNonces {

    static final int CACHE_SIZE = 1000;
    static final int CACHE_TOLERANCE = 100;

    /** What a nonce count says about a request. */
    enum Use { ACCEPTED, UNKNOWN_NONCE, REPLAYED, STALE }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int size;
    private final int tolerance;
    /** Nonce to last count (null: none yet), least recently used first: issuing or a successful use puts a nonce last. */
    private final LinkedHashMap<String, Long> counts = new LinkedHashMap<>();

    DigestNonces(int size, int tolerance) {
        this.size = size;
        this.tolerance = tolerance;
    }

    /** A random value of go-http-auth's form (also used for the opaque value). */
    static String randomKey() {
        byte[] key = new byte[12];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A new nonce for a challenge, remembered with no count seen yet. */
    synchronized String issue() {
        if (counts.size() > size + tolerance) {
            Iterator<String> oldest = counts.keySet().iterator();
            for (int i = 0; i < 2 * tolerance && oldest.hasNext(); i++) {
                oldest.next();
                oldest.remove();
            }
        }
        String nonce = randomKey();
        counts.put(nonce, null);
        return nonce;
    }

    /** Records {@code count} (unsigned) for {@code nonce} if it is newer than the last one; called once the response hash matched. */
    synchronized Use use(String nonce, long count) {
        if (!counts.containsKey(nonce)) {
            return Use.UNKNOWN_NONCE;
        }
        Long last = counts.get(nonce);
        if (last != null) {
            int order = Long.compareUnsigned(count, last);
            if (order == 0) {
                return Use.REPLAYED;
            }
            if (order < 0) {
                return Use.STALE;
            }
        }
        counts.remove(nonce); // re-inserted last: the most recently used
        counts.put(nonce, count);
        return Use.ACCEPTED;
    }

    synchronized int remembered() {
        return counts.size();
    }
}
