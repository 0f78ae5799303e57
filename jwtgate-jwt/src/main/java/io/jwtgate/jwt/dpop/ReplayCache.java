package io.jwtgate.jwt.dpop;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proofs' {@code jti} seen within their lifetime, per middleware (RFC 9449 section 11.1). Bounded:
 * when full of live entries a new proof is refused (fail closed) rather than an old entry evicted,
 * since eviction would reopen a replay window. Replicas do not share it: behind a load balancer, a
 * proof replayed to another replica within {@code proofMaxAge} is not detected (docs).
 */
final class ReplayCache {

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final int maxEntries;

    ReplayCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    enum Result { FRESH, REPLAYED, FULL }

    Result remember(String key, long expiresMillis, long nowMillis) {
        if (expiries.size() >= maxEntries) {
            purge(nowMillis);
            if (expiries.size() >= maxEntries) {
                return Result.FULL;
            }
        }
        Long previous = expiries.putIfAbsent(key, expiresMillis);
        if (previous == null) {
            return Result.FRESH;
        }
        if (previous <= nowMillis && expiries.replace(key, previous, expiresMillis)) {
            return Result.FRESH; // expired entry not purged yet: its proof could not pass the iat check anyway
        }
        return Result.REPLAYED;
    }

    private synchronized void purge(long nowMillis) {
        for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) {
            if (it.next() <= nowMillis) {
                it.remove();
            }
        }
    }

    int size() {
        return expiries.size();
    }
}
