package io.jwtgate.jwt.config;

import io.jwtgate.jwt.config.KeySetOptions;
import java.time.Duration;

/**
 * Timing and size limits of key sets (decision 11). Defaults: cache lifetime from the response clamped
 * to [1 min, 24 h], 5 min without cache headers, background refresh at 80 % of the lifetime, one
 * unknown-kid refetch per 30 s, a failed fetch retried after 30 s ({@code failureCooldown}), expired
 * keys served up to 24 h after their expiry while fetches fail ({@code staleLimit}), 512 KiB and 100
 * keys per set, 32 issuer-derived key sets, files checked every 5 s. Per middleware, the
 * {@code keySetPolicy} option block overrides some of them ({@link KeySetOptions}).
 */
public record KeySetPolicy(
        Duration minTtl,
        Duration maxTtl,
        Duration defaultTtl,
        double refreshAheadFraction,
        Duration unknownKidCooldown,
        Duration failureCooldown,
        Duration staleLimit,
        int maxBytes,
        int maxKeys,
        int maxIssuerKeySets,
        Duration fileCheckInterval,
        Duration retryBaseDelay,
        Duration retryMaxDelay) {

    public static KeySetPolicy defaults() {
        return new KeySetPolicy(Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofMinutes(5), 0.8,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(24), 512 * 1024, 100, 32,
                Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    public KeySetPolicy {
        if (minTtl.isNegative() || minTtl.compareTo(maxTtl) > 0 || defaultTtl.isNegative() || refreshAheadFraction <= 0
                || refreshAheadFraction > 1 || unknownKidCooldown.isNegative() || failureCooldown.isNegative()
                || staleLimit.isNegative() || maxBytes <= 0 || maxKeys <= 0 || maxIssuerKeySets <= 0) {
            throw new IllegalArgumentException("inconsistent key set policy");
        }
    }

    /** Clamps a lifetime announced by the server (null: none announced, the default applies, clamped too). */
    public Duration clampTtl(Duration announced) {
        Duration d = announced == null ? defaultTtl : announced;
        if (d.compareTo(minTtl) < 0) {
            return minTtl;
        }
        return d.compareTo(maxTtl) > 0 ? maxTtl : d;
    }

    public KeySetPolicy withTtls(Duration min, Duration max, Duration dflt) {
        return new KeySetPolicy(min, max, dflt, refreshAheadFraction, unknownKidCooldown, failureCooldown, staleLimit, maxBytes, maxKeys,
                maxIssuerKeySets, fileCheckInterval, retryBaseDelay, retryMaxDelay);
    }

    public KeySetPolicy withTimings(Duration cooldown, Duration retryInterval, Duration stale) {
        return new KeySetPolicy(minTtl, maxTtl, defaultTtl, refreshAheadFraction, cooldown, retryInterval, stale, maxBytes, maxKeys,
                maxIssuerKeySets, fileCheckInterval, retryBaseDelay, retryMaxDelay);
    }

    public KeySetPolicy withLimits(int bytes, int keys) {
        return new KeySetPolicy(minTtl, maxTtl, defaultTtl, refreshAheadFraction, unknownKidCooldown, failureCooldown, staleLimit, bytes, keys,
                maxIssuerKeySets, fileCheckInterval, retryBaseDelay, retryMaxDelay);
    }
}
