package io.jwtgate.gateway.middleware.circuitbreaker;

import java.util.Arrays;

/**
 * oxy's rolling counter: a window of {@code buckets} slots of {@code resolution} each (the breaker
 * uses 10 of 1 s), aligned on whole resolutions of the clock. A count is the sum over the current
 * slot and the {@code buckets - 1} before it; a slot is zeroed when time comes back to it.
 * Not thread-safe (the breaker holds its lock).
 */
final class RollingCounter {

    private final long resolutionNanos;
    private final long[] counts;
    /** The slot number (time / resolution) each slot's count belongs to. */
    private final long[] slotOf;

    RollingCounter(int buckets, long resolutionNanos) {
        this.resolutionNanos = resolutionNanos;
        this.counts = new long[buckets];
        this.slotOf = new long[buckets];
        Arrays.fill(slotOf, Long.MIN_VALUE);
    }

    void inc(long nowNanos, long by) {
        long slot = Math.floorDiv(nowNanos, resolutionNanos);
        int i = (int) Math.floorMod(slot, (long) counts.length);
        if (slotOf[i] != slot) {
            slotOf[i] = slot;
            counts[i] = 0;
        }
        counts[i] += by;
    }

    long count(long nowNanos) {
        long slot = Math.floorDiv(nowNanos, resolutionNanos);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (slotOf[i] <= slot && slotOf[i] > slot - counts.length) {
                sum += counts[i];
            }
        }
        return sum;
    }

    void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(slotOf, Long.MIN_VALUE);
    }
}
