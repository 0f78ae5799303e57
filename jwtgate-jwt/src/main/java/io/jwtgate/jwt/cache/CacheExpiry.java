package io.jwtgate.jwt.cache;

import io.jwtgate.jwt.json.JsonValue;
import java.time.Duration;

/** How long a verified token may stay in the cache: never past its {@code exp}, never longer than the max TTL. */
public final class CacheExpiry {

    private CacheExpiry() {}

    /**
     * The instant (ms) from which the entry is unusable, or {@code Long.MIN_VALUE} when the token should not
     * be cached at all (already expired, or an {@code exp} that is not a usable number: the full path decides).
     */
    public static long deadline(JsonValue.JsonObject payload, long nowMillis, Duration maxTtl) {
        long cap = nowMillis + maxTtl.toMillis();
        JsonValue exp = payload.get("exp");
        if (exp == null) {
            return cap;
        }
        if (!(exp instanceof JsonValue.JsonNumber number)) {
            return Long.MIN_VALUE;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(number.literal());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
        if (!Double.isFinite(seconds) || seconds <= 0) {
            return Long.MIN_VALUE;
        }
        long expMillis = seconds * 1000d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(seconds * 1000d);
        long deadline = Math.min(expMillis, cap);
        return deadline <= nowMillis ? Long.MIN_VALUE : deadline;
    }

    /**
     * Estimated bytes of an entry: the parsed payload (~4 bytes of heap per payload byte: strings, maps,
     * records) plus a fixed overhead (digest, entry, cache node), never below {@code floor}, so that
     * {@code maxBytes / floor} bounds the number of entries too.
     */
    public static int weight(int payloadBytes, int floor) {
        long estimate = 256L + 4L * payloadBytes;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(estimate, floor));
    }
}
