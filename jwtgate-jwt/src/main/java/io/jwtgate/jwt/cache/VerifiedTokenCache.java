package io.jwtgate.jwt.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jwtgate.jwt.TokenCacheStats;
import io.jwtgate.jwt.config.TokenCacheSettings;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens whose signature has been verified, shared by every JWT middleware of the process and keyed
 * by {@link TokenDigest}. Bounded by entries and memory (one weight bound: each entry weighs at least
 * {@code maxBytes / maxEntries}), expiring at the token's {@code exp} or the max TTL. An entry is used
 * only when the middleware's own key selection yields the very key object that verified it, so a key
 * dropped or rotated out of a key set (new objects on every change) invalidates its entries on their
 * next use, and a middleware never benefits from another's keys.
 */
public final class VerifiedTokenCache implements TokenCacheStats {

    private final TokenCacheSettings settings;
    private final Cache<TokenDigest, CachedVerification> cache;
    private final int weightFloor;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public VerifiedTokenCache(TokenCacheSettings settings, Clock clock) {
        this.settings = settings;
        this.weightFloor = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.maxBytes() / settings.maxEntries()));
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((TokenDigest k, CachedVerification v) -> v.weight())
                .expireAfter(new Expiry<TokenDigest, CachedVerification>() {
                    @Override
                    public long expireAfterCreate(TokenDigest key, CachedVerification value, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.deadlineMillis() - clock.millis()));
                    }

                    @Override
                    public long expireAfterUpdate(TokenDigest key, CachedVerification value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(TokenDigest key, CachedVerification value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Upkeep (draining the read buffers, evictions) on the thread that read or wrote: by default Caffeine hands it
                // to the common ForkJoinPool, and an event loop woke a pool thread each time a read buffer filled (3 % of a
                // cached-token profile, docs/benchmarks.md "Header bytes"); the upkeep itself is short and never blocks on a read.
                .executor(Runnable::run)
                .build();
    }

    public TokenCacheSettings settings() {
        return settings;
    }

    /** The minimum weight of an entry (see {@link CacheExpiry#weight}). */
    public int weightFloor() {
        return weightFloor;
    }

    /** The entry, or null; the caller still checks {@link CachedVerification#usableWith} and records the outcome. */
    public CachedVerification lookup(TokenDigest digest) {
        return cache.getIfPresent(digest);
    }

    public void put(TokenDigest digest, CachedVerification entry) {
        cache.put(digest, entry);
    }

    public void invalidate(TokenDigest digest) {
        cache.invalidate(digest);
    }

    public void recordHit() {
        hits.increment();
    }

    public void recordMiss() {
        misses.increment();
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        return misses.sum();
    }

    /** Hits / (hits + misses), 0 before any lookup. */
    @Override
    public double hitRatio() {
        long h = hits.sum();
        long total = h + misses.sum();
        return total == 0 ? 0 : (double) h / total;
    }

    /** Entries currently held (after pending maintenance). */
    @Override
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Sum of the weights of the entries (estimated bytes). */
    @Override
    public long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }
}
