package io.jwtgate.jwt.keys;

import java.time.Duration;

/**
 * Timing and size limits of key sets (decision 11). Defaults: cache lifetime from the response clamped
 * to [1 min, 24 h], 5 min without cache headers, background refresh at 80 % of the lifetime, one
 * unknown-kid refetch per 30 s, failed fetches retried after 30 s, stale keys served up to 24 h,
 * 512 KiB and 100 keys per set, 32 issuer-derived key sets, files checked every 5 s.
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
        if (minTtl.compareTo(maxTtl) > 0 || refreshAheadFraction <= 0 || refreshAheadFraction > 1 || maxBytes <= 0 || maxKeys <= 0
                || maxIssuerKeySets <= 0) {
            throw new IllegalArgumentException("inconsistent key set policy");
        }
    }

    /** Clamps a lifetime announced by the server (null: none announced). */
    public Duration clampTtl(Duration announced) {
        if (announced == null) {
            return defaultTtl;
        }
        if (announced.compareTo(minTtl) < 0) {
            return minTtl;
        }
        return announced.compareTo(maxTtl) > 0 ? maxTtl : announced;
    }
}
