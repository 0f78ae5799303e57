package io.jwtgate.jwt.config;

import java.time.Duration;

/**
 * The verified-token cache of the process (static configuration {@code jwt.tokenCache}).
 *
 * @param enabled    off: every request verifies its signature
 * @param maxEntries at most this many tokens
 * @param maxBytes   at most about this much heap (entries are weighed, see {@link CacheExpiry#weight})
 * @param maxTtl     the longest an entry lives (tokens without {@code exp} live exactly this long)
 */
public record TokenCacheSettings(boolean enabled, int maxEntries, long maxBytes, Duration maxTtl) {

    public static final TokenCacheSettings DEFAULTS = new TokenCacheSettings(true, 100_000, 64L << 20, Duration.ofMinutes(5));
    public static final TokenCacheSettings OFF = new TokenCacheSettings(false, 0, 0, Duration.ZERO);

    public TokenCacheSettings {
        if (enabled) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1");
            }
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("maxBytes must be at least 1024");
            }
            if (maxTtl == null || maxTtl.isNegative() || maxTtl.isZero()) {
                throw new IllegalArgumentException("maxTtl must be positive");
            }
        }
    }
}
