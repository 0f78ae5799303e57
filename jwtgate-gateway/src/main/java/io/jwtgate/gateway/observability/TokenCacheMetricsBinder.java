package io.jwtgate.gateway.observability;

import io.jwtgate.jwt.TokenCacheStats;
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

    /** Does nothing when the cache is off (empty). */
    public static void bind(MeterRegistry registry, java.util.Optional<TokenCacheStats> stats) {
        if (stats.isEmpty()) {
            return;
        }
        TokenCacheStats cache = stats.get();
        FunctionCounter.builder("jwtgate.jwt.token.cache.lookups", cache, TokenCacheStats::hits)
                .description("Verified-token cache lookups by result").tags("result", "hit").register(registry);
        FunctionCounter.builder("jwtgate.jwt.token.cache.lookups", cache, TokenCacheStats::misses)
                .description("Verified-token cache lookups by result").tags("result", "miss").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.hit.ratio", cache, TokenCacheStats::hitRatio)
                .description("Hits / lookups of the verified-token cache since start").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.entries", cache, TokenCacheStats::size)
                .description("Tokens held by the verified-token cache").register(registry);
        Gauge.builder("jwtgate.jwt.token.cache.bytes", cache, TokenCacheStats::weightedSize)
                .description("Estimated heap held by the verified-token cache").baseUnit("bytes").register(registry);
    }
}
