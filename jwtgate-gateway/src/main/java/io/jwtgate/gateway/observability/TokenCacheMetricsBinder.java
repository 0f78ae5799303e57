package io.jwtgate.gateway.observability;

import io.jwtgate.jwt.cache.VerifiedTokenCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The process's verified-token cache: {@code jwtgate_jwt_token_cache_lookups_total{result=hit|miss}},
 * {@code jwtgate_jwt_token_cache_hit_ratio}, {@code jwtgate_jwt_token_cache_entries} and
 * {@code jwtgate_jwt_token_cache_bytes} (estimated). Read when scraped; the request path only bumps
 * the cache's own adders. Bound once: the cache lives as long as the process.
 */
public final class TokenCacheMetricsBinder {

    private TokenCacheMetricsBinder() {}

    /** Does nothing when the cache is off. */
    public static void bind(MeterRegistry registry, VerifiedTokenCache cache) {
        if (cache == null) {
            return;
        }
        FunctionCounter.builder("jwtgate.jwt.token.cache.lookups", cache, VerifiedTokenCache::hits)
                .description("Verified-token cache lookups by result").tags("result", "hit").register(registry);
        FunctionCounter.builder("jwtgate.jwt.token.cache.lookups", cache, VerifiedTokenCache::misses)
                .description("Verified-token cache lookups by result").tags("result", "miss").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.hit.ratio", cache, VerifiedTokenCache::hitRatio)
                .description("Hits / lookups of the verified-token cache since start").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.entries", cache, VerifiedTokenCache::size)
                .description("Tokens held by the verified-token cache").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.bytes", cache, VerifiedTokenCache::weightedSize)
                .description("Estimated heap held by the verified-token cache").baseUnit("bytes").register(registry);
    }
}
