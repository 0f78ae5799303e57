package io.jwtgate.jwt;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A point-in-time view of one key set, for metrics and the admin API. Immutable.
 *
 * @param kind              where the keys come from
 * @param source            the URL last fetched (or configured / discovered), or the file path
 * @param issuer            the issuer this set is bound to (a {@code trustedIssuers} entry or {@code oidcIssuer}), or null
 * @param kids              key ids of the current keys, sorted ("(no kid)" for keys without one)
 * @param keyCount          number of usable keys
 * @param lastSuccess       when the current keys were fetched or loaded; null before the first success
 * @param freshUntil        when the current keys expire (stale after that); null for files and before the first success
 * @param lastError         the most recent failure, or null when none happened yet
 * @param successes         successful fetches (or file loads)
 * @param failures          failed fetches by cause (every cause present, zero included)
 * @param forcedRefreshes   refetches started because a token carried an unknown {@code kid}
 * @param skippedByCooldown unknown-{@code kid} tokens answered without a fetch because of the cooldown
 * @param servingStale      keys past their lifetime are being served because refreshes fail
 * @param droppedKeys       keys refused in the last successful fetch, one log-safe line each
 */
public record KeySetStatus(
        Kind kind,
        String source,
        String issuer,
        Set<String> kids,
        int keyCount,
        Instant lastSuccess,
        Instant freshUntil,
        LastError lastError,
        long successes,
        Map<FetchFailure, Long> failures,
        long forcedRefreshes,
        long skippedByCooldown,
        boolean servingStale,
        List<String> droppedKeys) {

    /** Where the keys come from. */
    public enum Kind { JWKS_URL, OIDC_DISCOVERY, JWKS_FILE }

    /** The most recent failure: its category, a log-safe message, and when it happened. */
    public record LastError(FetchFailure cause, String message, Instant at) {}

    public KeySetStatus {
        kids = Set.copyOf(kids);
        failures = Map.copyOf(new EnumMap<>(failures));
        droppedKeys = List.copyOf(droppedKeys);
    }

    /** Kids in sorted order (the record keeps an unmodifiable copy). */
    public List<String> sortedKids() {
        return kids.stream().sorted().toList();
    }

    public long failuresTotal() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failures(FetchFailure cause) {
        return failures.getOrDefault(cause, 0L);
    }
}
